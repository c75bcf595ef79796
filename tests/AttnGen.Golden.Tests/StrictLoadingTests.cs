namespace AttnGen.Golden.Tests;

/// <summary>
/// The generated <c>Weights.Load</c> refuses what a port would otherwise silently get wrong: tensors under the prefix
/// that the block does not read, and non-finite weights, each unless the caller opts out. (Every other golden test
/// loads its case through <see cref="AttnGen.Testing.CaseWeights"/>, so real PyTorch and HuggingFace names pass strictly.)
/// </summary>
public sealed class StrictLoadingTests
{
    [Fact]
    public void A_case_file_with_its_inputs_and_outputs_beside_the_weights_needs_allowUnused()
    {
        using SafeTensorsFile file = GoldenCases.Open("mha_self");

        var e = Assert.Throws<InvalidDataException>(() => MhaSelf.Weights.Load(file));

        Assert.Contains("  - unused 'input.x'", e.Message);
        Assert.Contains("  - unused 'expected.y'", e.Message);
        Assert.Contains("  - unused 'expected.attn_weights'", e.Message);
        Assert.Contains("allowUnused: true", e.Message);
        Assert.NotNull(MhaSelf.Weights.Load(file, allowUnused: true));
    }

    [Fact]
    public void A_nan_weight_is_named_with_its_index_and_needs_allowNonFinite()
    {
        var weights = new WeightDictionary();
        var p = FeedForwardParameters.Random(FfnGelu.DModel, FfnGelu.Hidden, bias: true, seed: 6);
        float[] outputWeight = (float[])p.OutputWeight.Clone();
        outputWeight[3 * FfnGelu.Hidden + 7] = float.NaN;
        weights.Add("linear1.weight", [FfnGelu.Hidden, FfnGelu.DModel], p.InputWeight);
        weights.Add("linear1.bias", [FfnGelu.Hidden], p.InputBias!);
        weights.Add("linear2.weight", [FfnGelu.DModel, FfnGelu.Hidden], outputWeight);
        weights.Add("linear2.bias", [FfnGelu.DModel], p.OutputBias!);

        var e = Assert.Throws<InvalidDataException>(() => FfnGelu.Weights.Load(weights));

        Assert.Contains("'linear2.weight' holds NaN at [3, 7], its first non-finite value", e.Message);
        var y = new float[FfnGelu.DModel];
        new FfnGelu(FfnGelu.Weights.Load(weights, allowNonFinite: true)).Forward(RandomInputs.Of(FfnGelu.DModel), y);
        Assert.Contains(y, float.IsNaN);
    }
}
