using System.Collections.Generic;
using System.Threading;
using AttnGen.Generator.Model;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Parsing;

/// <summary>Turns one <c>[FeedForward]</c> application into a <see cref="FeedForwardSpec"/> and its diagnostics.</summary>
internal static class FeedForwardParser
{
    public static ParseResult<FeedForwardSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, Check, static (target, a, _) =>
            new FeedForwardSpec(target, a.Int("DModel"), a.Int("Hidden"), (Activation)a.Int("Activation"), a.Bool("Bias", fallback: true)));

    private static bool Check(AttributeArguments arguments, List<DiagnosticInfo> diagnostics)
    {
        int errorsBefore = diagnostics.Count;
        int dModel = arguments.Int("DModel"), hidden = arguments.Int("Hidden");
        if (SizeRules.CheckSizes([("DModel", dModel), ("Hidden", hidden)], arguments, diagnostics))
        {
            CheckWeightSize(dModel, hidden, arguments, diagnostics);
        }

        BlockRules.ActivationDefined(arguments.Int("Activation"), arguments, diagnostics);
        return diagnostics.Count == errorsBefore;
    }

    /// <summary>A feed-forward weight matrix is one array, so it must stay inside the per-array limit too.</summary>
    public static void CheckWeightSize(int dModel, int hidden, AttributeArguments arguments, List<DiagnosticInfo> diagnostics) =>
        SizeRules.CheckSampleSize("Hidden × DModel (one feed-forward weight matrix)", (long)hidden * dModel, arguments, diagnostics);
}
