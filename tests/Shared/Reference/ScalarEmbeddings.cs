namespace AttnGen.Testing;

/// <summary>The oracle for the embedding blocks, in double precision, straight from their definitions.</summary>
internal static class ScalarEmbeddings
{
    /// <summary>
    /// HuggingFace's <c>BertEmbeddings</c>: token t of each item gets <c>LN(word[id] + position[t] + type[tokenType])</c>,
    /// positions counting from 0 in every item.
    /// </summary>
    /// <param name="inputIds">Token ids <c>[batch, seqLen]</c>.</param>
    /// <param name="tokenTypeIds">One per input id, or empty for all 0, as the generated <c>Forward</c> takes them.</param>
    /// <returns><c>[batch, seqLen, DModel]</c>.</returns>
    public static double[] Bert(BertEmbeddingsParameters p, int seqLen, double eps, int[] inputIds, int[] tokenTypeIds)
    {
        int d = p.DModel;
        var sums = new double[inputIds.Length * d];
        for (int token = 0; token < inputIds.Length; token++)
        {
            int type = tokenTypeIds.Length == 0 ? 0 : tokenTypeIds[token];
            int position = token % seqLen;
            for (int i = 0; i < d; i++)
            {
                sums[token * d + i] = (double)p.WordEmbeddings[inputIds[token] * d + i]
                    + p.PositionEmbeddings[position * d + i]
                    + p.TokenTypeEmbeddings[type * d + i];
            }
        }

        return ScalarLayers.LayerNorm(sums, p.Norm, eps);
    }

    /// <summary>The sinusoidal table <c>[maxLength, dModel]</c>: <c>PE[p, 2i] = sin(p / 10000^(2i/D))</c>, <c>PE[p, 2i+1] = cos(p / 10000^(2i/D))</c>.</summary>
    public static double[] SinusoidalTable(int maxLength, int dModel)
    {
        var table = new double[maxLength * dModel];
        for (int position = 0; position < maxLength; position++)
        {
            for (int column = 0; column < dModel; column++)
            {
                int evenColumn = column - column % 2;
                double angle = position / Math.Pow(10000, evenColumn / (double)dModel);
                table[position * dModel + column] = column % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle);
            }
        }

        return table;
    }
}
