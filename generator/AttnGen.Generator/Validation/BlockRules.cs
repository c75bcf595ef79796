using System.Collections.Generic;
using System.Globalization;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Layout;
using AttnGen.Generator.Model;
using AttnGen.Generator.Parsing;

namespace AttnGen.Generator.Validation;

/// <summary>Rules that several block kinds share; each adds a diagnostic pointing at the offending argument.</summary>
internal static class BlockRules
{
    private const int AllMaskFlags = (int)(AttentionMask.Causal | AttentionMask.KeyPadding | AttentionMask.Explicit);

    public static void MaskFlags(int mask, AttributeArguments arguments, List<DiagnosticInfo> diagnostics)
    {
        if ((mask & ~AllMaskFlags) != 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedMaskFlags, arguments.LocationOf("Mask"),
                SizeRules.Text(mask)));
        }
    }

    public static void ActivationDefined(int activation, AttributeArguments arguments, List<DiagnosticInfo> diagnostics)
    {
        if (activation is < (int)Activation.Gelu or > (int)Activation.Relu)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedActivation, arguments.LocationOf("Activation"),
                SizeRules.Text(activation)));
        }
    }

    /// <summary>DModel must split evenly into heads; call once both sizes are known to be positive.</summary>
    public static void HeadsDivideModel(int dModel, int heads, AttributeArguments arguments, List<DiagnosticInfo> diagnostics)
    {
        if (dModel % heads != 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HeadsDoNotDivideModel, arguments.LocationOf("Heads"),
                SizeRules.Text(dModel), SizeRules.Text(heads)));
        }
    }

    /// <summary>LayerNormEps has no default on purpose (1e-5 in PyTorch, 1e-12 in BERT): it must be written, positive and finite.</summary>
    public static void LayerNormEps(AttributeArguments arguments, List<DiagnosticInfo> diagnostics)
    {
        double eps = arguments.Double("LayerNormEps");
        string? problem = !arguments.IsSet("LayerNormEps") ? "is not set"
            : !(eps > 0) || double.IsInfinity(eps) ? "is " + eps.ToString("R", CultureInfo.InvariantCulture)
            : (float)eps == 0 ? "is " + eps.ToString("R", CultureInfo.InvariantCulture) + ", which is 0 in float32"
            : null;
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerNormEpsRequired, arguments.LocationOf("LayerNormEps"), problem));
        }
    }

    /// <summary>Info for a valid declaration whose head size is padded: what the padding costs.</summary>
    public static void AdviseHeadDim(int dModel, int heads, AttributeArguments arguments, List<DiagnosticInfo> diagnostics)
    {
        int headDim = dModel / heads;
        if (headDim % Lanes.Count != 0)
        {
            int padded = Lanes.RoundUp(headDim);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HeadDimPadded, arguments.LocationOf("Heads"),
                SizeRules.Text(headDim), SizeRules.Text(padded), SizeRules.Text((padded - headDim) * 100 / padded)));
        }
    }
}
