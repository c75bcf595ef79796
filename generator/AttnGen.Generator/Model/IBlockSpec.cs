namespace AttnGen.Generator.Model;

/// <summary>What every block spec has: the class its members go into.</summary>
/// <remarks>
/// Every spec is immutable, value-equal and free of Roslyn objects (no symbols, syntax nodes, compilations or
/// locations), so an edit that does not change a declaration leaves its generated code cached.
/// </remarks>
internal interface IBlockSpec
{
    TypeTarget Target { get; }
}
