using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Model;

/// <summary>One block attribute: its metadata name, how an application is parsed, and how a valid spec is emitted.</summary>
internal sealed record BlockKind<TSpec>(
    string AttributeName,
    Func<GeneratorAttributeSyntaxContext, CancellationToken, ParseResult<TSpec>> Parse,
    Func<TSpec, string> Emit)
    where TSpec : class, IBlockSpec;
