using System.Collections.Generic;
using System.Linq;
using AttnGen.Generator.Emitting.Blocks;
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

    /// <summary>The inputs besides x that the attention implies (<see cref="AttentionInput"/>).</summary>
    public List<AttentionInput> Inputs { get; } = AttentionInput.Of(Attention, KeyCount);

    public List<Parameter> Parameters()
    {
        AttentionSpec s = Attention;
        var list = new List<Parameter>
        {
            new($"{TypeNames.ReadOnlySpan}<float> x", "x", $"{TypeNames.ReadOnlySpan}<float> x", "x.Slice(item * XLength, XLength)",
                $"Input tokens, <c>[batch, SeqLen {s.SeqLen}, DModel {s.DModel}]</c> row-major; the batch size is <c>x.Length / (SeqLen × DModel)</c>."),
        };
        list.AddRange(Inputs.Select(input => new Parameter(input.Declaration, input.Name, input.ItemDeclaration, input.ItemArgument, input.Doc)));
        list.Add(new($"{TypeNames.Span}<float> y", "y", $"{TypeNames.Span}<float> y", "y.Slice(item * XLength, XLength)",
            $"Output, <c>[batch, SeqLen {s.SeqLen}, DModel {s.DModel}]</c>; may be <paramref name=\"x\"/> itself."));
        if (WithAttentionWeights)
        {
            list.Add(new($"{TypeNames.Span}<float> attentionWeights = default", "attentionWeights", $"{TypeNames.Span}<float> attentionWeights",
                "withWeights ? attentionWeights.Slice(item * WeightsLength, WeightsLength) : default",
                $"Optional per-head attention weights after softmax, <c>[batch, Heads {s.Heads}, SeqLen {s.SeqLen}, {KeyCount} {s.KvSeqLen}]</c>; empty to skip."));
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
        foreach (AttentionInput input in Inputs)
        {
            if (input.Constant is not null)
            {
                w.Line(input.Constant);
            }
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
            w.Param(p.Name, p.Doc);
        }

        w.Line($"/// <exception cref=\"{TypeNames.ArgumentException}\">An argument's length does not match the declared shape; the message gives both sizes.</exception>");
        w.Line(CallChecks.OverlapDoc);
        w.Line(CallChecks.BusyDoc);
        using (w.Block($"public void Forward({string.Join(", ", parameters.Select(p => p.Declaration))})"))
        {
            w.Line($"int batch = {TypeNames.Shapes}.BatchCount(x.Length, XLength, nameof(x), \"[SeqLen {s.SeqLen}, DModel {s.DModel}]\");");
            foreach (string check in Inputs.SelectMany(input => input.Checks))
            {
                w.Line(check);
            }

            w.Line($"{TypeNames.Shapes}.RequireLength(y.Length, batch * XLength, nameof(y), \"batch from x × SeqLen {s.SeqLen} × DModel {s.DModel}\");");
            if (WithAttentionWeights)
            {
                w.Line($"bool withWeights = {TypeNames.Shapes}.OptionalLength(attentionWeights.Length, batch * WeightsLength, nameof(attentionWeights), \"batch from x × Heads {s.Heads} × SeqLen {s.SeqLen} × {KeyCount} {s.KvSeqLen}\");");
            }

            EmitOverlapChecks(w);
            CallChecks.EnterCall(w);

            using (w.Block("for (int item = 0; item < batch; item++)"))
            {
                w.Line($"ForwardItem({string.Join(", ", parameters.Select(p => p.ItemArgument))});");
            }
        }
    }

    /// <summary>
    /// y may be x itself (every block reads a batch item whole before writing its rows) but no other input; the optional
    /// attention weights may overlap nothing.
    /// </summary>
    private void EmitOverlapChecks(SourceWriter w)
    {
        List<string> tensorInputs = ["x", .. Inputs.Where(input => input.IsTensor).Select(input => input.Name)];
        CallChecks.SameOrDisjoint(w, "x", "y");
        foreach (string input in tensorInputs.Skip(1))
        {
            CallChecks.Disjoint(w, input, "y");
        }

        if (WithAttentionWeights)
        {
            foreach (string other in tensorInputs.Append("y"))
            {
                CallChecks.Disjoint(w, other, "attentionWeights");
            }
        }
    }

    /// <summary>
    /// The arguments that hand the per-item inputs to an attention method as references, up to (not including) its output.
    /// </summary>
    public List<string> AttendInputs(string x) => [x, .. Inputs.Select(input => input.AttendArgument)];
}
