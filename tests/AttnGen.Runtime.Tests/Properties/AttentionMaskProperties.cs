using CsCheck;

namespace AttnGen.Runtime.Tests.Properties;

/// <summary>The two boolean conventions are each other's inverse: blocked = not allowed, for any mask.</summary>
public sealed class AttentionMaskProperties
{
    [Fact]
    public void FromBlocked_of_a_mask_equals_FromAllowed_of_its_negation()
    {
        Gen.Bool.Array[0, 200].Sample(mask =>
        {
            var blocked = new float[mask.Length];
            var allowed = new float[mask.Length];
            AttentionMasks.FromBlocked(mask, blocked);
            AttentionMasks.FromAllowed([.. mask.Select(hidden => !hidden)], allowed);

            Assert.Equal(blocked, allowed);
            Assert.Equal(mask, blocked.Select(float.IsNegativeInfinity));
            Assert.All(blocked, value => Assert.True(value == 0f || float.IsNegativeInfinity(value)));
        }, iter: 500);
    }
}
