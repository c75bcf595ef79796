using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Tests.Diagnostics;

/// <summary>
/// Valid declarations of many shapes compile with no warning or error (generator's or compiler's), and broken
/// or unusual source never crashes the generator.
/// </summary>
public sealed class ValidDeclarationDiagnosticTests
{
    [Theory]
    [InlineData("DModel = 64, Heads = 4, SeqLen = 16, Mask = AttentionMask.Causal")]
    [InlineData("DModel = 8, Heads = 1, SeqLen = 1")]
    [InlineData("DModel = 256, Heads = 16, SeqLen = 33, Mask = AttentionMask.Causal")]
    [InlineData("DModel = 128, Heads = 8, SeqLen = 3, KvSeqLen = 1, Mask = AttentionMask.None, Bias = true")]
    [InlineData("DModel = 36, Heads = 3, SeqLen = 5, KvSeqLen = 11, Mask = AttentionMask.KeyPadding | AttentionMask.Explicit")]
    [InlineData("DModel = 48, Heads = 2, SeqLen = 7, KvSeqLen = 7, Mask = AttentionMask.Causal | AttentionMask.KeyPadding | AttentionMask.Explicit, Bias = false")]
    [InlineData("DModel = 5, Heads = 5, SeqLen = 2, Mask = AttentionMask.Explicit")]
    [InlineData("DModel = 40, Heads = 4, SeqLen = 9, KvSeqLen = 17, Mask = AttentionMask.Causal, Bias = false")]
    [InlineData("Mask = AttentionMask.KeyPadding, SeqLen = 12, Heads = 2, DModel = 16")]
    public void Valid_shapes_compile_without_warnings_or_errors(string arguments) =>
        AssertCompilesCleanly($$"""
            using AttnGen;

            namespace Demo;

            [MultiHeadAttention({{arguments}})]
            public partial class Block
            {
            }
            """, generatedFiles: 1);

    [Theory]
    [InlineData("internal sealed partial class Block { }")]
    [InlineData("public partial class Block : System.IDisposable { public void Dispose() { } }")]
    [InlineData("public partial struct Host { [MultiHeadAttention(DModel = 16, Heads = 2, SeqLen = 4)] public partial class Block { } }")]
    [InlineData("public partial record struct Host(int Id) { [MultiHeadAttention(DModel = 16, Heads = 2, SeqLen = 4)] public partial class Block { } }")]
    [InlineData("public partial interface IHost { [MultiHeadAttention(DModel = 16, Heads = 2, SeqLen = 4)] public partial class Block { } }")]
    [InlineData("public static partial class Host { [MultiHeadAttention(DModel = 16, Heads = 2, SeqLen = 4)] internal sealed partial class Block { } }")]
    public void Valid_class_shapes_compile_without_warnings_or_errors(string declaration)
    {
        string attributed = declaration.Contains("MultiHeadAttention", StringComparison.Ordinal)
            ? declaration
            : "[MultiHeadAttention(DModel = 16, Heads = 2, SeqLen = 4)]\n" + declaration;
        AssertCompilesCleanly("using AttnGen;\n\nnamespace Demo.Kinds;\n\n" + attributed, generatedFiles: 1);
    }

    [Theory]
    [InlineData("public partial record Block;")]
    [InlineData("public sealed partial record class Block { }")]
    public void A_record_class_target_compiles_without_warnings_or_errors(string declaration) =>
        // The syntax predicate accepts records and AttributeTargets.Class allows record classes.
        AssertCompilesCleanly(
            "using AttnGen;\n\nnamespace Demo;\n\n[MultiHeadAttention(DModel = 16, Heads = 2, SeqLen = 4)]\n" + declaration,
            generatedFiles: 1);

