using System.Globalization;
using System.Text.Json;
using AttnGen.Testing;

namespace AttnGen.Golden.Tests;

/// <summary>
/// One decoder-only layer case of <c>tests/data/decoding</c> (see its README): the declaration's values read from the
/// file's metadata, and its weights and tensors.
/// </summary>
internal sealed record DecodingCase(string Name, string Prefix, int DModel, int Heads, int KvHeads, int Hidden, int SeqLen, int Batch,
    NormKind Norm, FfnKind Ffn, ActivationKind Activation, double RotaryTheta, bool Bias, bool QkvBias, double NormEps, int Prefill)
{
    /// <summary>Every case listed in the directory's <c>index.json</c>.</summary>
    public static IEnumerable<string> Names()
    {
        using JsonDocument index = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Decoding, "index.json")));
        return [.. index.RootElement.EnumerateObject().Select(entry => entry.Name)];
    }

    public static SafeTensorsFile Open(string name) => SafeTensorsFile.Open(Path.Combine(TestPaths.Decoding, name + ".safetensors"));

    /// <summary>The case's configuration, as its <c>[CausalDecoderLayer]</c> declaration would give it.</summary>
    public static DecodingCase Read(string name, SafeTensorsFile file)
    {
        IReadOnlyDictionary<string, string> m = file.Metadata;
        int Int(string key) => int.Parse(m[key], CultureInfo.InvariantCulture);
        double Double(string key) => double.Parse(m[key], CultureInfo.InvariantCulture);
        return new DecodingCase(name, m["prefix"], Int("d_model"), Int("heads"), Int("kv_heads"), Int("hidden"), Int("seq_len"), Int("batch"),
            Enum.Parse<NormKind>(m["norm"]), Enum.Parse<FfnKind>(m["ffn"]),
            m["activation"] switch
            {
                "gelu_tanh" => ActivationKind.GeluTanh,
                "gelu" => ActivationKind.Gelu,
                "relu" => ActivationKind.Relu,
                // SwiGLU's SiLU is not a declarable activation; the declaration's Activation is unused there.
                "silu" => default,
                var other => throw new InvalidDataException($"Unknown activation '{other}'."),
            },
            Double("rotary_theta"), m["bias"] == "true", m["qkv_bias"] == "true", Double("norm_eps"), Int("prefill"));
    }

    /// <summary>The case's weights, through the loader a generated <c>Weights.Load</c> uses.</summary>
    public CausalDecoderLayerParameters Load(IWeightSource file) =>
        CausalDecoderLayerWeightNames.Load(file, Prefix, DModel, Heads, KvHeads, Hidden, Norm, Ffn, Bias, QkvBias);
}
