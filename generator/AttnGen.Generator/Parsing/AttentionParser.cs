using System.Collections.Generic;
using System.Threading;
using AttnGen.Generator.Model;
using AttnGen.Generator.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttnGen.Generator.Parsing;

/// <summary>Turns one <c>[MultiHeadAttention]</c> application into an <see cref="AttentionSpec"/> and its diagnostics.</summary>
internal static class AttentionParser
{
    public const string AttributeName = "AttnGen.MultiHeadAttentionAttribute";

    public static ParseResult<AttentionSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var type = (INamedTypeSymbol)context.TargetSymbol;
        TypeTarget? target = TypeTargetParser.Parse(type, (TypeDeclarationSyntax)context.TargetNode, diagnostics);
        cancellationToken.ThrowIfCancellationRequested();

        var arguments = new AttributeArguments(context.Attributes[0]);
        bool isCross = arguments.IsSet("KvSeqLen");
        int seqLen = arguments.Int("SeqLen");
        var declared = new AttentionDeclaration(
            arguments.Int("DModel"), arguments.Int("Heads"), seqLen,
            isCross ? arguments.Int("KvSeqLen") : seqLen, isCross,
            arguments.Int("Mask"), arguments.Bool("Bias", fallback: true));
        bool valid = AttentionRules.Check(declared, arguments, diagnostics);

        AttentionSpec? spec = null;
        if (target is not null && valid)
        {
            AttentionRules.Advise(declared, arguments, diagnostics);
            spec = new AttentionSpec(target, declared.DModel, declared.Heads, declared.SeqLen, declared.KvSeqLen,
                isCross, (AttentionMask)declared.Mask, declared.Bias);
        }

        return new ParseResult<AttentionSpec>(spec, diagnostics.ToEquatableArray());
    }
}

/// <summary>The attribute's values as written, before validation.</summary>
internal readonly record struct AttentionDeclaration(
    int DModel, int Heads, int SeqLen, int KvSeqLen, bool IsCrossAttention, int Mask, bool Bias);
