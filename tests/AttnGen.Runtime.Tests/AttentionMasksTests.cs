namespace AttnGen.Runtime.Tests;

/// <summary>Boolean masks to additive masks, in both polarities.</summary>
public sealed class AttentionMasksTests
{
    [Fact]
    public void FromBlocked_TrueIsHidden()
    {
        bool[] blocked = [true, false, false, true, true];
        var additive = new float[5];

        AttentionMasks.FromBlocked(blocked, additive);

        Assert.Equal([float.NegativeInfinity, 0f, 0f, float.NegativeInfinity, float.NegativeInfinity], additive);
        Assert.True(float.IsNegativeInfinity(additive[0]));
    }

    [Fact]
    public void FromAllowed_TrueIsVisible()
    {
        bool[] allowed = [true, false, false, true, true];
        var additive = new float[5];

        AttentionMasks.FromAllowed(allowed, additive);

        Assert.Equal([0f, float.NegativeInfinity, float.NegativeInfinity, 0f, 0f], additive);
        Assert.True(float.IsNegativeInfinity(additive[1]));
    }

    [Fact]
    public void BothPolarities_AreOpposite()
    {
        bool[] mask = [.. Enumerable.Range(0, 37).Select(i => i % 3 == 0)];
        var fromBlocked = new float[mask.Length];
        var fromAllowed = new float[mask.Length];

        AttentionMasks.FromBlocked(mask, fromBlocked);
        AttentionMasks.FromAllowed(mask, fromAllowed);

        for (int i = 0; i < mask.Length; i++)
        {
            Assert.Equal(mask[i] ? float.NegativeInfinity : 0f, fromBlocked[i]);
            Assert.Equal(mask[i] ? 0f : float.NegativeInfinity, fromAllowed[i]);
        }
    }

    [Fact]
    public void Zeros_ArePositiveZero_AndOldContentsAreOverwritten()
    {
        bool[] blocked = [false, true];
        float[] additive = [123f, 456f];

        AttentionMasks.FromBlocked(blocked, additive);

        Assert.Equal(0, BitConverter.SingleToInt32Bits(additive[0]));
        Assert.Equal(float.NegativeInfinity, additive[1]);
    }

    [Fact]
    public void CausalMask_FromBlocked_HidesTheFuture()
    {
        // PyTorch's causal attn_mask: true above the diagonal.
        const int l = 4;
        bool[] blocked = new bool[l * l];
        for (int q = 0; q < l; q++)
        {
            for (int k = q + 1; k < l; k++)
            {
                blocked[q * l + k] = true;
            }
        }

        var additive = new float[l * l];
        AttentionMasks.FromBlocked(blocked, additive);

        float ninf = float.NegativeInfinity;
        Assert.Equal(
            [0, ninf, ninf, ninf,
             0, 0, ninf, ninf,
             0, 0, 0, ninf,
             0, 0, 0, 0],
            additive);
    }

    [Fact]
    public void Empty_IsFine()
    {
        AttentionMasks.FromBlocked([], []);
        AttentionMasks.FromAllowed([], Span<float>.Empty);
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(4, 3)]
    [InlineData(0, 1)]
    public void LengthMismatch_ThrowsNamingAdditive(int maskLength, int additiveLength)
    {
        var blocked = new bool[maskLength];
        var additive = new float[additiveLength];

        var e1 = Assert.Throws<ArgumentException>(() => AttentionMasks.FromBlocked(blocked, additive));
        var e2 = Assert.Throws<ArgumentException>(() => AttentionMasks.FromAllowed(blocked, additive));

        foreach (ArgumentException e in new[] { e1, e2 })
        {
            Assert.Equal("additive", e.ParamName);
            Assert.Contains("additive", e.Message);
            Assert.Contains($"has {additiveLength} elements", e.Message);
            Assert.Contains($"expected {maskLength}", e.Message);
        }
    }

    [Fact]
    public void LengthMismatch_LeavesDestinationUntouched()
    {
        float[] additive = [7f, 7f];

        Assert.Throws<ArgumentException>(() => AttentionMasks.FromBlocked([true, true, true], additive));

        Assert.Equal([7f, 7f], additive);
    }
}
