namespace AttnGen;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014, as in Vigna's reference C code): a 64-bit counter stepped by the golden
/// ratio and finalised by two xor-shift-multiplies. Specified bit for bit, unlike <see cref="Random"/>, whose sequence
/// may change between .NET versions, so a seed gives the same stream on every machine and runtime.
/// </summary>
public struct SplitMix64(ulong seed)
{
    private const double TwoToTheMinus53 = 1.0 / (1UL << 53);

    private ulong state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        state += 0x9E3779B97F4A7C15;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>A double in [0, 1) from the top 53 bits of one draw.</summary>
    public double NextDouble() => (Next() >> 11) * TwoToTheMinus53;

    /// <summary>
    /// An integer uniform over [0, <paramref name="exclusiveMax"/>) with no modulo bias, by Lemire's multiply-shift
    /// with rejection: usually one draw, and a retry with probability below exclusiveMax / 2⁶⁴.
    /// </summary>
    public int NextInt(int exclusiveMax)
    {
        ulong range = (ulong)exclusiveMax;
        ulong high = Math.BigMul(Next(), range, out ulong low);
        if (low < range)
        {
            // The first (2⁶⁴ mod range) low words would make the lowest results one draw more likely.
            ulong threshold = (0 - range) % range;
            while (low < threshold)
            {
                high = Math.BigMul(Next(), range, out low);
            }
        }

        return (int)high;
    }
}
