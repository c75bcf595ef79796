namespace AttnGen.Generator.Declarations;

/// <summary>What the user wrote for one named argument of a block attribute.</summary>
internal enum ArgumentState
{
    /// <summary>Not written: the property keeps its default.</summary>
    NotSet,

    /// <summary>Written, with a value the compiler accepts.</summary>
    Set,

    /// <summary>
    /// Written, but the compiler already reports an error for it (not a constant, the wrong type, written twice, or
    /// an attribute it cannot bind), so its value is unknown and no rule speaks about it.
    /// </summary>
    Broken,
}
