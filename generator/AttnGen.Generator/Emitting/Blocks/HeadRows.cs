using AttnGen.Generator.Layout;
using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Emitting.Blocks;

/// <summary>Which rows a call of the heads works on.</summary>
/// <param name="FirstRow">The first row of the projections and the context, an <c>int</c> expression.</param>
/// <param name="QueryCount">How many query rows, an <c>nuint</c> expression.</param>
/// <param name="KeyCount">How many key rows, an <c>nuint</c> expression.</param>
internal sealed record HeadRows(string FirstRow, string QueryCount, string KeyCount)
{
    /// <summary>A whole batch item: every declared query and key.</summary>
    public static HeadRows Whole(AttentionLayout l) => new("0", Int(l.Spec.SeqLen), Int(l.Spec.KvSeqLen));
}
