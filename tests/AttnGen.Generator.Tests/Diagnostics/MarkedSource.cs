using Microsoft.CodeAnalysis.Text;

namespace AttnGen.Generator.Tests.Diagnostics;

/// <summary>
/// Source text with one expected diagnostic span marked as <c>[|…|]</c> (the Roslyn test convention):
/// the markers are removed and the span they enclosed is kept.
/// </summary>
internal readonly record struct MarkedSource(string Source, TextSpan Span)
{
    public string SpanText => Source.Substring(Span.Start, Span.Length);

    public static MarkedSource Parse(string marked)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal);
        if (start < 0 || end < start || marked.IndexOf("[|", start + 2, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException("Mark exactly one span with [| and |].", nameof(marked));
        }

        string source = marked.Remove(end, 2).Remove(start, 2);
        return new MarkedSource(source, TextSpan.FromBounds(start, end - 2));
    }
}