    [Fact]
    public void Several_declarations_in_one_file_each_generate_one_file()
    {
        DiagnosticRun run = AssertCompilesCleanly("""
            using AttnGen;

            [MultiHeadAttention(DModel = 16, Heads = 2, SeqLen = 4)]
            public partial class Block { }

            namespace Demo.A
            {
                [MultiHeadAttention(DModel = 16, Heads = 2, SeqLen = 4, Mask = AttentionMask.Causal)]
                public partial class Block { }
            }

            namespace Demo.B
            {
                public partial class Outer
                {
                    [MultiHeadAttention(DModel = 32, Heads = 4, SeqLen = 4, KvSeqLen = 9)]
                    public partial class Block { }
                }
            }
            """, generatedFiles: 3);

        Assert.Equal(
            ["Block.g.cs", "Demo.A.Block.g.cs", "Demo.B.Outer.Block.g.cs"],
            run.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("namespace Demo.Shapes { internal static class Circle { } }")]
    [InlineData("namespace Demo { internal static class Shapes { } }")]
    [InlineData("namespace Demo { internal static class Math { } }")]
    [InlineData("namespace Demo { internal static class Unsafe { } }")]
    [InlineData("namespace Demo { internal static class WeightPacking { } }")]
    [InlineData("namespace Demo { internal sealed class AlignedBuffer { } }")]
    public void User_types_named_like_runtime_or_framework_types_do_not_capture_generated_names(string userSource) =>
        // Generated code must bind to AttnGen's and the framework's types whatever the user's namespace holds:
        // Emitted code names every type global::-qualified, so a user's type of the same name cannot capture it.
        AssertCompilesCleanly($$"""
            using AttnGen;

            {{userSource}}

            namespace Demo
            {
                [MultiHeadAttention(DModel = 36, Heads = 3, SeqLen = 5, KvSeqLen = 11, Mask = AttentionMask.KeyPadding | AttentionMask.Explicit)]
                public partial class Block
                {
                }
            }
            """, generatedFiles: 1);

    [Fact]
    public void Classes_whose_names_differ_only_in_case_each_generate()
    {
        // Valid C#; hint names are compared ignoring case by the driver, so they must still be distinct.
        DiagnosticRun run = AssertCompilesCleanly("""
            using AttnGen;

            namespace Demo;

            [MultiHeadAttention(DModel = 16, Heads = 2, SeqLen = 4)]
            public partial class Block { }

            [MultiHeadAttention(DModel = 32, Heads = 2, SeqLen = 4)]
            public partial class BLOCK { }
            """, generatedFiles: 2);
        Assert.Equal(2, run.GeneratedSources.Select(s => s.HintName.ToUpperInvariant()).Distinct().Count());
    }

    [Theory]
    [InlineData("MultiHeadAttention(DModel = \"64\", Heads = 4, SeqLen = 16)")]
    [InlineData("MultiHeadAttention(DModel = Undefined, Heads = 4, SeqLen = 16)")]
    [InlineData("MultiHeadAttention(DModel = , Heads = 4, SeqLen = 16)")]
    [InlineData("MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16, Unknown = 1)")]
    [InlineData("MultiHeadAttention(64, 4, 16)")]
    [InlineData("MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16, Mask = 1)")]
    [InlineData("MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16, Bias = 1)")]
    [InlineData("MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16")]
    [InlineData("MultiHeadAttention(DModel = 64 * 1024 * 1024 * 1024, Heads = 4, SeqLen = 16)")]
    public void Broken_attribute_arguments_do_not_crash_the_generator(string attribute) =>
        // DiagnosticRun.Of asserts no CS8785/AD0001 and no generator exception; the compiler reports the errors.
        Assert.NotEmpty(DiagnosticRun.Of(DiagnosticTests.Declaration(attribute)).Output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error));

    [Fact]
    public void The_attribute_on_two_partial_parts_does_not_crash_the_generator()
    {
        // CS0579 (duplicate attribute) is the user's error; the generator must not add a second file with the
        // same hint name, which throws inside the driver (CS8785).
        DiagnosticRun run = DiagnosticRun.Of("""
            using AttnGen;

            namespace Demo;

            [MultiHeadAttention(DModel = 16, Heads = 2, SeqLen = 4)]
            public partial class Block { }

            [MultiHeadAttention(DModel = 16, Heads = 2, SeqLen = 4)]
            public partial class Block { }
            """);

        Assert.Contains(run.Output.GetDiagnostics(), d => d.Id == "CS0579");
    }

    [Fact]
    public void The_attribute_on_a_struct_does_not_crash_the_generator()
    {
        DiagnosticRun run = DiagnosticRun.Of("""
            using AttnGen;

            namespace Demo;

            [MultiHeadAttention(DModel = 16, Heads = 2, SeqLen = 4)]
            public partial struct Block { }

            [MultiHeadAttention(DModel = 16, Heads = 2, SeqLen = 4)]
            public partial record struct Pair(int A);
            """);

        Assert.Contains(run.Output.GetDiagnostics(), d => d.Id == "CS0592");
    }

    private static DiagnosticRun AssertCompilesCleanly(string source, int generatedFiles)
    {
        DiagnosticRun run = DiagnosticRun.Of(source);

        Diagnostic[] bad = run.WarningsAndErrors();
        Assert.True(bad.Length == 0, $"Expected no warnings or errors, got:{Environment.NewLine}{DiagnosticRun.Describe(bad)}");
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal("ATTN0008", d.Id));
        Assert.Equal(generatedFiles, run.GeneratedSources.Count());
        return run;
    }
}
