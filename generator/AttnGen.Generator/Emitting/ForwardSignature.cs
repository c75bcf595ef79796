using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Model;
using AttnGen.Generator.Writing;

namespace AttnGen.Generator.Emitting;

/// <summary>
/// The public <c>Forward</c> of a block built around an attention: exactly the parameters its declaration needs, in
/// the order x, memory, keyLengths, mask, y, attentionWeights, their checks, and the loop over batch items.
/// </summary>
/// <param name="Attention">The attention that decides the inputs (a layer's self- or cross-attention).</param>
/// <param name="KeyCount">The constant that holds the key count in the generated class (<c>KvSeqLen</c>, <c>SeqLen</c>, <c>MemorySeqLen</c>).</param>
/// <param name="WithAttentionWeights">Whether an optional <c>attentionWeights</c> output exists.</param>
internal sealed record ForwardSignature(AttentionSpec Attention, string KeyCount, bool WithAttentionWeights)
{
    /// <summary>One <c>Forward</c> parameter: its declaration, its per-item slice, and its XML doc.</summary>
    public sealed record Parameter(string Declaration, string Name, string ItemDeclaration, string ItemArgument, string Doc);

    public List<Parameter> Parameters()
    {
        AttentionSpec s = Attention;
        string keys = $"{KeyCount} {s.KvSeqLen}";
        var list = new List<Parameter>
        {
            new($"{TypeNames.ReadOnlySpan}<float> x", "x", $"{TypeNames.ReadOnlySpan}<float> x", "x.Slice(item * XLength, XLength)",
                $"Input tokens, <c>[batch, SeqLen {s.SeqLen}, DModel {s.DModel}]</c> row-major; the batch size is <c>x.Length / (SeqLen × DModel)</c>."),
        };
        if (s.IsCrossAttention)
        {
            list.Add(new($"{TypeNames.ReadOnlySpan}<float> memory", "memory", $"{TypeNames.ReadOnlySpan}<float> memory", "memory.Slice(item * MemoryLength, MemoryLength)",
                $"The sequence attended to, <c>[batch, {keys}, DModel {s.DModel}]</c>."));
        }

        if (s.Has(AttentionMask.KeyPadding))
        {
            list.Add(new($"{TypeNames.ReadOnlySpan}<int> keyLengths", "keyLengths", "int keyLength", "keyLengths[item]",
                $"One valid key length per batch item, each 0…{s.KvSeqLen}; keys at positions ≥ the length are padding."));
        }

        if (s.Has(AttentionMask.Explicit))
        {
            list.Add(new($"{TypeNames.ReadOnlySpan}<float> mask", "mask", $"{TypeNames.ReadOnlySpan}<float> mask", "mask",
                $"Additive mask <c>[SeqLen {s.SeqLen}, {keys}]</c> added to every head's scores; may hold −∞. See <see cref=\"{TypeNames.AttentionMasks}\"/>."));
        }

        list.Add(new($"{TypeNames.Span}<float> y", "y", $"{TypeNames.Span}<float> y", "y.Slice(item * XLength, XLength)",
            $"Output, <c>[batch, SeqLen {s.SeqLen}, DModel {s.DModel}]</c>."));
        if (WithAttentionWeights)
        {
            list.Add(new($"{TypeNames.Span}<float> attentionWeights = default", "attentionWeights", $"{TypeNames.Span}<float> attentionWeights",
                "withWeights ? attentionWeights.Slice(item * WeightsLength, WeightsLength) : default",
                $"Optional per-head attention weights after softmax, <c>[batch, Heads {s.Heads}, SeqLen {s.SeqLen}, {keys}]</c>; empty to skip."));
        }

        return list;
    }

    /// <summary>The per-item method's parameter list, matching the arguments <see cref="Emit"/> passes.</summary>
    public string ItemParameters => string.Join(", ", Parameters().Select(p => p.ItemDeclaration));

    public void Emit(SourceWriter w)
    {
        AttentionSpec s = Attention;
        List<Parameter> parameters = Parameters();
        w.Line("private const int XLength = SeqLen * DModel;");
        if (s.IsCrossAttention)
        {
            w.Line($"private const int MemoryLength = {KeyCount} * DModel;");
        }

        if (WithAttentionWeights)
        {
            w.Line($"private const int WeightsLength = Heads * SeqLen * {KeyCount};");
        }

        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Runs the block on every batch item. Allocates nothing; results are bit-identical whether an item runs alone or in a batch.");
        w.Line("/// </summary>");
        foreach (Parameter p in parameters)
        {
            w.Line($"/// <param name=\"{p.Name}\">{p.Doc}</param>");
        }

        w.Line($"/// <exception cref=\"{TypeNames.ArgumentException}\">An argument's length does not match the declared shape; the message gives both sizes.</exception>");
        using (w.Block($"public void Forward({string.Join(", ", parameters.Select(p => p.Declaration))})"))
        {
            w.Line($"int batch = {TypeNames.Shapes}.BatchCount(x.Length, XLength, nameof(x), \"[SeqLen {s.SeqLen}, DModel {s.DModel}]\");");
            if (s.IsCrossAttention)
            {
                w.Line($"{TypeNames.Shapes}.RequireLength(memory.Length, batch * MemoryLength, nameof(memory), \"batch from x × {KeyCount} {s.KvSeqLen} × DModel {s.DModel}\");");
            }

            if (s.Has(AttentionMask.KeyPadding))
            {
                w.Line($"{TypeNames.Shapes}.RequireLength(keyLengths.Length, batch, nameof(keyLengths), \"one length per batch item, batch from x\");");
                w.Line($"{TypeNames.Shapes}.RequireKeyLengths(keyLengths, {KeyCount}, nameof(keyLengths));");
            }

            if (s.Has(AttentionMask.Explicit))
            {
                w.Line($"{TypeNames.Shapes}.RequireLength(mask.Length, SeqLen * {KeyCount}, nameof(mask), \"SeqLen {s.SeqLen} × {KeyCount} {s.KvSeqLen}\");");
            }

            w.Line($"{TypeNames.Shapes}.RequireLength(y.Length, batch * XLength, nameof(y), \"batch from x × SeqLen {s.SeqLen} × DModel {s.DModel}\");");
            if (WithAttentionWeights)
            {
                w.Line($"bool withWeights = {TypeNames.Shapes}.OptionalLength(attentionWeights.Length, batch * WeightsLength, nameof(attentionWeights), \"batch from x × Heads {s.Heads} × SeqLen {s.SeqLen} × {KeyCount} {s.KvSeqLen}\");");
            }

            using (w.Block("for (int item = 0; item < batch; item++)"))
            {
                w.Line($"ForwardItem({string.Join(", ", parameters.Select(p => p.ItemArgument))});");
            }
        }
    }

    /// <summary>
    /// The arguments that hand the per-item inputs to an attention method as references, up to (not including) its output.
    /// </summary>
    public static List<string> AttendInputs(AttentionSpec s, string x)
    {
        var arguments = new List<string> { x };
        if (s.IsCrossAttention)
        {
            arguments.Add($"ref {TypeNames.MemoryMarshal}.GetReference(memory)");
        }

        if (s.Has(AttentionMask.KeyPadding))
        {
            arguments.Add("keyLength");
        }

        if (s.Has(AttentionMask.Explicit))
        {
            arguments.Add("mask");
        }

        return arguments;
    }
}
