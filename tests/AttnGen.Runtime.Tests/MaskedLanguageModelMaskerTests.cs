namespace AttnGen.Runtime.Tests;

/// <summary>
/// BERT-style masking: the selection and replacement rates (bounds of five standard deviations, so only a real bug
/// fails them), special tokens, labels, seeding, a pinned output, and the argument checks.
/// </summary>
public sealed class MaskedLanguageModelMaskerTests
{
    private const int VocabSize = 1000, Pad = 0, Cls = 101, Sep = 102, Mask = 103;
    private static readonly int[] Specials = [Pad, Cls, Sep, Mask];

    [Fact]
    public void SelectsFifteenPercent_AndSplitsThemEightyTenTen()
    {
        int[] input = Corpus(200_000);
        var (masked, labels) = Apply(new MaskedLanguageModelMasker(VocabSize, Mask, Specials, seed: 1), input);

        int candidates = input.Count(id => !Specials.Contains(id));
        int selected = 0, toMask = 0, unchanged = 0, toRandom = 0;
        for (int i = 0; i < input.Length; i++)
        {
            if (labels[i] == MaskedLanguageModelMasker.IgnoreLabel)
            {
                continue;
            }

            selected++;
            if (masked[i] == Mask)
            {
                toMask++;
            }
            else if (masked[i] == input[i])
            {
                unchanged++;
            }
            else
            {
                toRandom++;
            }
        }

        AssertBinomial(selected, candidates, 0.15, "selected");
        // A random replacement that draws the mask id or the original id looks like the other two outcomes.
        AssertBinomial(toMask, selected, 0.8 + 0.1 / VocabSize, "replaced by the mask");
        AssertBinomial(unchanged, selected, 0.1 + 0.1 / VocabSize, "left unchanged");
        AssertBinomial(toRandom, selected, 0.1 * (1 - 2.0 / VocabSize), "replaced by a random id");
    }

    [Fact]
    public void RandomReplacements_AreUniformOverTheVocabulary()
    {
        // Every token selected and every token 7, so each random draw other than 7 and the mask id 0 is visible.
        const int vocab = 50, original = 7;
        int[] input = Enumerable.Repeat(original, 200_000).ToArray();
        var (masked, _) = Apply(new MaskedLanguageModelMasker(vocab, maskTokenId: 0, [0], seed: 2, maskProbability: 1), input);

        var counts = new int[vocab];
        foreach (int id in masked)
        {
            counts[id]++;
        }

        int[] visible = [.. Enumerable.Range(0, vocab).Where(id => id is not 0 and not original).Select(id => counts[id])];
        double expected = visible.Average();
        double chiSquare = visible.Sum(c => (c - expected) * (c - expected) / expected);
        int degrees = visible.Length - 1;

        Assert.InRange(expected, 300, 520);   // about 200 000 × 10 % / 50 each
        Assert.True(chiSquare < degrees + 5 * Math.Sqrt(2 * degrees), $"χ² = {chiSquare:F1} over {degrees} degrees of freedom");
        Assert.True(visible.Min() > 0);
    }

    [Fact]
    public void SpecialTokens_AreNeverSelected()
    {
        int[] input = Corpus(50_000);
        var (masked, labels) = Apply(new MaskedLanguageModelMasker(VocabSize, Mask, Specials, seed: 3, maskProbability: 1), input);

        for (int i = 0; i < input.Length; i++)
        {
            bool special = Specials.Contains(input[i]);
            Assert.Equal(special, labels[i] == MaskedLanguageModelMasker.IgnoreLabel);
            if (special)
            {
                Assert.Equal(input[i], masked[i]);
            }
        }
    }

    [Fact]
    public void Labels_HoldTheOriginalWhereSelected_AndIgnoreLabelWhereTheIdIsKept()
    {
        int[] input = Corpus(50_000);
        var (masked, labels) = Apply(new MaskedLanguageModelMasker(VocabSize, Mask, Specials, seed: 4), input);

        for (int i = 0; i < input.Length; i++)
        {
            if (labels[i] == MaskedLanguageModelMasker.IgnoreLabel)
            {
                Assert.Equal(input[i], masked[i]);
            }
            else
            {
                Assert.Equal(input[i], labels[i]);
            }
        }
    }

