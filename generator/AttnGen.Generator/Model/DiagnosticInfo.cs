using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AttnGen.Generator.Model;

/// <summary>
/// A diagnostic as plain values (descriptor id, file, span, message arguments), so it can travel through
/// the incremental pipeline with value equality and be turned back into a <see cref="Diagnostic"/> at the end.
/// </summary>
internal sealed record DiagnosticInfo(
    string DescriptorId, string FilePath, TextSpan Span, LinePositionSpan LineSpan, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
    {
        FileLinePositionSpan lines = location?.GetLineSpan() ?? default;
        return new DiagnosticInfo(descriptor.Id, lines.Path ?? "", location?.SourceSpan ?? default, lines.Span,
            arguments.ToEquatableArray());
    }

    /// <summary>Rebuilds the diagnostic with a location inside its syntax tree, where <c>#pragma</c> applies.</summary>
    public Diagnostic ToDiagnostic(Compilation compilation)
    {
        SyntaxTree? tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == FilePath && t.Length >= Span.End);
        Location location = tree is not null ? Location.Create(tree, Span)
            : FilePath.Length > 0 ? Location.Create(FilePath, Span, LineSpan)
            : Location.None;
        return Diagnostic.Create(Diagnostics.DiagnosticDescriptors.ById(DescriptorId), location, [.. Arguments]);
    }
}
