namespace AttnGen.Generator.Layout;

/// <summary>The vector width the kernels are written for: Vector256 of float, 8 lanes.</summary>
internal static class Lanes
{
    public const int Count = 8;

    public static int RoundUp(int value) => (value + Count - 1) / Count * Count;
}