    [Fact]
    public void SameSeed_SameOutput_DifferentSeed_DifferentOutput()
    {
        int[] input = Corpus(10_000);

        var first = Apply(new MaskedLanguageModelMasker(VocabSize, Mask, Specials, seed: 5), input);
        var again = Apply(new MaskedLanguageModelMasker(VocabSize, Mask, Specials, seed: 5), input);
        var other = Apply(new MaskedLanguageModelMasker(VocabSize, Mask, Specials, seed: 6), input);

        Assert.Equal(first.Masked, again.Masked);
        Assert.Equal(first.Labels, again.Labels);
        Assert.NotEqual(first.Labels, other.Labels);
    }

    [Fact]
    public void SuccessiveCalls_ContinueOneStream()
    {
        int[] input = Corpus(1_000);
        var whole = Apply(new MaskedLanguageModelMasker(VocabSize, Mask, Specials, seed: 7), input);

        var masker = new MaskedLanguageModelMasker(VocabSize, Mask, Specials, seed: 7);
        var head = Apply(masker, input[..300]);
        var tail = Apply(masker, input[300..]);

        Assert.Equal(whole.Masked, head.Masked.Concat(tail.Masked));
        Assert.Equal(whole.Labels, head.Labels.Concat(tail.Labels));
    }

    [Fact]
    public void MaskingInPlace_GivesTheSameIds()
    {
        int[] input = Corpus(1_000);
        var separate = Apply(new MaskedLanguageModelMasker(VocabSize, Mask, Specials, seed: 8), input);

        int[] ids = [.. input];
        var labels = new int[ids.Length];
        new MaskedLanguageModelMasker(VocabSize, Mask, Specials, seed: 8).Apply(ids, ids, labels);

        Assert.Equal(separate.Masked, ids);
        Assert.Equal(separate.Labels, labels);
    }

    [Fact]
    public void Apply_AllocatesNothing()
    {
        int[] input = Corpus(4_096);
        var masked = new int[input.Length];
        var labels = new int[input.Length];
        var masker = new MaskedLanguageModelMasker(VocabSize, Mask, Specials, seed: 12);
        masker.Apply(input, masked, labels);

        long before = GC.GetAllocatedBytesForCurrentThread();
        masker.Apply(input, masked, labels);

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void FixedSeed_GivesThePinnedOutput()
    {
        // Pinned so that any change to the generator or to the order of draws is caught; an independent
        // implementation of the documented algorithm gives the same values.
        int[] input = [1, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 2, 0, 0];
        var masker = new MaskedLanguageModelMasker(vocabSize: 30, maskTokenId: 3, [0, 1, 2, 3], seed: 2024, maskProbability: 0.5);

        var (masked, labels) = Apply(masker, input);

        Assert.Equal([1, 5, 3, 16, 3, 3, 25, 11, 3, 13, 13, 15, 16, 3, 18, 19, 20, 2, 0, 0], masked);
        Assert.Equal([-100, -100, 6, 7, 8, 9, 10, -100, 12, -100, 14, -100, -100, 17, -100, -100, 20, -100, -100, -100], labels);
    }

    [Fact]
    public void SplitMix64_MatchesTheReferenceSequence()
    {
        // The first outputs of Vigna's splitmix64.c seeded with 1234567.
        var random = new SplitMix64(1234567);

        Assert.Equal(6457827717110365317UL, random.Next());
        Assert.Equal(3203168211198807973UL, random.Next());
        Assert.Equal(9817491932198370423UL, random.Next());
        Assert.Equal(4593380528125082431UL, random.Next());
        Assert.Equal(16408922859458223821UL, random.Next());
    }

    [Theory]
    [InlineData(9, 10, "maskedIds")]
    [InlineData(10, 11, "labels")]
    public void Apply_WrongOutputLength_NamesTheArgumentAndBothLengths(int maskedLength, int labelsLength, string argument)
    {
        var masker = new MaskedLanguageModelMasker(VocabSize, Mask, Specials, seed: 9);

        var e = Assert.Throws<ArgumentException>(() => masker.Apply(new int[10], new int[maskedLength], new int[labelsLength]));

        Assert.Equal(argument, e.ParamName);
        int actual = argument == "labels" ? labelsLength : maskedLength;
        Assert.Contains($"{argument} has {actual} elements; expected 10", e.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(VocabSize)]
    [InlineData(int.MaxValue)]
    public void Apply_IdOutOfRange_NamesThePositionAndValue_AndWritesNothing(int badId)
    {
        int[] input = [Cls, 5, 6, badId, Sep];
        int[] masked = [-7, -7, -7, -7, -7], labels = [-7, -7, -7, -7, -7];
        var masker = new MaskedLanguageModelMasker(VocabSize, Mask, Specials, seed: 10);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => masker.Apply(input, masked, labels));

        Assert.Equal("inputIds", e.ParamName);
        Assert.Equal(badId, e.ActualValue);
        Assert.Contains($"inputIds[3] is {badId}; expected a token id from 0 to {VocabSize - 1}", e.Message);
        Assert.All(masked, v => Assert.Equal(-7, v));
        Assert.All(labels, v => Assert.Equal(-7, v));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(VocabSize)]
    public void Constructor_MaskIdOutOfRange_Throws(int maskId)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MaskedLanguageModelMasker(VocabSize, maskId, Specials, seed: 0));

