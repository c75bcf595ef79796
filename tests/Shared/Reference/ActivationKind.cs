namespace AttnGen.Testing;

/// <summary>
/// The feed-forward activations, named and numbered as <c>AttnGen.Activation</c> is. A copy, because test projects that
/// reference the generator assembly see <c>AttnGen.Activation</c> twice (the generator compiles the runtime's file in),
/// and naming it there is ambiguous (CS0433); those tests write the real enum into generated source by name.
/// </summary>
internal enum ActivationKind
{
    /// <summary>Exact GELU, <c>x·Φ(x)</c>.</summary>
    Gelu = 0,

    /// <summary>GELU's tanh approximation.</summary>
    GeluTanh = 1,

    /// <summary><c>max(x, 0)</c>.</summary>
    Relu = 2,
}
