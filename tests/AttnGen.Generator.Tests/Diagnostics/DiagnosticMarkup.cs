using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace AttnGen.Generator.Tests.Diagnostics;

/// <summary>
/// Source text with its expected diagnostics marked in the style of Roslyn's tests: <c>{|ATTN0004:0|}</c> expects
/// ATTN0004 on the text <c>0</c>, <c>{|ATTN0004,ATTN0004:…|}</c> two on one span; markers nest. The markers are
/// removed from <see cref="Source"/>, and each span is where the marked text lies in it.
/// </summary>
internal sealed record DiagnosticMarkup(string Source, IReadOnlyList<ExpectedDiagnostic> Expected)
{
    private const string Open = "{|", Close = "|}";

    public static DiagnosticMarkup Parse(string marked)
    {
        var source = new StringBuilder();
        var open = new Stack<(string[] Ids, int Start)>();
        var expected = new List<ExpectedDiagnostic>();
        for (int i = 0; i < marked.Length;)
        {
            if (string.CompareOrdinal(marked, i, Open, 0, Open.Length) == 0)
            {
                int colon = marked.IndexOf(':', i);
                if (colon < 0)
                {
                    throw new FormatException($"A marker at {i} has no ':' after its ids.");
                }

                open.Push((marked[(i + Open.Length)..colon].Split(','), source.Length));
                i = colon + 1;
            }
            else if (string.CompareOrdinal(marked, i, Close, 0, Close.Length) == 0)
            {
                if (open.Count == 0)
                {
                    throw new FormatException($"A '{Close}' at {i} closes no marker.");
                }

                (string[] ids, int start) = open.Pop();
                expected.AddRange(ids.Select(id => new ExpectedDiagnostic(id.Trim(), TextSpan.FromBounds(start, source.Length))));
                i += Close.Length;
            }
            else
            {
                source.Append(marked[i++]);
            }
        }

        if (open.Count > 0)
        {
            throw new FormatException($"{open.Count} marker(s) not closed.");
        }

        return new DiagnosticMarkup(source.ToString(), expected);
    }
}
