using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Model;
using AttnGen.Generator.Parsing;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Definitions;

/// <summary>What a <c>[CausalDecoderLayer]</c> is: its arguments, its rules, the members it adds and the spec it becomes.</summary>
internal static class CausalDecoderLayerDefinition
{
    public static readonly GeneratedMembers Members = new(
        ["DModel", "Heads", "KvHeads", "HeadDim", "Hidden", "MaxSeqLen", "Weights", .. GeneratedMembers.Decoding,
         "_weights", "_scratch", "_busy", "Scratch", "Attend", "FeedForward"],
        [GeneratedMembers.Weights]);

    private static readonly CausalDecoderLayerAttribute Defaults = new();

    public static ParseResult<CausalDecoderLayerSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, Members, Read, Check, Create,
            d => BlockRules.AdviseHeadDim(d.DModel, d.Heads));

    private static CausalDecoderLayerDeclaration Read(AttributeReader a) => new(
        a.Location,
        a.Int(nameof(CausalDecoderLayerAttribute.DModel), Defaults.DModel),
        a.Int(nameof(CausalDecoderLayerAttribute.Heads), Defaults.Heads),
        a.Int(nameof(CausalDecoderLayerAttribute.KvHeads), Defaults.KvHeads),
        a.Int(nameof(CausalDecoderLayerAttribute.Hidden), Defaults.Hidden),
        a.Int(nameof(CausalDecoderLayerAttribute.MaxSeqLen), Defaults.MaxSeqLen),
        a.Double(nameof(CausalDecoderLayerAttribute.NormEps), Defaults.NormEps),
        a.Enum(nameof(CausalDecoderLayerAttribute.Norm), Defaults.Norm),
        a.Enum(nameof(CausalDecoderLayerAttribute.Ffn), Defaults.Ffn),
        a.Enum(nameof(CausalDecoderLayerAttribute.Activation), Defaults.Activation),
        a.Double(nameof(CausalDecoderLayerAttribute.RotaryTheta), Defaults.RotaryTheta),
        a.Bool(nameof(CausalDecoderLayerAttribute.Bias), Defaults.Bias),
        a.Bool(nameof(CausalDecoderLayerAttribute.QkvBias), Defaults.QkvBias));

    private static List<DiagnosticInfo> Check(CausalDecoderLayerDeclaration d)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var sizes = new List<Argument<int>> { d.DModel, d.Heads, d.Hidden, d.MaxSeqLen };
        if (d.KvHeads.IsWritten)
        {
            sizes.Insert(2, d.KvHeads);
        }

        if (SizeRules.CheckSizes(sizes, diagnostics))
        {
            int errorsBefore = diagnostics.Count;
            BlockRules.HeadsDivideModel(d.DModel, d.Heads, diagnostics);
            if (d.Heads.Value % d.KvHeadCount != 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KvHeadsDoNotDivideHeads, d.KvHeads.Location,
                    SizeRules.Text(d.Heads.Value), SizeRules.Text(d.KvHeadCount)));
            }

            if (diagnostics.Count == errorsBefore)
            {
                CheckRotary(d, diagnostics);
                int headDim = d.DModel.Value / d.Heads.Value;
                SizeRules.CheckSampleSize("KvHeads × MaxSeqLen × HeadDim (the cache's keys)",
                    (long)d.KvHeadCount * d.MaxSeqLen.Value * headDim, d.Attribute, diagnostics);
                SizeRules.CheckFeedForwardWeight(d.DModel.Value, d.Hidden.Value, d.Attribute, diagnostics);
            }
        }

        BlockRules.NormEps(d.NormEps, diagnostics);
        BlockRules.Defined(d.Norm, diagnostics);
        BlockRules.Defined(d.Ffn, diagnostics);
        BlockRules.Defined(d.Activation, diagnostics);
        return diagnostics;
    }

    /// <summary>A written base must be positive and finite, and the head size even: rotation pairs i with i + HeadDim/2.</summary>
    private static void CheckRotary(CausalDecoderLayerDeclaration d, List<DiagnosticInfo> diagnostics)
    {
        Argument<double> theta = d.RotaryTheta;
        if (!theta.IsSet)
        {
            return;
        }

        string shown = theta.Value.ToString("R", CultureInfo.InvariantCulture);
        string? problem = !(theta.Value > 0) || double.IsInfinity(theta.Value) ? "is " + shown
            : d.DModel.Value / d.Heads.Value % 2 != 0 ? $"is set, but HeadDim {SizeRules.Text(d.DModel.Value / d.Heads.Value)} is odd"
            : null;
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RotaryNotApplicable, theta.Location, problem));
        }
    }


    private static CausalDecoderLayerSpec Create(TypeTarget target, CausalDecoderLayerDeclaration d) =>
        new(target, d.DModel.Value, d.Heads.Value, d.KvHeadCount, d.Hidden.Value, d.MaxSeqLen.Value, d.NormEps.Value,
            d.Norm.Value, d.Ffn.Value, d.Activation.Value, d.RotaryTheta.IsSet ? d.RotaryTheta.Value : 0, d.Bias.Value, d.QkvBias.Value);
}
