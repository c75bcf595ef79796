using static AttnGen.Generator.Writing.SourceWriter;

namespace AttnGen.Generator.Kernels;

/// <summary>The width of a <see cref="BroadcastAccumulate"/>'s output rows, as the emitted code reads it.</summary>
/// <param name="Expression">An <c>nuint</c> expression for the width.</param>
/// <param name="Constant">The width when it is known at generation time, so blocks can sit at constant columns.</param>
internal sealed record OutputWidth(string Expression, int? Constant)
{
    public static OutputWidth Fixed(int width) => new(Int(width), width);

    public static OutputWidth AtRunTime(string expression) => new(expression, null);
}
