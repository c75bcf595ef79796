using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttnGen.Generator.Parsing;

/// <summary>
/// The named arguments of one attribute application, with the location of each argument so that a
/// diagnostic about a value points at the value.
/// </summary>
internal sealed class AttributeArguments(AttributeData attribute)
{
    private readonly Dictionary<string, TypedConstant> _values =
        attribute.NamedArguments.ToDictionary(pair => pair.Key, pair => pair.Value);

    public Location? AttributeLocation { get; } = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation();

    public bool IsSet(string name) => _values.ContainsKey(name);

    public int Int(string name, int fallback = 0) =>
        _values.TryGetValue(name, out TypedConstant value) && value.Value is int number ? number : fallback;

    /// <summary>A <c>double</c> argument; an integer literal such as <c>LayerNormEps = 1</c> converts too.</summary>
    public double Double(string name) =>
        _values.TryGetValue(name, out TypedConstant value) ? value.Value switch { double d => d, float f => f, int i => i, _ => 0 } : 0;

    public bool Bool(string name, bool fallback) =>
        _values.TryGetValue(name, out TypedConstant value) && value.Value is bool flag ? flag : fallback;

    /// <summary>The location of the argument's value, or of the whole attribute when it is not written.</summary>
    public Location? LocationOf(string name)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax syntax && syntax.ArgumentList is { } list)
        {
            AttributeArgumentSyntax? argument = list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == name);
            if (argument is not null)
            {
                return argument.Expression.GetLocation();
            }
        }

        return AttributeLocation;
    }
}
