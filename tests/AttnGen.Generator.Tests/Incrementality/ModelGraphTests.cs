using System.Collections;
using System.Reflection;
using AttnGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Tests.Incrementality;

/// <summary>
/// The model that travels through the pipeline holds no Roslyn object: such an object would keep a whole
/// compilation alive between runs and, compared by reference, would make every step look modified.
/// </summary>
public sealed class ModelGraphTests
{
    private static readonly Type[] Forbidden =
    [
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Compilation), typeof(SemanticModel),
        typeof(Location), typeof(SyntaxToken), typeof(SyntaxTrivia), typeof(SyntaxNodeOrToken), typeof(SyntaxReference),
        typeof(AttributeData), typeof(TypedConstant),
    ];

    // Valid (plain and padded), invalid (several diagnostics, no spec), nested, global namespace.
    private const string Declarations = """
        using AttnGen;

        [MultiHeadAttention(DModel = 16, Heads = 2, SeqLen = 4)]
        public partial class GlobalBlock { }

        namespace Demo
        {
            [MultiHeadAttention(DModel = 64, Heads = 4, SeqLen = 16, Mask = AttentionMask.Causal)]
            public partial class SelfBlock { }

            [MultiHeadAttention(DModel = 36, Heads = 3, SeqLen = 5, KvSeqLen = 11, Mask = AttentionMask.KeyPadding | AttentionMask.Explicit)]
            public partial class PaddedBlock { }

            public partial class Outer
            {
                public partial record Middle
                {
                    [MultiHeadAttention(DModel = 32, Heads = 4, SeqLen = 8, Bias = false)]
                    internal partial class NestedBlock { }
                }
            }

            [MultiHeadAttention(DModel = 64, Heads = 3, SeqLen = 0, Mask = (AttentionMask)8)]
            public class BrokenBlock { }
        }
        """;

    [Fact]
    public void Parsed_values_reach_no_Roslyn_object()
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(GeneratorHarness.Compile(Declarations));
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        object[] parsed = result.TrackedSteps[AttentionGenerator.TrackingNames.Parsed]
            .SelectMany(step => step.Outputs).Select(output => output.Value).ToArray();

        Assert.Equal(5, parsed.Length);
        Assert.All(parsed, value => Assert.IsType<ParseResult<AttentionSpec>>(value));
        Assert.Equal(4, parsed.Cast<ParseResult<AttentionSpec>>().Count(p => p.Spec is not null));
        Assert.Contains(parsed.Cast<ParseResult<AttentionSpec>>(), p => p.Diagnostics.Count >= 3);

        var walker = new GraphWalker(Forbidden);
        foreach (object value in parsed)
        {
            walker.Walk(value, "Parsed");
        }

        Assert.True(walker.Violations.Count == 0, "Roslyn objects reachable from the model:" + Environment.NewLine +
            string.Join(Environment.NewLine, walker.Violations));
        Assert.True(walker.Visited > 20, $"The walk looked at only {walker.Visited} objects; it is not walking the model.");
    }

    [Fact]
    public void Specs_and_diagnostics_values_reach_no_Roslyn_object()
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(GeneratorHarness.Compile(Declarations));
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        var walker = new GraphWalker(Forbidden);
        foreach (string name in new[] { AttentionGenerator.TrackingNames.Specs, AttentionGenerator.TrackingNames.Diagnostics })
        {
            foreach ((object value, IncrementalStepRunReason _) in result.TrackedSteps[name].SelectMany(step => step.Outputs))
            {
                walker.Walk(value, name);
            }
        }

        Assert.True(walker.Violations.Count == 0, string.Join(Environment.NewLine, walker.Violations));
    }

    [Theory]
    [InlineData(typeof(ParseResult<AttentionSpec>))]
    [InlineData(typeof(AttentionSpec))]
    [InlineData(typeof(FeedForwardSpec))]
    [InlineData(typeof(EncoderLayerSpec))]
    [InlineData(typeof(DecoderLayerSpec))]
    [InlineData(typeof(BertEmbeddingsSpec))]
    [InlineData(typeof(PositionalEncodingSpec))]
    [InlineData(typeof(DiagnosticInfo))]
    public void Model_types_declare_no_Roslyn_field(Type type)
    {
        // The static view: even a field that happens to be null in every test value must not be able to hold one.
        var violations = new List<string>();
        WalkType(type, type.Name, [], violations);

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void The_walker_finds_a_Roslyn_object()
    {
        // Guard against a walker that cannot see anything: a Location hidden in a list in a field is found.
        var walker = new GraphWalker(Forbidden);
        walker.Walk(new { Items = new List<object> { 1, new[] { Location.None } } }, "probe");

        Assert.Single(walker.Violations);
        Assert.Contains("Location", walker.Violations[0], StringComparison.Ordinal);
    }

    private static void WalkType(Type type, string path, HashSet<Type> seen, List<string> violations)
    {
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || !seen.Add(type))
        {
            return;
        }

        if (Forbidden.Any(forbidden => forbidden.IsAssignableFrom(type)))
        {
            violations.Add($"{path}: {type.FullName}");
            return;
        }

        if (type == typeof(object) || (type.IsInterface && !IsSafeInterface(type)))
        {
            violations.Add($"{path}: {type.FullName} could hold anything");
            return;
        }

        if (type.IsArray)
        {
            WalkType(type.GetElementType()!, path + "[]", seen, violations);
            return;
        }

        for (Type? current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (FieldInfo field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                WalkType(field.FieldType, path + "." + field.Name, seen, violations);
            }
        }
    }

    private static bool IsSafeInterface(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEquatable<>);

    /// <summary>Walks every object reachable through fields and enumerables, recording forbidden instances with their path.</summary>
    private sealed class GraphWalker(Type[] forbidden)
    {
        private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);

        public List<string> Violations { get; } = [];

        public int Visited { get; private set; }

        public void Walk(object? value, string path)
        {
            if (value is null)
            {
                return;
            }

            Type type = value.GetType();
            Visited++;
            if (forbidden.FirstOrDefault(f => f.IsInstanceOfType(value)) is { } hit)
            {
                Violations.Add($"{path}: {type.FullName} (a {hit.Name})");
                return;
            }

            if (type.IsPrimitive || type.IsEnum || value is string or decimal or Type or Pointer)
            {
                return;
            }

            // Reference types once each (cycles, shared instances); boxed structs are fresh copies, so walk them.
            if (!type.IsValueType && !_seen.Add(value))
            {
                return;
            }

            if (value is IEnumerable sequence && !IsDefaultImmutableArray(value))
            {
                int index = 0;
                foreach (object? item in sequence)
                {
                    Walk(item, $"{path}[{index++}]");
                }
            }

            for (Type? current = type; current is not null && current != typeof(object); current = current.BaseType)
            {
                foreach (FieldInfo field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.FieldType.IsPointer || field.FieldType.IsByRefLike)
                    {
                        continue;
                    }

                    Walk(field.GetValue(value), $"{path}.{field.Name}");
                }
            }
        }

        // Enumerating a default ImmutableArray throws; its (null) field is walked instead.
        private static bool IsDefaultImmutableArray(object value) =>
            value.GetType() is { IsGenericType: true } type
            && type.GetGenericTypeDefinition() == typeof(System.Collections.Immutable.ImmutableArray<>)
            && (bool)type.GetProperty("IsDefault")!.GetValue(value)!;
    }
}
