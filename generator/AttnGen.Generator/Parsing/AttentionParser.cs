using System.Collections.Generic;
using System.Threading;
using AttnGen.Generator.Model;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Parsing;

/// <summary>Turns one <c>[MultiHeadAttention]</c> application into an <see cref="AttentionSpec"/> and its diagnostics.</summary>
internal static class AttentionParser
{
    public static ParseResult<AttentionSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        BlockParser.Parse(context, cancellationToken, Check, Create);

    private static AttentionDeclaration Read(AttributeArguments arguments)
    {
        bool isCross = arguments.IsSet("KvSeqLen");
        int seqLen = arguments.Int("SeqLen");
        return new AttentionDeclaration(
            arguments.Int("DModel"), arguments.Int("Heads"), seqLen,
            isCross ? arguments.Int("KvSeqLen") : seqLen, isCross,
            arguments.Int("Mask"), arguments.Bool("Bias", fallback: true));
    }

    private static bool Check(AttributeArguments arguments, List<DiagnosticInfo> diagnostics)
    {
        AttentionDeclaration d = Read(arguments);
        return AttentionRules.Check(d, arguments, diagnostics, [], d.IsCrossAttention ? "KvSeqLen" : null);
    }

    private static AttentionSpec Create(TypeTarget target, AttributeArguments arguments, List<DiagnosticInfo> diagnostics)
    {
        AttentionDeclaration d = Read(arguments);
        BlockRules.AdviseHeadDim(d.DModel, d.Heads, arguments, diagnostics);
        return new AttentionSpec(target, d.DModel, d.Heads, d.SeqLen, d.KvSeqLen, d.IsCrossAttention, (AttentionMask)d.Mask, d.Bias);
    }
}

/// <summary>An attention's values as written, before validation.</summary>
internal readonly record struct AttentionDeclaration(
    int DModel, int Heads, int SeqLen, int KvSeqLen, bool IsCrossAttention, int Mask, bool Bias);
