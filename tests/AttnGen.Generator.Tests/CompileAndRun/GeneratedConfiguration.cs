using AttnGen.Testing;

namespace AttnGen.Generator.Tests.CompileAndRun;

/// <summary>
/// What every compile-and-run configuration shares: a number unique within its kind, which names its class and the
/// wrapper that hands it arrays (reflection cannot pass spans), and seeds its parameters and inputs.
/// </summary>
internal abstract record GeneratedConfiguration(int Id)
{
    public string ClassName => "C_" + Id;

    public string RunnerName => "Run_" + Id;

    /// <summary>Seeds the parameters and inputs of this configuration alone, so one can be rerun in isolation.</summary>
    public int Seed => unchecked(Id * 7919 + 104729);

    /// <summary>The attribute exactly as the test writes it.</summary>
    public abstract string Attribute { get; }

    /// <summary>Tokens <c>[rows, width]</c> in [−1, 1] from this configuration's seed, drawn as <see cref="TestInputs"/> draws attention's.</summary>
    public float[] RandomTokens(int rows, int width) =>
        TestInputs.Create(new AttentionConfiguration(Id, Heads: 1, HeadDim: width, rows, rows, Cross: false, MaskFlags.None, Bias: false, Batch: 1)).X;
}
