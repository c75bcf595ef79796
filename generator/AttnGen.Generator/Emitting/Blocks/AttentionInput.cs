using System.Collections.Generic;
using AttnGen.Generator.Model;
using AttnGen.Generator.Writing;

namespace AttnGen.Generator.Emitting.Blocks;

/// <summary>
/// One input a declaration implies beside <c>x</c>: cross-attention's memory, key padding's lengths, an explicit
/// mask. Everything generated for an input derives from this one description — <c>Forward</c>'s parameter, its doc
/// and its checks, the slice a batch item gets, the attention method's parameter and argument, and what a layer keeps
/// of it for its phases — so a new input or mask flag is described here once.
/// </summary>
/// <param name="Name">The <c>Forward</c> parameter's name.</param>
/// <param name="Declaration">The <c>Forward</c> parameter.</param>
/// <param name="Doc">Its <c>param</c> doc.</param>
/// <param name="Checks">The statements that check it in <c>Forward</c>, once the batch size is known.</param>
/// <param name="ItemDeclaration">The per-item method's parameter.</param>
/// <param name="ItemArgument">What <c>Forward</c> passes for one batch item.</param>
/// <param name="AttendParameter">The attention method's parameter.</param>
/// <param name="AttendArgument">What the per-item method passes the attention method.</param>
/// <param name="LayerState">A layer's copy for its phases (which cannot hold spans): the statement, the scratch buffer or field it fills.</param>
/// <param name="Constant">A length constant the checks and slices use; null for none.</param>
/// <param name="IsTensor">Whether it is a span of floats, which an output must not overlap.</param>
internal sealed record AttentionInput(
    string Name, string Declaration, string Doc, string[] Checks, string ItemDeclaration, string ItemArgument,
    string AttendParameter, string AttendArgument, LayerCopy LayerState, string? Constant = null, bool IsTensor = false)
{
    /// <summary>The inputs of an attention, in parameter order.</summary>
    /// <param name="keyCount">The constant holding the key count in the generated class, which docs and checks name.</param>
    public static List<AttentionInput> Of(AttentionSpec s, string keyCount = "KvSeqLen")
    {
        string keys = $"{keyCount} {s.KvSeqLen}";
        var inputs = new List<AttentionInput>();
        if (s.IsCrossAttention)
        {
            inputs.Add(new("memory", $"{TypeNames.ReadOnlySpan}<float> memory",
                $"The sequence attended to, <c>[batch, {keys}, DModel {s.DModel}]</c>.",
                [$"{TypeNames.Shapes}.RequireLength(memory.Length, batch * MemoryLength, nameof(memory), \"batch from x × {keys} × DModel {s.DModel}\");"],
                $"{TypeNames.ReadOnlySpan}<float> memory", "memory.Slice(item * MemoryLength, MemoryLength)",
                "ref float memory", $"ref {TypeNames.MemoryMarshal}.GetReference(memory)",
                new LayerCopy("memory.CopyTo(_scratch.Memory.Span);", new ScratchBuffer("Memory", s.KvSeqLen * s.DModel, $"[{s.KvSeqLen}, {s.DModel}] the batch item's memory"), null),
                $"private const int MemoryLength = {keyCount} * DModel;", IsTensor: true));
        }

        if (s.Has(AttentionMask.KeyPadding))
        {
            inputs.Add(new("keyLengths", $"{TypeNames.ReadOnlySpan}<int> keyLengths",
                $"One valid key length per batch item, each 0…{s.KvSeqLen}; keys at positions ≥ the length are padding.",
                [
                    $"{TypeNames.Shapes}.RequireLength(keyLengths.Length, batch, nameof(keyLengths), \"one length per batch item, batch from x\");",
                    $"{TypeNames.Shapes}.RequireKeyLengths(keyLengths, {keyCount}, nameof(keyLengths));",
                ],
                "int keyLength", "keyLengths[item]",
                "int keyLength", "keyLength",
                new LayerCopy("_keyLength = keyLength;", null, ["/// <summary>The batch item's valid key count, for the phases.</summary>", "private int _keyLength;"])));
        }

        if (s.Has(AttentionMask.Explicit))
        {
            inputs.Add(new("mask", $"{TypeNames.ReadOnlySpan}<float> mask",
                $"Additive mask <c>[SeqLen {s.SeqLen}, {keys}]</c> added to every head's scores; may hold −∞. See <see cref=\"{TypeNames.AttentionMasks}\"/>.",
                [$"{TypeNames.Shapes}.RequireLength(mask.Length, SeqLen * {keyCount}, nameof(mask), \"SeqLen {s.SeqLen} × {keys}\");"],
                $"{TypeNames.ReadOnlySpan}<float> mask", "mask",
                $"{TypeNames.ReadOnlySpan}<float> mask", "mask",
                new LayerCopy("mask.CopyTo(_scratch.Mask.Span);", new ScratchBuffer("Mask", s.SeqLen * s.KvSeqLen, $"[{s.SeqLen}, {s.KvSeqLen}] the additive mask"), null),
                IsTensor: true));
        }

        return inputs;
    }
}
