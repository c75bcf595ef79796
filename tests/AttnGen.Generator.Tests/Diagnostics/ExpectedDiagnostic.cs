using Microsoft.CodeAnalysis.Text;

namespace AttnGen.Generator.Tests.Diagnostics;

/// <summary>A diagnostic a test expects: its id, and the span of the declaration file it points at.</summary>
internal readonly record struct ExpectedDiagnostic(string Id, TextSpan Span);
