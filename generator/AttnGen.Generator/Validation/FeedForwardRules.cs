using System.Collections.Generic;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Validation;

/// <summary>The rules a <c>[FeedForward]</c> follows, and the weight-size rule the layers' feed-forward blocks share.</summary>
internal static class FeedForwardRules
{
    public static List<DiagnosticInfo> Check(FeedForwardDeclaration declaration)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (SizeRules.CheckSizes([declaration.DModel, declaration.Hidden], diagnostics))
        {
            CheckWeightSize(declaration.DModel.Value, declaration.Hidden.Value, declaration.Attribute, diagnostics);
        }

        BlockRules.ActivationDefined(declaration.Activation, diagnostics);
        return diagnostics;
    }

    /// <summary>A feed-forward weight matrix is one array, so it must stay inside the per-array limit too.</summary>
    public static void CheckWeightSize(int dModel, int hidden, Location? attribute, List<DiagnosticInfo> diagnostics) =>
        SizeRules.CheckSampleSize("Hidden × DModel (one feed-forward weight matrix)", (long)hidden * dModel, attribute, diagnostics);
}
