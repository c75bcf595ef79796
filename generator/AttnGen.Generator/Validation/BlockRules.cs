using System;
using System.Collections.Generic;
using System.Linq;
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

    /// <summary>Every flag the runtime's enum defines, so that a new flag is accepted without editing this rule.</summary>
    private static readonly AttentionMask AllMaskFlags =
        Enum.GetValues(typeof(AttentionMask)).Cast<AttentionMask>().Aggregate(AttentionMask.None, (all, flag) => all | flag);

    public static void MaskFlags(Argument<AttentionMask> mask, List<DiagnosticInfo> diagnostics)
    {
        if (!mask.IsBroken && (mask.Value & ~AllMaskFlags) != 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedMaskFlags, mask.Location,
                SizeRules.Text((int)mask.Value)));
        }
    }

    /// <summary>An enum argument holds one of its members (a cast integer may not); the message lists them.</summary>
    public static void Defined<TEnum>(Argument<TEnum> value, List<DiagnosticInfo> diagnostics)
        where TEnum : struct, Enum
    {
        if (!value.IsBroken && !Enum.IsDefined(typeof(TEnum), value.Value))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedEnumValue, value.Location, value.Name,
                Convert.ToInt32(value.Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                DiagnosticDescriptors.Names(typeof(TEnum), typeof(TEnum).Name + ".", "or")));
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

    /// <summary>A norm's epsilon has no default on purpose (1e-5 in PyTorch, 1e-12 in BERT): it must be written, positive and finite.</summary>
    public static void NormEps(Argument<double> eps, List<DiagnosticInfo> diagnostics)
    {
        string shown = eps.Value.ToString("R", CultureInfo.InvariantCulture);
        string? problem = eps.IsBroken ? null
            : !eps.IsSet ? "is not set"
            : !(eps.Value > 0) || double.IsInfinity(eps.Value) ? "is " + shown
            : (float)eps.Value == 0 ? "is " + shown + ", which is 0 in float32"
            : null;
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NormEpsRequired, eps.Location, eps.Name, problem));
        }
    }

    /// <summary>Info for a valid declaration whose head size is padded: what the padding costs.</summary>
    public static List<DiagnosticInfo> AdviseHeadDim(Argument<int> dModel, Argument<int> heads)
    {
        int headDim = dModel.Value / heads.Value;
        if (headDim % HeadLanes == 0)
        {
            return [];
        }

        int padded = (headDim + HeadLanes - 1) / HeadLanes * HeadLanes;
        return [DiagnosticInfo.Create(DiagnosticDescriptors.HeadDimPadded, heads.Location,
            SizeRules.Text(headDim), SizeRules.Text(padded), SizeRules.Text((padded - headDim) * 100 / padded))];
    }
}
