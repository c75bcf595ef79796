using AttnGen;

namespace TextGeneration;

/// <summary>How the next byte is chosen from the logits, as train/reference_generate.py chooses it.</summary>
public static class Sampling
{
    /// <summary>The most likely byte; a tie goes to the smaller byte.</summary>
    public static byte Greedy(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
        {
            best = logits[i] > logits[best] ? i : best;
        }

        return (byte)best;
    }

    /// <summary>
    /// Top-k sampling at <paramref name="temperature"/>: the <paramref name="k"/> most likely bytes (ties: the smaller
    /// first), weighted by exp((logit − top) / temperature) in double, and one <see cref="SplitMix64"/> draw scaled
    /// by their total picks the first whose running sum passes it.
    /// </summary>
    public static byte TopK(ReadOnlySpan<float> logits, int k, double temperature, ref SplitMix64 random, Span<int> order, Span<double> weights)
    {
        for (int i = 0; i < logits.Length; i++)
        {
            order[i] = i;
        }

        Sort(logits, order);
        double top = logits[order[0]], total = 0;
        for (int i = 0; i < k; i++)
        {
            weights[i] = Math.Exp((logits[order[i]] - top) / temperature);
            total += weights[i];
        }

        double draw = random.NextDouble() * total, running = 0;
        for (int i = 0; i < k; i++)
        {
            running += weights[i];
            if (running > draw)
            {
                return (byte)order[i];
            }
        }

        return (byte)order[k - 1];
    }

    /// <summary>Orders token ids by descending logit, the smaller id first among equals (an insertion sort: 256 ids).</summary>
    private static void Sort(ReadOnlySpan<float> logits, Span<int> order)
    {
        for (int i = 1; i < order.Length; i++)
        {
            int id = order[i], j = i - 1;
            while (j >= 0 && (logits[order[j]] < logits[id] || (logits[order[j]] == logits[id] && order[j] > id)))
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = id;
        }
    }
}
