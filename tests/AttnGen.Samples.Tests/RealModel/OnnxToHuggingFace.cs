using SentenceEmbeddings;

namespace AttnGen.Samples.Tests.RealModel;

/// <summary>
/// Turns the PyTorch ONNX export of all-MiniLM-L6-v2 back into the HuggingFace checkpoint it came from: the directory
/// <see cref="ModelDirectory.Open"/> reads, with model.safetensors under HuggingFace's names and layouts.
/// </summary>
/// <remarks>
/// The exporter keeps the names of the embeddings, every bias and every LayerNorm parameter, but stores each
/// nn.Linear weight as an anonymous, transposed ([in, out]) initializer feeding a MatMul. Its name is recovered from
/// the graph, not from the initializers' order: that MatMul's output goes to an Add with the Linear's named bias.
/// </remarks>
internal static class OnnxToHuggingFace
{
    private const string WeightSuffix = ".weight", BiasSuffix = ".bias";

    /// <summary>The Linear layers of one BERT layer, by their names inside it.</summary>
    private static readonly string[] LinearsPerLayer =
        ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense", "intermediate.dense", "output.dense"];

    /// <summary>all-MiniLM-L6-v2's config.json: the fields the sample checks, with the published model's values.</summary>
    internal const string Config = """
        {
          "architectures": ["BertModel"],
          "hidden_act": "gelu",
          "hidden_size": 384,
          "intermediate_size": 1536,
          "layer_norm_eps": 1e-12,
          "max_position_embeddings": 512,
          "model_type": "bert",
          "num_attention_heads": 12,
          "num_hidden_layers": 6,
          "type_vocab_size": 2,
          "vocab_size": 30522
        }
        """;

    /// <summary>The Linear weights the graph must yield: six per layer.</summary>
    public static IEnumerable<string> LinearWeightNames =>
        from layer in Enumerable.Range(0, MiniLm.Layers)
        from linear in LinearsPerLayer
        select $"encoder.layer.{layer}.{linear}{WeightSuffix}";

    /// <summary>
    /// The float initializers the export keeps under their HuggingFace names: the embeddings, each layer's biases and
    /// LayerNorms, and the pooler (which a sentence embedding never uses, so it is not converted). The one other named
    /// initializer, the int64 buffer embeddings.position_ids, is not a parameter.
    /// </summary>
    public static IEnumerable<string> NamedInitializerNames =>
        new[] { "word_embeddings.weight", "position_embeddings.weight", "token_type_embeddings.weight", "LayerNorm.weight", "LayerNorm.bias" }
            .Select(name => "embeddings." + name)
            .Concat(
                from layer in Enumerable.Range(0, MiniLm.Layers)
                from name in LinearsPerLayer.Select(linear => linear + BiasSuffix)
                    .Concat(["attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias", "output.LayerNorm.weight", "output.LayerNorm.bias"])
                select $"encoder.layer.{layer}.{name}")
            .Concat(["pooler.dense.weight", "pooler.dense.bias"]);

    /// <summary>Every encoder parameter under its HuggingFace name and layout: the named initializers as they are, the
    /// Linear weights transposed to [out, in].</summary>
    /// <exception cref="InvalidDataException">The graph does not hold exactly the expected named initializers and
    /// Linear weights; the message lists what differs.</exception>
    public static List<NamedTensor> Tensors(OnnxGraph graph)
    {
        Dictionary<string, OnnxInitializer> floats = graph.Initializers.Where(i => i.Values is not null).ToDictionary(i => i.Name);
        List<NamedTensor> named = [.. NamedInitializers(floats)];
        List<NamedTensor> linear = [.. LinearWeights(graph, floats)];
        RequireExactly(LinearWeightNames, linear.Select(t => t.Name), "Linear weights found through MatMul → Add(bias)");
        return [.. named.Where(t => !t.Name.StartsWith("pooler.", StringComparison.Ordinal)), .. linear];
    }

