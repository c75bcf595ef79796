using System.Collections.Generic;
using System.Text;

namespace AttnGen.Generator.Writing;

/// <summary>
/// Breaks a generated line that would pass <see cref="Limit"/> columns, the way a person formats C#: a doc comment at
/// the spaces between words, code after a comma, an opening parenthesis or an assignment's <c>=</c>, or before an
/// operator, at the shallowest nesting where it can break, continued one indent deeper. String literals are never broken, so a line holding a long one may stay long.
/// </summary>
internal static class LineWrapper
{
    public const int Limit = 120;

    private const string ContinuationIndent = "    ";

    /// <summary>Operators a continuation line may start with; made once, as every space of a long line is tested against them.</summary>
    private static readonly string[] LeadingOperators = ["=> ", "? ", ": ", "&& ", "|| ", "+ "];

    /// <summary>The lines that <paramref name="line"/>, written after <paramref name="indent"/>, becomes; each without the indent.</summary>
    public static IEnumerable<string> Wrap(string indent, string line)
    {
        if (indent.Length + line.Length <= Limit)
        {
            return [line];
        }

        string trimmed = line.TrimStart();
        if (trimmed.StartsWith("//", System.StringComparison.Ordinal))
        {
            return WrapComment(indent, line);
        }

        int comment = TrailingCommentStart(line);
        if (comment >= 0)
        {
            // A comment at the end of a long statement goes on its own line above it.
            var lines = new List<string>(WrapComment(indent, line.Substring(comment)));
            lines.AddRange(WrapCode(indent, line.Substring(0, comment).TrimEnd()));
            return lines;
        }

        return WrapCode(indent, line);
    }

    /// <summary>A <c>//</c> or <c>///</c> comment broken at spaces outside XML tags, each line keeping the marker.</summary>
    private static IEnumerable<string> WrapComment(string indent, string line)
    {
        string marker = line.StartsWith("///", System.StringComparison.Ordinal) ? "/// " : "// ";
        var words = SplitOutsideTags(line.Substring(marker.Length));
        var current = new StringBuilder(marker);
        foreach (string word in words)
        {
            if (current.Length > marker.Length && indent.Length + current.Length + 1 + word.Length > Limit)
            {
                yield return current.ToString();
                current.Clear().Append(marker);
            }

            if (current.Length > marker.Length)
            {
                current.Append(' ');
            }

            current.Append(word);
        }

        yield return current.ToString();
    }

    /// <summary>
    /// The words of a comment: split at spaces, except inside <c>&lt;…&gt;</c> (a tag's attributes stay together) and
    /// inside <c>&lt;c&gt;…&lt;/c&gt;</c> (a piece of code reads as one).
    /// </summary>
    private static List<string> SplitOutsideTags(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inTag = false, inCode = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            inTag = c == '<' || (inTag && c != '>');
            if (string.CompareOrdinal(text, i, "<c>", 0, 3) == 0)
            {
                inCode = true;
            }
            else if (string.CompareOrdinal(text, i, "</c>", 0, 4) == 0)
            {
                inCode = false;
            }

            if (c == ' ' && !inTag && !inCode)
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }

