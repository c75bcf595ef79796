namespace AttnGen;

/// <summary>
/// Declares the sinusoidal positional encoding of "Attention Is All You Need":
/// <c>PE[p, 2i] = sin(p / 10000^(2i/DModel))</c>, <c>PE[p, 2i+1] = cos(p / 10000^(2i/DModel))</c>. The generator
/// computes the table at compile time and emits it as constant data (<c>Table</c>) with <c>AddTo</c>.
/// </summary>
/// <remarks>Both values are required.</remarks>
[System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
[System.Diagnostics.Conditional("ATTNGEN_KEEP_ATTRIBUTES")]
public sealed class SinusoidalPositionalEncodingAttribute : BlockAttribute
{
    /// <summary>Rows of the table: the longest sequence it can encode.</summary>
    public int MaxLength { get; set; }

    /// <summary>Model width: columns of the table.</summary>
    public int DModel { get; set; }
}
