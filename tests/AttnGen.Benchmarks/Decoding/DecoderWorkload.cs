namespace AttnGen.Benchmarks.Decoding;

/// <summary>The two layers the decode benchmarks time (a BenchmarkDotNet parameter).</summary>
public enum DecoderModel
{
    Gpt2Small,
    LlamaGqa,
}

/// <summary>
/// What every system runs for one <see cref="DecoderModel"/>, from fixed seeds: the layer's parameters, a 256-token
/// vocabulary's embeddings (GPT-2 adds learned positions) and each sequence's tokens. AttnGen's layer reads the embedded
/// rows; llama.cpp reads the tokens and embeds them itself from the same tables, written into its GGUF file.
/// </summary>
internal sealed class DecoderWorkload
{
    /// <summary>Small, so that llama.cpp's embedding lookup, output norm and logits, which a layer alone lacks, cost little.</summary>
    public const int Vocabulary = 256;

    /// <summary>Both declarations' MaxSeqLen; GPT-2's position table and llama.cpp's per-sequence context have as many rows.</summary>
    public const int ContextLength = Gpt2SmallLayer.MaxSeqLen;

    private DecoderWorkload(DecoderModel model, CausalDecoderLayerParameters parameters, double normEps, double rotaryTheta)
    {
        Model = model;
        Parameters = parameters;
        NormEps = normEps;
        RotaryTheta = rotaryTheta;
        var random = new Random(7);
        // Unit-scale rows, as a layer's inputs are in a trained model.
        TokenEmbeddings = Uniform(random, Vocabulary * DModel, 1f);
        PositionEmbeddings = model == DecoderModel.Gpt2Small ? Uniform(random, ContextLength * DModel, 0.1f) : null;
    }

    public DecoderModel Model { get; }

    public CausalDecoderLayerParameters Parameters { get; }

    public double NormEps { get; }

    /// <summary>The rotary base; 0 for GPT-2, which has none.</summary>
    public double RotaryTheta { get; }

    public int DModel => Parameters.DModel;

    /// <summary><c>[Vocabulary, DModel]</c>, also llama.cpp's output projection (tied, as GPT-2's is).</summary>
    public float[] TokenEmbeddings { get; }

    /// <summary>GPT-2's learned positions <c>[ContextLength, DModel]</c>; null for Llama, whose layer turns q and k instead.</summary>
    public float[]? PositionEmbeddings { get; }

    /// <summary>The bytes of the layer's parameters in float32: what one decode step must read at least once.</summary>
    public long WeightBytes => 4L * new[]
    {
        Parameters.QWeight, Parameters.KWeight, Parameters.VWeight, Parameters.OWeight, Parameters.QBias, Parameters.KBias,
        Parameters.VBias, Parameters.OBias, Parameters.GateWeight, Parameters.GateBias, Parameters.UpWeight, Parameters.UpBias,
        Parameters.DownWeight, Parameters.DownBias, Parameters.Norm1.Weight, Parameters.Norm1.Bias, Parameters.Norm2.Weight,
        Parameters.Norm2.Bias,
    }.Sum(array => array?.LongLength ?? 0);

    public static DecoderWorkload Create(DecoderModel model) => model switch
    {
        DecoderModel.Gpt2Small => new(model, CausalDecoderLayerParameters.Random(Gpt2SmallLayer.DModel, Gpt2SmallLayer.Heads,
            Gpt2SmallLayer.KvHeads, Gpt2SmallLayer.Hidden, NormKind.LayerNorm, FfnKind.Mlp, bias: true, qkvBias: false, seed: 1), 1e-5, 0),
        DecoderModel.LlamaGqa => new(model, CausalDecoderLayerParameters.Random(LlamaGqaLayer.DModel, LlamaGqaLayer.Heads,
            LlamaGqaLayer.KvHeads, LlamaGqaLayer.Hidden, NormKind.RmsNorm, FfnKind.SwiGlu, bias: false, qkvBias: false, seed: 2), 1e-5, 10000),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };

    /// <summary>The first <paramref name="count"/> tokens of sequence <paramref name="sequence"/>, the same on every call.</summary>
    public static int[] Tokens(int sequence, int count)
    {
        var random = new Random(100 + sequence);
        return [.. Enumerable.Range(0, count).Select(_ => random.Next(Vocabulary))];
    }

    /// <summary>The layer's input for tokens at positions 0, 1, …: each token's embedding, plus its position's for GPT-2.</summary>
    public float[] Embed(ReadOnlySpan<int> tokens)
    {
        float[] rows = new float[tokens.Length * DModel];
        for (int position = 0; position < tokens.Length; position++)
        {
            Span<float> row = rows.AsSpan(position * DModel, DModel);
            TokenEmbeddings.AsSpan(tokens[position] * DModel, DModel).CopyTo(row);
            if (PositionEmbeddings is not null)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(row, PositionEmbeddings.AsSpan(position * DModel, DModel), row);
            }
        }

        return rows;
    }

    /// <summary>
    /// What llama.cpp returns for a layer output <paramref name="y"/>: its final norm (weight 1, bias 0, as written in the
    /// GGUF file) then logits against the tied embeddings, in float64.
    /// </summary>
    public double[] Logits(ReadOnlySpan<float> y)
    {
        double mean = Model == DecoderModel.Gpt2Small ? Average(y, v => v) : 0;
        double scale = 1 / Math.Sqrt(Average(y, v => (v - mean) * (v - mean)) + NormEps);
        double[] logits = new double[Vocabulary];
        for (int token = 0; token < Vocabulary; token++)
        {
            ReadOnlySpan<float> embedding = TokenEmbeddings.AsSpan(token * DModel, DModel);
            for (int i = 0; i < DModel; i++)
            {
                logits[token] += (y[i] - mean) * scale * embedding[i];
            }
        }

        return logits;
    }

    private static float[] Uniform(Random random, int count, float limit) =>
        [.. Enumerable.Range(0, count).Select(_ => (random.NextSingle() * 2 - 1) * limit)];

    private static double Average(ReadOnlySpan<float> values, Func<double, double> f)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += f(v);
        }

        return sum / values.Length;
    }
}
