using System.Collections.Generic;
using System.Globalization;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Model;

namespace AttnGen.Generator.Validation;

/// <summary>
/// Rules that several block kinds share; each adds a diagnostic pointing at the offending argument, and says nothing
/// about an argument the compiler already rejects.
/// </summary>
internal static class BlockRules
{
    /// <summary>
    /// The lanes a head is padded to: the kernels' vector width, Vector256 of float (Kernels/Lanes.Count, which a
    /// test keeps equal). A copy, so that the rules do not depend on the kernels; ATTN0008's title says 8 too.
    /// </summary>
    internal const int HeadLanes = 8;

    private const AttentionMask AllMaskFlags = AttentionMask.Causal | AttentionMask.KeyPadding | AttentionMask.Explicit;

    public static void MaskFlags(Argument<AttentionMask> mask, List<DiagnosticInfo> diagnostics)
    {
        if (!mask.IsBroken && (mask.Value & ~AllMaskFlags) != 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedMaskFlags, mask.Location,
                SizeRules.Text((int)mask.Value)));
        }
    }

    public static void ActivationDefined(Argument<Activation> activation, List<DiagnosticInfo> diagnostics)
    {
        if (!activation.IsBroken && activation.Value is < Activation.Gelu or > Activation.Relu)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedActivation, activation.Location,
                SizeRules.Text((int)activation.Value)));
        }
    }

    /// <summary>DModel must split evenly into heads; call once both sizes are known to be positive.</summary>
    public static void HeadsDivideModel(Argument<int> dModel, Argument<int> heads, List<DiagnosticInfo> diagnostics)
    {
        if (dModel.Value % heads.Value != 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HeadsDoNotDivideModel, heads.Location,
                SizeRules.Text(dModel.Value), SizeRules.Text(heads.Value)));
        }
    }

    /// <summary>LayerNormEps has no default on purpose (1e-5 in PyTorch, 1e-12 in BERT): it must be written, positive and finite.</summary>
    public static void LayerNormEps(Argument<double> eps, List<DiagnosticInfo> diagnostics)
    {
        string shown = eps.Value.ToString("R", CultureInfo.InvariantCulture);
        string? problem = eps.IsBroken ? null
            : !eps.IsSet ? "is not set"
            : !(eps.Value > 0) || double.IsInfinity(eps.Value) ? "is " + shown
            : (float)eps.Value == 0 ? "is " + shown + ", which is 0 in float32"
            : null;
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerNormEpsRequired, eps.Location, problem));
        }
    }

    /// <summary>Info for a valid declaration whose head size is padded: what the padding costs.</summary>
    public static void AdviseHeadDim(AttentionShape shape, List<DiagnosticInfo> diagnostics)
    {
        int headDim = shape.DModel.Value / shape.Heads.Value;
        if (headDim % HeadLanes != 0)
        {
            int padded = (headDim + HeadLanes - 1) / HeadLanes * HeadLanes;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HeadDimPadded, shape.Heads.Location,
                SizeRules.Text(headDim), SizeRules.Text(padded), SizeRules.Text((padded - headDim) * 100 / padded)));
        }
    }
}
