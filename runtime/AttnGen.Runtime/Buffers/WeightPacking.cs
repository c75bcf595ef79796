namespace AttnGen;

/// <summary>
/// Shape-independent steps that generated <c>Weights</c> types use to turn PyTorch <c>[out, in]</c>
/// matrices into the panels their matrix kernels stream. The generator picks the panel width and
/// padding for the declared shape; these helpers only move numbers.
/// </summary>
public static class WeightPacking
{
    /// <summary>
    /// Packs <paramref name="weight"/> <c>[rows, columns]</c> (PyTorch <c>[out, in]</c>) for <c>y = x·Wᵀ</c>
    /// into column panels: panel <c>p</c> holds, for each input <c>k</c> in order, the weights of outputs
    /// <c>p·width … p·width + width − 1</c> contiguously, so a kernel computing a block of outputs reads one
    /// contiguous stream. Panels are <paramref name="panelWidth"/> wide except the last, which is only as wide
    /// as the remaining outputs rounded up to a multiple of 8; outputs past <paramref name="rows"/> are zero.
    /// </summary>
    /// <returns>An aligned buffer of <c>⌈rows / 8⌉ · 8 · columns</c> floats.</returns>
    public static AlignedBuffer PackPanels(ReadOnlySpan<float> weight, int rows, int columns, int panelWidth)
    {
        if (panelWidth <= 0 || panelWidth % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(panelWidth), panelWidth, "Panels are whole vectors: a positive multiple of 8.");
        }

        Shapes.RequireLength(weight.Length, rows * columns, nameof(weight), $"{rows} × {columns}");
        int paddedRows = (rows + 7) / 8 * 8;
        var packed = new AlignedBuffer(paddedRows * columns);
        Span<float> destination = packed.Span;
        for (int row = 0; row < rows; row++)
        {
            int panelStart = row / panelWidth * panelWidth;
            int width = Math.Min(panelWidth, paddedRows - panelStart);
            int lane = row - panelStart;
            for (int k = 0; k < columns; k++)
            {
                destination[panelStart * columns + k * width + lane] = weight[row * columns + k];
            }
        }

        return packed;
    }

    /// <summary>
    /// Spreads the columns of <paramref name="weight"/> <c>[rows, groups·groupSize]</c> into groups of
    /// <paramref name="paddedGroupSize"/> with zero columns after each group, matching activations whose
    /// per-head blocks are padded to a whole number of vectors.
    /// </summary>
    public static float[] PadColumnGroups(ReadOnlySpan<float> weight, int rows, int groups, int groupSize, int paddedGroupSize)
    {
        int columns = groups * groupSize, paddedColumns = groups * paddedGroupSize;
        Shapes.RequireLength(weight.Length, rows * columns, nameof(weight), $"{rows} × {columns}");
        var padded = new float[rows * paddedColumns];
        for (int row = 0; row < rows; row++)
        {
            for (int group = 0; group < groups; group++)
            {
                weight.Slice(row * columns + group * groupSize, groupSize)
                    .CopyTo(padded.AsSpan(row * paddedColumns + group * paddedGroupSize));
            }
        }

        return padded;
    }

    /// <summary>Copies <paramref name="values"/> into an aligned buffer of <paramref name="length"/> floats, zero after them.</summary>
    public static AlignedBuffer PadTo(ReadOnlySpan<float> values, int length)
    {
        var buffer = new AlignedBuffer(length);
        values.CopyTo(buffer.Span);
        return buffer;
    }

    /// <summary>Concatenates arrays end to end; stacking <c>[n, k]</c> matrices this way stacks their rows.</summary>
    public static float[] Concat(params float[][] parts) => parts.SelectMany(part => part).ToArray();

    /// <summary>Returns a copy of <paramref name="values"/> multiplied by <paramref name="factor"/>.</summary>
    public static float[] Scaled(ReadOnlySpan<float> values, float factor)
    {
        var scaled = new float[values.Length];
        for (int i = 0; i < scaled.Length; i++)
        {
            scaled[i] = values[i] * factor;
        }

        return scaled;
    }
}