    /// <summary>
    /// The sample's encoder over <paramref name="tensors"/>, loaded as a user loads a checkpoint: written as a HuggingFace
    /// directory, opened with <see cref="ModelDirectory.Open"/> (which packs the weights into memory of its own), deleted.
    /// </summary>
    public static SentenceEncoder OpenEncoder(IEnumerable<NamedTensor> tensors, string vocabulary)
    {
        string directory = Directory.CreateTempSubdirectory("attngen-minilm-converted-").FullName;
        try
        {
            WriteModelDirectory(directory, tensors, vocabulary);
            return ModelDirectory.Open(directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Writes config.json, tokenizer_config.json, vocab.txt and model.safetensors into <paramref name="directory"/>.</summary>
    private static void WriteModelDirectory(string directory, IEnumerable<NamedTensor> tensors, string vocabulary)
    {
        SafeTensorsWriter.Write(Path.Combine(directory, "model.safetensors"), tensors.Select(t => SafeTensor.FromFloat32(t.Name, t.Shape, t.Values)));
        File.WriteAllText(Path.Combine(directory, "vocab.txt"), vocabulary);
        File.WriteAllText(Path.Combine(directory, "config.json"), Config);
        File.WriteAllText(Path.Combine(directory, "tokenizer_config.json"), """{ "do_lower_case": true, "tokenizer_class": "BertTokenizer" }""");
    }

    /// <summary>The initializers whose names survived the export, which must be exactly <see cref="NamedInitializerNames"/>.</summary>
    private static IEnumerable<NamedTensor> NamedInitializers(Dictionary<string, OnnxInitializer> floats)
    {
        // The exporter names the rest of its constants with bare numbers.
        string[] found = [.. floats.Keys.Where(name => !name.All(char.IsAsciiDigit))];
        RequireExactly(NamedInitializerNames, found, "named float initializers");
        return found.Select(name => new NamedTensor(name, floats[name].Shape, floats[name].Values!));
    }

    /// <summary>Names each MatMul weight after the bias its product is added to, and transposes it.</summary>
    private static IEnumerable<NamedTensor> LinearWeights(OnnxGraph graph, Dictionary<string, OnnxInitializer> floats)
    {
        ILookup<string, OnnxNode> consumers = graph.Nodes.SelectMany(node => node.Inputs.Select(input => (input, node))).ToLookup(x => x.input, x => x.node);
        foreach (OnnxNode matMul in graph.Nodes.Where(node => node.OpType == "MatMul"))
        {
            // Attention's own MatMuls (scores, weighted values) multiply two activations: no weight there.
            if (matMul.Inputs.SingleOrDefault(floats.ContainsKey) is not { } weightName)
            {
                continue;
            }

            OnnxInitializer weight = floats[weightName];
            string bias = BiasAddedTo(matMul.Outputs[0], consumers, floats)
                ?? throw new InvalidDataException($"The MatMul by initializer {weightName} does not feed an Add with a named bias.");
            if (weight.Shape is not [int inputs, int outputs] || floats[bias].Values!.Length != outputs)
            {
                throw new InvalidDataException($"Initializer {weightName} has shape [{string.Join(", ", weight.Shape)}]; its bias {bias} needs [in, {floats[bias].Values!.Length}].");
            }

            yield return new NamedTensor(bias[..^BiasSuffix.Length] + WeightSuffix, [outputs, inputs], Transpose(weight.Values!, inputs, outputs));
        }
    }

    /// <summary>The named bias of the single Add that consumes <paramref name="product"/>, on either side of it.</summary>
    private static string? BiasAddedTo(string product, ILookup<string, OnnxNode> consumers, Dictionary<string, OnnxInitializer> floats) =>
        consumers[product].ToArray() is [{ OpType: "Add", Inputs: var inputs }]
            ? inputs.SingleOrDefault(input => input != product && floats.ContainsKey(input) && input.EndsWith(BiasSuffix, StringComparison.Ordinal))
            : null;

    private static float[] Transpose(float[] rowsByColumns, int rows, int columns)
    {
        float[] transposed = new float[rowsByColumns.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                transposed[c * rows + r] = rowsByColumns[r * columns + c];
            }
        }

        return transposed;
    }

    private static void RequireExactly(IEnumerable<string> expected, IEnumerable<string> found, string what)
    {
        string[] foundNames = [.. found];
        string[] missing = [.. expected.Except(foundNames)];
        string[] unexpected = [.. foundNames.Except(expected)];
        string[] repeated = [.. foundNames.GroupBy(name => name).Where(group => group.Count() > 1).Select(group => group.Key)];
        if (missing.Length + unexpected.Length + repeated.Length > 0)
        {
            throw new InvalidDataException(
                $"The ONNX graph's {what} are not all-MiniLM-L6-v2's ({expected.Count()} expected, {foundNames.Length} found). " +
                $"Missing: [{string.Join(", ", missing)}]. Unexpected: [{string.Join(", ", unexpected)}]. Repeated: [{string.Join(", ", repeated)}].");
        }
    }
}
