using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AttnGen.Generator.Declarations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttnGen.Generator.Parsing;

/// <summary>
/// Reads the named arguments of one block attribute application into <see cref="Argument{T}"/>s: each value with
/// its location, and whether the compiler already rejects it.
/// </summary>
/// <remarks>
/// The compiler's error state is read from three places, since none covers every case: the attribute binds no
/// constructor (positional arguments), the argument's constant is an error (not constant, does not convert,
/// overflows), or the expression does not convert implicitly (<c>DModel = 64L</c>, <c>Mask = 1</c>: the constant
/// looks fine, but CS0266 is reported). A name written twice (CS0643) is broken too.
/// </remarks>
internal sealed class AttributeReader
{
    private readonly AttributeData _attribute;
    private readonly SemanticModel _model;
    private readonly Dictionary<string, AttributeArgumentSyntax[]> _written;
    private readonly bool _bindsNoConstructor;

    public AttributeReader(AttributeData attribute, SemanticModel model, CancellationToken cancellationToken)
    {
        _attribute = attribute;
        _model = model;
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        Location = syntax?.GetLocation();
        _written = (syntax?.ArgumentList?.Arguments ?? default)
            .Where(argument => argument.NameEquals is not null)
            .GroupBy(argument => argument.NameEquals!.Name.Identifier.ValueText)
            .ToDictionary(group => group.Key, group => group.ToArray());
        _bindsNoConstructor = attribute.AttributeConstructor is null;
        HasBrokenArgument = _bindsNoConstructor;
    }

    /// <summary>The attribute application, where a diagnostic about an unset value or several values together points.</summary>
    public Location? Location { get; }

    /// <summary>Whether an argument read so far is broken: the compiler reports it, and no code is generated.</summary>
    public bool HasBrokenArgument { get; private set; }

    public Argument<int> Int(string name, int fallback) => Read(name, fallback, static value => value as int?);

    public Argument<bool> Bool(string name, bool fallback) => Read(name, fallback, static value => value as bool?);

    /// <summary>A <c>double</c> argument; its constant is already converted, <c>LayerNormEps = 1</c> included.</summary>
    public Argument<double> Double(string name, double fallback) => Read(name, fallback, static value => value as double?);

    /// <summary>An enum argument, whose constant is its underlying <c>int</c>; an undefined value is read as written.</summary>
    public Argument<TEnum> Enum<TEnum>(string name, TEnum fallback)
        where TEnum : struct, Enum =>
        Read(name, fallback, static value => value is int number ? (TEnum)System.Enum.ToObject(typeof(TEnum), number) : null);

    private Argument<T> Read<T>(string name, T fallback, Func<object?, T?> convert)
        where T : struct
    {
        if (_bindsNoConstructor)
        {
            return new Argument<T>(name, fallback, ArgumentState.Broken, Location);
        }

        if (!_written.TryGetValue(name, out AttributeArgumentSyntax[]? written))
        {
            return new Argument<T>(name, fallback, ArgumentState.NotSet, Location);
        }

        ExpressionSyntax expression = written[0].Expression;
        TypedConstant constant = _attribute.NamedArguments.FirstOrDefault(pair => pair.Key == name).Value;
        T? value = constant.Kind == TypedConstantKind.Error ? null : convert(constant.Value);
        if (value is null || written.Length > 1 || expression.ContainsDiagnostics
            || constant.Type is null || !_model.ClassifyConversion(expression, constant.Type).IsImplicit)
        {
            HasBrokenArgument = true;
            return new Argument<T>(name, fallback, ArgumentState.Broken, expression.GetLocation());
        }

        return new Argument<T>(name, value.Value, ArgumentState.Set, expression.GetLocation());
    }
}
