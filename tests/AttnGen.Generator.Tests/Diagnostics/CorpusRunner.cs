using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace AttnGen.Generator.Tests.Diagnostics;

/// <summary>
/// Runs the blocks of a compiled declaration file once each, as a user would: <c>Weights.Random(seed)</c>, the
/// constructor, then one <c>Forward</c> (or <c>AddTo</c>) with inputs of exactly the sizes its constants give. The call
/// is written as source from the generated <c>Forward</c>'s parameters, compiled beside the blocks and run in a
/// collectible <see cref="AssemblyLoadContext"/>; every output must be finite.
/// </summary>
internal static class CorpusRunner
{
    private const string RunnerType = "AttnGenCorpusRunner";

    /// <summary>Runs each accessible block; returns how many ran.</summary>
    public static int Run(Compilation output, IReadOnlyList<GeneratedBlock> blocks)
    {
        GeneratedBlock[] accessible = blocks.Where(block => output.IsSymbolAccessibleWithin(block.Type, output.Assembly)).ToArray();
        var source = new StringBuilder();
        source.AppendLine($"internal static class {RunnerType}").AppendLine("{").AppendLine("    public static double Run()").AppendLine("    {")
            .AppendLine("        double total = 0;");
        foreach (GeneratedBlock block in accessible)
        {
            source.AppendLine("        {").Append(Call(block.Type)).AppendLine("        }");
        }

        source.AppendLine("        return total;").AppendLine("    }").AppendLine(Helpers).AppendLine("}");
        Compilation withRunner = output.AddSyntaxTrees(CSharpSyntaxTree.ParseText(source.ToString(), GeneratorHarness.ParseOptions, "/src/Runner.cs"));

        using var image = new MemoryStream();
        EmitResult emit = withRunner.Emit(image);
        Diagnostic[] problems = emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.True(emit.Success && problems.Length == 0,
            "The runner did not compile:" + Environment.NewLine + DiagnosticRun.Describe(problems) + Environment.NewLine + source);

        image.Position = 0;
        var context = new AssemblyLoadContext("corpus", isCollectible: true);
        try
        {
            MethodInfo run = context.LoadFromStream(image).GetType(RunnerType, throwOnError: true)!.GetMethod("Run")!;
            Assert.True(double.IsFinite((double)run.Invoke(null, null)!));
        }
        finally
        {
            context.Unload();
        }

        return accessible.Length;
    }

    /// <summary>The statements that run one block and add its output to <c>total</c>.</summary>
    private static string Call(INamedTypeSymbol block)
    {
        string type = block.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        bool Has(string name) => !block.GetMembers(name).IsEmpty;
        if (Has("AddTo"))
        {
            return $"            float[] x = Inputs({type}.MaxLength * {type}.DModel);\n            {type}.AddTo(x);\n            total += Sum(x);\n";
        }

        // Feed-forward blocks take any number of rows, decoders as many as their cache holds, every other block SeqLen.
        string rows = Has("SeqLen") ? $"{type}.SeqLen" : Has("MaxSeqLen") ? $"{type}.MaxSeqLen" : "3";
        string keys = Has("KvSeqLen") ? $"{type}.KvSeqLen" : Has("MemorySeqLen") ? $"{type}.MemorySeqLen" : $"{type}.SeqLen";
        // A decoder layer has two: over whole sequences, and with a cache; the first runs here.
        IMethodSymbol forward = block.GetMembers("Forward").OfType<IMethodSymbol>().OrderBy(m => m.Parameters.Any(p => p.Name == "cache")).First();
        IEnumerable<string> arguments = forward.Parameters.Where(parameter => !parameter.IsOptional).Select(parameter => parameter.Name switch
        {
            "x" => $"Inputs({rows} * {type}.DModel)",
            "memory" => $"Inputs({keys} * {type}.DModel)",
            "keyLengths" => $"new int[] {{ {keys} }}",
            "mask" => $"new float[{rows} * {keys}]",
            "inputIds" or "tokenTypeIds" => $"new int[{type}.SeqLen]",
            "cache" => $"new {type}.Cache()",
            "y" => "y",
            _ => throw new InvalidOperationException($"{type}.Forward has a parameter '{parameter.Name}' the corpus runner does not know."),
        });
        return $"            var block = new {type}({type}.Weights.Random(7));\n"
            + $"            float[] y = new float[{rows} * {type}.DModel];\n"
            + $"            block.Forward({string.Join(", ", arguments)});\n"
            + "            total += Sum(y);\n";
    }

    private const string Helpers = """
            private static float[] Inputs(int length)
            {
                var values = new float[length];
                for (int i = 0; i < length; i++)
                {
                    values[i] = (i % 13 - 6) * 0.05f;
                }

                return values;
            }

            private static double Sum(float[] values)
            {
                double sum = 0;
                foreach (float value in values)
                {
                    sum += float.IsFinite(value) ? value : throw new global::System.InvalidOperationException("a non-finite output");
                }

                return sum;
            }
        """;
}