                continue;
            }

            word.Append(c);
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>
    /// Code broken at the shallowest nesting that can keep the first line within the limit, at its last break that does,
    /// then the rest, one indent deeper, the same way.
    /// </summary>
    private static IEnumerable<string> WrapCode(string indent, string line)
    {
        string rest = line, prefix = "";
        while (indent.Length + prefix.Length + rest.Length > Limit)
        {
            int split = BreakPoint(rest, Limit - indent.Length - prefix.Length);
            if (split <= 0)
            {
                break;
            }

            yield return prefix + rest.Substring(0, split).TrimEnd();
            rest = rest.Substring(split).TrimStart();
            prefix = ContinuationIndent;
        }

        yield return prefix + rest;
    }

    /// <summary>Where to break <paramref name="code"/> (the index the next line starts at), or −1 for nowhere.</summary>
    private static int BreakPoint(string code, int width)
    {
        var candidates = new List<(int Depth, int Index)>();
        int depth = 0;
        for (int i = 0; i < code.Length; i++)
        {
            char c = code[i];
            if (c == '"')
            {
                i = StringEnd(code, i);
                continue;
            }

            if (c == '\'')
            {
                i = code.IndexOf('\'', i + (code[i + 1] == '\\' ? 2 : 1));
                continue;
            }

            switch (c)
            {
                case '(':
                    // Right after an opening parenthesis, so a call whose first argument is long starts it on the next line.
                    depth++;
                    if (i + 1 < code.Length && code[i + 1] is not (';' or ')'))
                    {
                        candidates.Add((depth, i + 1));
                    }

                    break;
                case ';' when depth > 0:
                    // Between the clauses of a for header.
                    candidates.Add((depth, i + 1));
                    break;
                case '[' or '{' or '<' when c != '<' || IsGenericOpen(code, i):
                    depth++;
                    break;
                case ')' or ']' or '}':
                    depth--;
                    break;
                case '>' when depth > 0 && IsGenericClose(code, i):
                    depth--;
                    break;
                case ',':
                    candidates.Add((depth, i + 1));
                    break;
                case ' ' when StartsOperator(code, i + 1):
                    candidates.Add((depth, i + 1));
                    break;
                case '=' when i > 0 && code[i - 1] == ' ' && i + 1 < code.Length && code[i + 1] == ' ':
                    // An assignment or initialiser breaks after its '=', the value going on the next line.
                    candidates.Add((depth, i + 2));
                    break;
            }
        }

        // The shallowest nesting with a break that keeps the first line within the width, at its last such break; if
        // no nesting has one, the first break of the shallowest, which at least shortens the rest.
        int best = -1, bestDepth = int.MaxValue, fallback = -1, fallbackDepth = int.MaxValue;
        foreach ((int candidateDepth, int index) in candidates)
        {
            if (index <= width && (candidateDepth < bestDepth || (candidateDepth == bestDepth && index > best)))
            {
                (best, bestDepth) = (index, candidateDepth);
            }

            if (candidateDepth < fallbackDepth)
            {
                (fallback, fallbackDepth) = (index, candidateDepth);
            }
        }

        return best >= 0 ? best : fallback;
    }

    /// <summary>Operators a line may start with: the lambda arrow, the conditional, the logical and string joins.</summary>
    private static bool StartsOperator(string code, int i)
    {
        foreach (string op in LeadingOperators)
        {
            if (string.CompareOrdinal(code, i, op, 0, op.Length) == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The index of the quote closing the string (regular or interpolated, but not verbatim) opened at <paramref name="start"/>.</summary>
    private static int StringEnd(string code, int start)
    {
        for (int i = start + 1; i < code.Length; i++)
        {
            if (code[i] == '\\')
            {
                i++;
            }
            else if (code[i] == '"')
            {
                return i;
            }
        }

        return code.Length - 1;
    }

    /// <summary>Whether a <c>&lt;</c> opens type arguments (<c>Span&lt;float&gt;</c>) rather than comparing.</summary>
    private static bool IsGenericOpen(string code, int i) => i > 0 && char.IsLetterOrDigit(code[i - 1]) && i + 1 < code.Length && char.IsLetter(code[i + 1]);

    private static bool IsGenericClose(string code, int i) => i > 0 && (char.IsLetterOrDigit(code[i - 1]) || code[i - 1] == '>');

    /// <summary>Where a <c>//</c> comment after code starts, outside strings; −1 if the line has none.</summary>
    private static int TrailingCommentStart(string line)
    {
        for (int i = 0; i + 1 < line.Length; i++)
        {
            if (line[i] == '"')
            {
                i = StringEnd(line, i);
            }
            else if (line[i] == '/' && line[i + 1] == '/')
            {
                return i;
            }
        }

        return -1;
    }
}
