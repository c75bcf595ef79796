using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Declarations;

/// <summary>One named argument of a block attribute, as written.</summary>
/// <param name="Name">The attribute property's name, as the runtime's attribute class declares it.</param>
/// <param name="Value">The value written, or the property's default when it is not set or broken.</param>
/// <param name="Location">
/// The value's expression, or the whole attribute when the argument is not written, so that a diagnostic points
/// where the fix goes.
/// </param>
internal readonly record struct Argument<T>(string Name, T Value, ArgumentState State, Location? Location)
{
    public bool IsSet => State == ArgumentState.Set;

    public bool IsBroken => State == ArgumentState.Broken;

    /// <summary>Written at all, even with an error: a written <c>KvSeqLen</c> means cross-attention either way.</summary>
    public bool IsWritten => State != ArgumentState.NotSet;
}
