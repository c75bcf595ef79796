using Microsoft.ML.OnnxRuntime;

namespace AttnGen.Samples.Tests.RealModel;

/// <summary>
/// The reference embedding: the ONNX model run by ONNX Runtime, then sentence-transformers' mean pooling and L2
/// normalisation, computed in double so that only the encoder's own rounding differs from AttnGen's.
/// </summary>
internal sealed class OnnxRuntimeReference(byte[] onnxModel) : IDisposable
{
    /// <summary>The export's per-token output; its other output, "924", is the pooler's, unused by sentence embeddings.</summary>
    private const string TokenOutput = "last_hidden_state";

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    private readonly InferenceSession _session = new(onnxModel);

    /// <summary>The unit-length embedding of one sentence's tokens, [CLS] and [SEP] included, padding excluded.</summary>
    /// <remarks>The sentence runs alone and unpadded, so every position is real and the attention mask is all ones:
    /// what sentence-transformers computes for a batch of one.</remarks>
    public double[] Embedding(ReadOnlySpan<int> tokenIds)
    {
        long[] shape = [1, tokenIds.Length];
        long[] ids = new long[tokenIds.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = tokenIds[i];
        }

        long[] mask = [.. Enumerable.Repeat(1L, ids.Length)];
        long[] tokenTypes = new long[ids.Length];
        using OrtValue idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using OrtValue maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using OrtValue tokenTypesValue = OrtValue.CreateTensorValueFromMemory(tokenTypes, shape);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs =
            _session.Run(runOptions, InputNames, [idsValue, maskValue, tokenTypesValue], [TokenOutput]);
        return MeanScaledToUnitLength(outputs[0].GetTensorDataAsSpan<float>(), ids.Length);
    }

    public void Dispose() => _session.Dispose();

    /// <summary>The mean of the rows, scaled to length 1; it is left a sum, since dividing by the count first would not
    /// change the unit vector.</summary>
    private static double[] MeanScaledToUnitLength(ReadOnlySpan<float> rows, int count)
    {
        int width = rows.Length / count;
        double[] sum = new double[width];
        for (int row = 0; row < count; row++)
        {
            for (int i = 0; i < width; i++)
            {
                sum[i] += rows[row * width + i];
            }
        }

        double norm = Math.Sqrt(sum.Sum(value => value * value));
        return [.. sum.Select(value => value / norm)];
    }
}
