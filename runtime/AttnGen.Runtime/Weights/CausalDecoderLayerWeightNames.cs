namespace AttnGen;

/// <summary>
/// Finds one decoder-only layer's parameters in a checkpoint under HuggingFace's GPT-2 or Llama names, detected from
/// the names present, and writes parameters under either.
/// </summary>
/// <remarks>
/// Recognised layouts, each relative to the prefix (<c>transformer.h.{i}.</c> in <c>GPT2LMHeadModel</c> checkpoints,
/// <c>model.layers.{i}.</c> in <c>LlamaForCausalLM</c> ones):
/// <list type="bullet">
/// <item>GPT-2 (<c>GPT2Block</c>): <c>ln_1.{weight,bias}</c>; <c>attn.c_attn.weight</c> <c>[D, 3·D]</c> and
/// <c>attn.c_attn.bias</c> <c>[3·D]</c>, q, k and v packed along the output; <c>attn.c_proj.*</c>; <c>ln_2.*</c>;
/// <c>mlp.c_fc.weight</c> <c>[D, Hidden]</c>, <c>mlp.c_fc.bias</c>; <c>mlp.c_proj.weight</c> <c>[Hidden, D]</c>,
/// <c>mlp.c_proj.bias</c>. Conv1D weights are <c>[in, out]</c> and are transposed. The <c>attn.bias</c> and
/// <c>attn.masked_bias</c> buffers of older files are ignored.</item>
/// <item>Llama (<c>LlamaDecoderLayer</c>, also Qwen2 and Mistral): <c>input_layernorm.weight</c>,
/// <c>self_attn.{q,k,v,o}_proj.weight</c> <c>[out, in]</c> (k and v with <c>KvHeads·HeadDim</c> rows), optional
/// <c>self_attn.{q,k,v}_proj.bias</c>, <c>post_attention_layernorm.weight</c>, <c>mlp.{gate,up,down}_proj.weight</c>.</item>
/// </list>
/// </remarks>
public static class CausalDecoderLayerWeightNames
{
    /// <summary>
    /// Loads the parameters of one layer stored under <paramref name="prefix"/>, with the values of its
    /// <see cref="CausalDecoderLayerAttribute"/> declaration (<paramref name="kvHeads"/> resolved: equal to
    /// <paramref name="heads"/> when the declaration leaves it unset).
    /// </summary>
    /// <param name="source">The checkpoint.</param>
    /// <param name="prefix">The layer's prefix, ending with a dot: <c>"transformer.h.0."</c>, <c>"model.layers.3."</c>.</param>
    /// <param name="dModel">Model width.</param>
    /// <param name="heads">Number of query heads.</param>
    /// <param name="kvHeads">Number of key/value heads.</param>
    /// <param name="hidden">Width of the feed-forward hidden layer.</param>
    /// <param name="norm">The declared norm: the GPT-2 layout holds LayerNorms, the Llama layout RMSNorms.</param>
    /// <param name="ffn">The declared feed-forward form: the GPT-2 layout holds an MLP, the Llama layout SwiGLU.</param>
    /// <param name="bias">Every linear layer has a bias.</param>
    /// <param name="qkvBias">The query, key and value projections have biases.</param>
    /// <param name="allowUnused">Accept tensors under the prefix that the layout does not read (the layer owns its whole prefix).</param>
    /// <param name="allowNonFinite">Accept weights holding NaN or ±∞.</param>
    /// <exception cref="InvalidDataException">
    /// Neither layout is present; the layout found contradicts the declaration (each contradiction named); or tensors
    /// are missing, mis-shaped, or biases present that the layer is declared without — one message lists every one,
    /// with full names and expected and actual shapes.
    /// </exception>
    public static CausalDecoderLayerParameters Load(IWeightSource source, string prefix, int dModel, int heads, int kvHeads, int hidden,
        NormKind norm, FfnKind ffn, bool bias, bool qkvBias, bool allowUnused = false, bool allowNonFinite = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(prefix);
        // The constructor's checks, made before anything is read, so that a bad shape is an argument error, not a file error.
        CausalDecoderLayerParameters.CheckShape(dModel, heads, kvHeads, hidden);
        var reader = new WeightReader(source, prefix, allowUnused, allowNonFinite);
        reader.Own("");
        CausalDecoderLayerLayout layout =
            Gpt2BlockNames.Markers.Any(reader.Has) ? CausalDecoderLayerLayout.Gpt2
            : LlamaLayerNames.Markers.Any(reader.Has) ? CausalDecoderLayerLayout.Llama
            : throw UnknownLayout.Error(source, prefix, "decoder-only layer",
                (Gpt2BlockNames.Layout, Gpt2BlockNames.Markers), (LlamaLayerNames.Layout, LlamaLayerNames.Markers));
        string[] contradictions = Contradictions(layout, norm, ffn, heads, kvHeads);
        if (contradictions.Length > 0)
        {
            throw new InvalidDataException(
                $"The weights under prefix '{prefix}' are in the {LayoutName(layout)} layout, which the declaration contradicts: " +
                $"{string.Join("; ", contradictions)}.");
        }

        Func<CausalDecoderLayerParameters> build = layout == CausalDecoderLayerLayout.Gpt2
            ? Gpt2BlockNames.Read(reader, dModel, heads, hidden, bias, qkvBias)
            : LlamaLayerNames.Read(reader, dModel, heads, kvHeads, hidden, bias, qkvBias);
        reader.ThrowIfProblems(LayoutName(layout));
        return build();
    }

