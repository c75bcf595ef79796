using SentenceEmbeddings;

namespace AttnGen.Samples.Tests;

/// <summary>
/// A model directory in the shape of all-MiniLM-L6-v2, as HuggingFace's <c>save_pretrained</c> lays it out for a
/// <c>BertModel</c> nested under <c>bert.</c>: seeded random parameters in model.safetensors (with a pooler the sample
/// must ignore), a small vocab.txt, config.json and tokenizer_config.json. Written once per test class, deleted after.
/// </summary>
public sealed class MiniLmCheckpoint : IDisposable
{
    /// <summary>The vocabulary, one token per line: a token's id is its index here.</summary>
    public static readonly string[] Vocabulary =
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", "!", "the", "quick", "brown", "fox", "jump", "##s", "over", "lazy", "dog", "embed", "##ding"];

    /// <summary>all-MiniLM-L6-v2's config.json, as the real model's converter writes it.</summary>
    public const string Config = RealModel.OnnxToHuggingFace.Config;

    public MiniLmCheckpoint()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("attngen-minilm-").FullName;
        Embeddings = BertEmbeddingsParameters.Random(MiniLm.VocabSize, MiniLm.MaxPositions, MiniLm.TypeVocabSize, MiniLm.DModel, seed: 11);
        Layers = [.. Enumerable.Range(0, MiniLm.Layers).Select(i => EncoderLayerParameters.Random(MiniLm.DModel, MiniLm.Hidden, seed: 20 + i))];
        SafeTensorsWriter.Write(Path.Combine(Directory, "model.safetensors"),
            Tensors("bert.").Select(t => SafeTensor.FromFloat32(t.Name, t.Shape, t.Values)).Append(PositionIds("bert.")));
        File.WriteAllLines(Path.Combine(Directory, "vocab.txt"), Vocabulary);
        File.WriteAllText(Path.Combine(Directory, "config.json"), Config);
        File.WriteAllText(Path.Combine(Directory, "tokenizer_config.json"), """{ "do_lower_case": true, "tokenizer_class": "BertTokenizer" }""");
    }

    public string Directory { get; }

    public BertEmbeddingsParameters Embeddings { get; }

    public EncoderLayerParameters[] Layers { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    /// <summary>
    /// The I64 buffer <c>embeddings.position_ids</c> <c>[1, MaxPositions]</c> that transformers saves with many BERT
    /// checkpoints: not a parameter, and the sample must load the directory with it present.
    /// </summary>
    private static SafeTensor PositionIds(string prefix) =>
        new(prefix + "embeddings.position_ids", "I64", [1, MiniLm.MaxPositions],
            [.. Enumerable.Range(0, MiniLm.MaxPositions).SelectMany(position => BitConverter.GetBytes((long)position))]);

    /// <summary>Every tensor under HuggingFace's names, after <paramref name="prefix"/>: <c>"bert."</c> or nothing.</summary>
    public IEnumerable<(string Name, int[] Shape, float[] Values)> Tensors(string prefix)
    {
        const int D = MiniLm.DModel, H = MiniLm.Hidden;
        BertEmbeddingsParameters e = Embeddings;
        yield return (prefix + "embeddings.word_embeddings.weight", [MiniLm.VocabSize, D], e.WordEmbeddings);
        yield return (prefix + "embeddings.position_embeddings.weight", [MiniLm.MaxPositions, D], e.PositionEmbeddings);
        yield return (prefix + "embeddings.token_type_embeddings.weight", [MiniLm.TypeVocabSize, D], e.TokenTypeEmbeddings);
        yield return (prefix + "embeddings.LayerNorm.weight", [D], e.Norm.Weight);
        yield return (prefix + "embeddings.LayerNorm.bias", [D], e.Norm.Bias);
        for (int i = 0; i < Layers.Length; i++)
        {
            string layer = $"{prefix}encoder.layer.{i}.";
            EncoderLayerParameters p = Layers[i];
            yield return (layer + "attention.self.query.weight", [D, D], p.Attention.QueryWeight);
            yield return (layer + "attention.self.query.bias", [D], p.Attention.QueryBias!);
            yield return (layer + "attention.self.key.weight", [D, D], p.Attention.KeyWeight);
            yield return (layer + "attention.self.key.bias", [D], p.Attention.KeyBias!);
            yield return (layer + "attention.self.value.weight", [D, D], p.Attention.ValueWeight);
            yield return (layer + "attention.self.value.bias", [D], p.Attention.ValueBias!);
            yield return (layer + "attention.output.dense.weight", [D, D], p.Attention.OutputWeight);
            yield return (layer + "attention.output.dense.bias", [D], p.Attention.OutputBias!);
            yield return (layer + "attention.output.LayerNorm.weight", [D], p.Norm1.Weight);
            yield return (layer + "attention.output.LayerNorm.bias", [D], p.Norm1.Bias);
            yield return (layer + "intermediate.dense.weight", [H, D], p.FeedForward.InputWeight);
            yield return (layer + "intermediate.dense.bias", [H], p.FeedForward.InputBias!);
            yield return (layer + "output.dense.weight", [D, H], p.FeedForward.OutputWeight);
            yield return (layer + "output.dense.bias", [D], p.FeedForward.OutputBias!);
            yield return (layer + "output.LayerNorm.weight", [D], p.Norm2.Weight);
            yield return (layer + "output.LayerNorm.bias", [D], p.Norm2.Bias);
        }

        yield return (prefix + "pooler.dense.weight", [D, D], new float[D * D]);
        yield return (prefix + "pooler.dense.bias", [D], new float[D]);
    }
}
