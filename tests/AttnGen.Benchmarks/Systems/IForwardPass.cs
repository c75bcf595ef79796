namespace AttnGen.Benchmarks.Systems;

/// <summary>One sequence through a block, <c>x</c> and <c>y</c> both <c>[SeqLen, DModel]</c> row-major.</summary>
internal interface IForwardPass
{
    void Forward(ReadOnlySpan<float> x, Span<float> y);
}