    /// <summary>
    /// The tensors of <paramref name="parameters"/> under <paramref name="layout"/>'s names and shapes, each prefixed
    /// with <paramref name="prefix"/>, as F32; <see cref="Load"/> reads them back to the same values. Pass several
    /// layers' tensors to <see cref="SafeTensorsWriter.Write"/> to write a model.
    /// </summary>
    /// <exception cref="ArgumentException">The layout cannot hold the parameters (see <see cref="CausalDecoderLayerLayout"/>).</exception>
    public static IEnumerable<SafeTensor> Tensors(CausalDecoderLayerParameters parameters, string prefix, CausalDecoderLayerLayout layout)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(prefix);
        string[] contradictions = Contradictions(layout, parameters.Norm, parameters.Ffn, parameters.Heads, parameters.KvHeads);
        if (contradictions.Length > 0)
        {
            throw new ArgumentException($"The {LayoutName(layout)} layout cannot hold these parameters: {string.Join("; ", contradictions)}.",
                nameof(layout));
        }

        // Materialised here, so that the check above runs when this is called, not when the result is first enumerated.
        return layout == CausalDecoderLayerLayout.Gpt2
            ? [.. Gpt2BlockNames.Tensors(parameters, prefix)]
            : [.. LlamaLayerNames.Tensors(parameters, prefix)];
    }

    /// <summary>Writes one layer as a safetensors file: <see cref="Tensors"/> given to <see cref="SafeTensorsWriter.Write"/>.</summary>
    /// <exception cref="ArgumentException">The layout cannot hold the parameters.</exception>
    public static void Write(string path, CausalDecoderLayerParameters parameters, string prefix, CausalDecoderLayerLayout layout) =>
        SafeTensorsWriter.Write(path, Tensors(parameters, prefix, layout));

    /// <summary>What a layer declared with these values would need that <paramref name="layout"/> cannot hold.</summary>
    private static string[] Contradictions(CausalDecoderLayerLayout layout, NormKind norm, FfnKind ffn, int heads, int kvHeads)
    {
        (NormKind Norm, FfnKind Ffn) holds = layout switch
        {
            CausalDecoderLayerLayout.Gpt2 => (NormKind.LayerNorm, FfnKind.Mlp),
            CausalDecoderLayerLayout.Llama => (NormKind.RmsNorm, FfnKind.SwiGlu),
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, null),
        };
        List<string> found = [];
        if (norm != holds.Norm)
        {
            found.Add($"it holds {holds.Norm}s, but Norm = {norm}");
        }

        if (ffn != holds.Ffn)
        {
            found.Add($"its feed-forward block is {holds.Ffn}, but Ffn = {ffn}");
        }

        if (layout == CausalDecoderLayerLayout.Gpt2 && kvHeads != heads)
        {
            found.Add($"it packs as many key/value heads as query heads, but KvHeads = {kvHeads} with Heads = {heads}");
        }

        return [.. found];
    }

    private static string LayoutName(CausalDecoderLayerLayout layout) =>
        layout == CausalDecoderLayerLayout.Gpt2 ? Gpt2BlockNames.Layout : LlamaLayerNames.Layout;
}
