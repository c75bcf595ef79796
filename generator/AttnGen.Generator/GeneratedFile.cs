namespace AttnGen.Generator;

/// <summary>One emitted source file: the type it completes and its text.</summary>
internal sealed record GeneratedFile(string TypeName, string Text);