        Assert.Equal("maskTokenId", e.ParamName);
        Assert.Contains($"maskTokenId is {maskId}", e.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.0000001)]
    [InlineData(double.NaN)]
    public void Constructor_ProbabilityOutsideZeroToOne_Throws(double probability)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => new MaskedLanguageModelMasker(VocabSize, Mask, Specials, seed: 0, maskProbability: probability));

        Assert.Equal("maskProbability", e.ParamName);
    }

    [Fact]
    public void Constructor_OtherBadArguments_Throw()
    {
        Assert.Equal("vocabSize", Assert.Throws<ArgumentOutOfRangeException>(() => new MaskedLanguageModelMasker(0, 0, [], 0)).ParamName);
        Assert.Equal("specialTokenIds", Assert.Throws<ArgumentOutOfRangeException>(() => new MaskedLanguageModelMasker(VocabSize, Mask, [Pad, VocabSize], 0)).ParamName);
        Assert.Equal("specialTokenIds", Assert.Throws<ArgumentNullException>(() => new MaskedLanguageModelMasker(VocabSize, Mask, null!, 0)).ParamName);
    }

    [Fact]
    public void ProbabilityOne_SelectsEveryTokenThatIsNotSpecial()
    {
        int[] input = Corpus(5_000);
        var (_, labels) = Apply(new MaskedLanguageModelMasker(VocabSize, Mask, Specials, seed: 11, maskProbability: 1), input);

        Assert.Equal(input.Count(id => !Specials.Contains(id)), labels.Count(l => l != MaskedLanguageModelMasker.IgnoreLabel));
    }

    private static (int[] Masked, int[] Labels) Apply(MaskedLanguageModelMasker masker, int[] input)
    {
        var masked = new int[input.Length];
        var labels = new int[input.Length];
        masker.Apply(input, masked, labels);
        return (masked, labels);
    }

    /// <summary>
    /// Sequences of 128 as a BERT batch holds them: [CLS], random word ids (a few of which are special ids too),
    /// [SEP], then [PAD] up to the end.
    /// </summary>
    private static int[] Corpus(int length)
    {
        var random = new Random(length);
        var ids = new int[length];
        for (int start = 0; start < length; start += 128)
        {
            int words = random.Next(20, 126);
            for (int i = 0; i < 128 && start + i < length; i++)
            {
                ids[start + i] = i == 0 ? Cls : i <= words ? random.Next(VocabSize) : i == words + 1 ? Sep : Pad;
            }
        }

        return ids;
    }

    private static void AssertBinomial(int count, int trials, double probability, string what)
    {
        double mean = trials * probability, deviation = Math.Sqrt(trials * probability * (1 - probability));
        Assert.True(Math.Abs(count - mean) <= 5 * deviation,
            $"{what}: {count} of {trials}; expected {mean:F0} ± {5 * deviation:F0} (5σ).");
    }
}
