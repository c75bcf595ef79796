using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AttnGen.Generator.Tests.Incrementality;

/// <summary>A change to a syntax tree the way an editor makes one: a text change, then an incremental reparse.</summary>
internal static class TreeEdit
{
    /// <summary>The tree with the first occurrence of <paramref name="oldText"/> replaced by <paramref name="newText"/>.</summary>
    public static SyntaxTree Replace(SyntaxTree tree, string oldText, string newText)
    {
        SourceText text = tree.GetText();
        int start = text.ToString().IndexOf(oldText, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new ArgumentException($"'{oldText}' is not in the tree.", nameof(oldText));
        }

        return tree.WithChangedText(text.WithChanges(new TextChange(new TextSpan(start, oldText.Length), newText)));
    }
}
