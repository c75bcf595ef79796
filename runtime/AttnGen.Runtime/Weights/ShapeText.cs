namespace AttnGen;

/// <summary>How every message writes a tensor shape: <c>[3, 64]</c>, as PyTorch prints it.</summary>
internal static class ShapeText
{
    public static string Format(IEnumerable<int> shape) => $"[{string.Join(", ", shape)}]";
}
