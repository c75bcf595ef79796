namespace AttnGen;

/// <summary>
/// Masks token ids for BERT-style masked-language-model pre-training, with the semantics of HuggingFace's
/// <c>DataCollatorForLanguageModeling</c>: every token that is not special is selected independently with
/// <see cref="MaskProbability"/>; a selected token becomes the mask token 80 % of the time, a token drawn uniformly from
/// the whole vocabulary 10 % of the time, and stays as it is 10 % of the time. Labels hold the original id where a
/// token was selected and <see cref="IgnoreLabel"/> everywhere else.
/// </summary>
/// <remarks>
/// The draws come from SplitMix64 whose state starts at the seed sign-extended to 64 bits, so a seed gives the same
/// masks on every machine and .NET version. For each token that is not special, in order: a draw u (its top 53 bits
/// over 2⁵³) selects the token if u &lt; <see cref="MaskProbability"/>; a selected token takes a second draw v, and
/// becomes the mask token if v &lt; 0.8, else a random id (Lemire's unbiased multiply-shift over the vocabulary) if
/// v &lt; 0.9, else stays. Successive <see cref="Apply"/> calls continue one stream, so splitting a batch across calls
/// does not change the result. An instance is not thread-safe: use one per thread.
/// </remarks>
public sealed class MaskedLanguageModelMasker
{
    /// <summary>The label of a position the loss ignores: PyTorch's <c>CrossEntropyLoss</c> default <c>ignore_index</c>.</summary>
    public const int IgnoreLabel = -100;

    private const double ReplaceWithMaskProbability = 0.8;
    private const double ReplaceWithMaskOrRandomProbability = 0.9;

    private readonly bool[] isSpecial;
    private SplitMix64 random;

    /// <summary>Creates a masker with its own seeded random stream.</summary>
    /// <param name="vocabSize">The number of token ids; ids run from 0 to <c>vocabSize − 1</c>.</param>
    /// <param name="maskTokenId">The id of the mask token (<c>[MASK]</c>).</param>
    /// <param name="specialTokenIds">Ids never selected, such as <c>[CLS]</c>, <c>[SEP]</c> and <c>[PAD]</c>.</param>
    /// <param name="seed">The seed of the random stream.</param>
    /// <param name="maskProbability">The probability that a token is selected, in (0, 1]; 0.15 in BERT.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size, id or probability is out of range.</exception>
    public MaskedLanguageModelMasker(
        int vocabSize, int maskTokenId, IEnumerable<int> specialTokenIds, int seed, double maskProbability = 0.15)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabSize);
        ArgumentNullException.ThrowIfNull(specialTokenIds);
        if ((uint)maskTokenId >= (uint)vocabSize)
        {
            throw OutOfVocabulary(nameof(maskTokenId), nameof(maskTokenId), maskTokenId, vocabSize);
        }

        if (!(maskProbability > 0 && maskProbability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maskProbability), maskProbability,
                $"{nameof(maskProbability)} is {maskProbability}; expected a probability in (0, 1].");
        }

        isSpecial = new bool[vocabSize];
        foreach (int id in specialTokenIds)
        {
            if ((uint)id >= (uint)vocabSize)
            {
                throw OutOfVocabulary(nameof(specialTokenIds), "a special token id", id, vocabSize);
            }

            isSpecial[id] = true;
        }

        VocabSize = vocabSize;
        MaskTokenId = maskTokenId;
        MaskProbability = maskProbability;
        random = new SplitMix64((ulong)seed);
    }

    /// <summary>The number of token ids.</summary>
    public int VocabSize { get; }

    /// <summary>The id every masked token becomes.</summary>
    public int MaskTokenId { get; }

    /// <summary>The probability that a token that is not special is selected.</summary>
    public double MaskProbability { get; }

    /// <summary>
    /// Masks one batch of ids, continuing the random stream. Allocates nothing. <paramref name="maskedIds"/> may be
    /// <paramref name="inputIds"/> itself, to mask in place; <paramref name="labels"/> must not overlap either.
    /// </summary>
    /// <param name="inputIds">The token ids, in any layout (the masking is per token).</param>
    /// <param name="maskedIds">Receives the ids to feed the model, one per input id.</param>
    /// <param name="labels">Receives the original id at selected positions and <see cref="IgnoreLabel"/> elsewhere.</param>
    /// <exception cref="ArgumentException">An output's length differs from <paramref name="inputIds"/>'s.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An input id is outside 0..<see cref="VocabSize"/> − 1; nothing is written.</exception>
    public void Apply(ReadOnlySpan<int> inputIds, Span<int> maskedIds, Span<int> labels)
    {
        Shapes.RequireLength(maskedIds.Length, inputIds.Length, nameof(maskedIds), "one per input id");
        Shapes.RequireLength(labels.Length, inputIds.Length, nameof(labels), "one per input id");
        for (int i = 0; i < inputIds.Length; i++)
        {
            if ((uint)inputIds[i] >= (uint)VocabSize)
            {
                throw OutOfVocabulary(nameof(inputIds), $"{nameof(inputIds)}[{i}]", inputIds[i], VocabSize);
            }
        }

        for (int i = 0; i < inputIds.Length; i++)
        {
            int id = inputIds[i];
            // Special tokens are never selected (HuggingFace zeroes their probability) and use up no draws.
            if (isSpecial[id] || random.NextDouble() >= MaskProbability)
            {
                labels[i] = IgnoreLabel;
                maskedIds[i] = id;
                continue;
            }

            labels[i] = id;
            double replacement = random.NextDouble();
            maskedIds[i] = replacement < ReplaceWithMaskProbability ? MaskTokenId
                : replacement < ReplaceWithMaskOrRandomProbability ? random.NextInt(VocabSize)
                : id;
        }
    }

    private static ArgumentOutOfRangeException OutOfVocabulary(string argument, string what, int id, int vocabSize) =>
        new(argument, id, $"{what} is {id}; expected a token id from 0 to {vocabSize - 1}.");
}
