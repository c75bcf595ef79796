using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AttnGen.Runtime.Tests;

/// <summary>Panel packing and the small array helpers generated <c>Weights</c> types use.</summary>
public sealed class WeightPackingTests
{
    /// <summary><c>[rows, columns]</c> with element (r, k) = r·100 + k + 1, so every value names its position and none is zero.</summary>
    private static float[] Numbered(int rows, int columns)
    {
        var w = new float[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < columns; k++)
            {
                w[r * columns + k] = r * 100 + k + 1;
            }
        }

        return w;
    }

    private static bool IsAligned(Span<float> span) =>
        Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref MemoryMarshal.GetReference(span)) % 64 == 0;

    [Fact]
    public void PackPanels_37x5_Width24_IsA24WidePanelThenA16WidePanel()
    {
        const int rows = 37, columns = 5, width = 24;
        float[] weight = Numbered(rows, columns);

        AlignedBuffer packed = WeightPacking.PackPanels(weight, rows, columns, width);
        float[] actual = packed.Span.ToArray();

        // ⌈37 / 8⌉ · 8 · 5 = 40 · 5.
        Assert.Equal(200, packed.Length);
        Assert.True(IsAligned(packed.Span));

        // Panel 0: outputs 0..23, 24 wide, at offset 0; for input k, lane r sits at k·24 + r.
        for (int k = 0; k < columns; k++)
        {
            for (int r = 0; r < 24; r++)
            {
                Assert.Equal(r * 100 + k + 1, actual[k * 24 + r]);
            }
        }

        // Panel 1: outputs 24..36 (13 of them), padded to 16 wide, at offset 24 · 5 = 120.
        for (int k = 0; k < columns; k++)
        {
            for (int lane = 0; lane < 16; lane++)
            {
                float expected = lane < 13 ? (24 + lane) * 100 + k + 1 : 0f;
                Assert.Equal(expected, actual[120 + k * 16 + lane]);
            }
        }

        // Spot checks written out by hand.
        Assert.Equal(1f, actual[0]);              // (0, 0)
        Assert.Equal(2301f, actual[23]);          // (23, 0), end of the first row of panel 0
        Assert.Equal(2f, actual[24]);             // (0, 1)
        Assert.Equal(2405f, actual[120 + 4 * 16]); // (24, 4)
        Assert.Equal(3601f, actual[120 + 12]);    // (36, 0)
        Assert.Equal(3605f, actual[120 + 4 * 16 + 12]); // (36, 4), the last real value
        Assert.Equal(0f, actual[199]);            // padding lane 15 of input 4

        // Every weight appears exactly once; the rest are the 3 · 5 padding zeros.
        Assert.Equal(weight.Order(), actual.Where(x => x != 0).Order());
        Assert.Equal(15, actual.Count(x => x == 0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(-8)]
    public void PackPanels_RejectsPanelsThatAreNotWholeVectors(int panelWidth)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => WeightPacking.PackPanels(new float[16], 4, 4, panelWidth));
        Assert.Equal("panelWidth", error.ParamName);
    }

    [Theory]
    [InlineData(37, 5, 24)]
    [InlineData(16, 3, 8)]
    [InlineData(48, 2, 24)]
    [InlineData(5, 4, 24)]
    [InlineData(64, 7, 16)]
    [InlineData(9, 1, 8)]
    public void PackPanels_MatchesTheDocumentedFormula(int rows, int columns, int panelWidth)
    {
        float[] weight = Numbered(rows, columns);
        int paddedRows = (rows + 7) / 8 * 8;
        var expected = new float[paddedRows * columns];
        for (int panelStart = 0; panelStart < paddedRows; panelStart += panelWidth)
        {
            int remaining = rows - panelStart;
            int width = Math.Min(panelWidth, (remaining + 7) / 8 * 8);
            for (int k = 0; k < columns; k++)
            {
                for (int lane = 0; lane < width; lane++)
                {
                    int row = panelStart + lane;
                    expected[panelStart * columns + k * width + lane] = row < rows ? weight[row * columns + k] : 0f;
                }
            }
        }

        AlignedBuffer packed = WeightPacking.PackPanels(weight, rows, columns, panelWidth);

        Assert.Equal(expected, packed.Span.ToArray());
        Assert.True(IsAligned(packed.Span));
    }

    [Fact]
    public void PackPanels_SinglePanelNarrowerThanWidth()
    {
        // 3 outputs, 2 inputs, width 24 → one panel 8 wide: [in 0: o0 o1 o2 0 0 0 0 0][in 1: ...].
        float[] weight = [1, 2, 3, 4, 5, 6];

        AlignedBuffer packed = WeightPacking.PackPanels(weight, 3, 2, 24);

        Assert.Equal([1, 3, 5, 0, 0, 0, 0, 0, 2, 4, 6, 0, 0, 0, 0, 0], packed.Span.ToArray());
    }

    [Fact]
    public void PackPanels_RejectsWrongLength_NamingWeight()
    {
        var e = Assert.Throws<ArgumentException>(() => WeightPacking.PackPanels(new float[10], 3, 4, 8));

        Assert.Equal("weight", e.ParamName);
        Assert.Contains("10 elements", e.Message);
        Assert.Contains("expected 12", e.Message);
        Assert.Contains("3 × 4", e.Message);
    }

    [Fact]
    public void PadColumnGroups_InsertsZeroColumnsAfterEachGroup()
    {
        // 2 rows, 2 groups of 3 columns, padded to 4.
        float[] weight = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

        float[] padded = WeightPacking.PadColumnGroups(weight, rows: 2, groups: 2, groupSize: 3, paddedGroupSize: 4);

        Assert.Equal([1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 0, 10, 11, 12, 0], padded);
    }

    [Fact]
    public void PadColumnGroups_SameSize_IsACopy()
    {
        float[] weight = [1, 2, 3, 4, 5, 6];

        float[] padded = WeightPacking.PadColumnGroups(weight, 2, 3, 1, 1);

        Assert.Equal(weight, padded);
        Assert.NotSame(weight, padded);
    }

    [Fact]
    public void PadColumnGroups_WiderPadding()
    {
        // 1 row, 3 groups of 2, padded to 5.
        float[] padded = WeightPacking.PadColumnGroups([1, 2, 3, 4, 5, 6], rows: 1, groups: 3, groupSize: 2, paddedGroupSize: 5);

        Assert.Equal([1, 2, 0, 0, 0, 3, 4, 0, 0, 0, 5, 6, 0, 0, 0], padded);
    }

    [Fact]
    public void PadColumnGroups_RejectsWrongLength()
    {
        var e = Assert.Throws<ArgumentException>(() => WeightPacking.PadColumnGroups(new float[5], 2, 2, 3, 4));

        Assert.Equal("weight", e.ParamName);
        Assert.Contains("expected 12", e.Message);
    }

    [Fact]
    public void PadTo_CopiesThenZeroes_Aligned()
    {
        AlignedBuffer buffer = WeightPacking.PadTo([1, 2, 3], 8);

        Assert.Equal(8, buffer.Length);
        Assert.Equal([1, 2, 3, 0, 0, 0, 0, 0], buffer.Span.ToArray());
        Assert.True(IsAligned(buffer.Span));
    }

    [Fact]
    public void PadTo_ExactLength_AndEmpty()
    {
        Assert.Equal([4, 5], WeightPacking.PadTo([4, 5], 2).Span.ToArray());
        Assert.Equal([0, 0, 0], WeightPacking.PadTo([], 3).Span.ToArray());
    }

    [Fact]
    public void PadTo_TooManyValues_Throws()
    {
        Assert.Throws<ArgumentException>(() => WeightPacking.PadTo([1, 2, 3], 2));
    }

    [Fact]
    public void Concat_JoinsEndToEnd()
    {
        float[] a = [1, 2], b = [3], c = [], d = [4, 5, 6];

        float[] joined = WeightPacking.Concat(a, b, c, d);

        Assert.Equal([1, 2, 3, 4, 5, 6], joined);
        Assert.Empty(WeightPacking.Concat());
        Assert.NotSame(a, WeightPacking.Concat(a));
        Assert.Equal(a, WeightPacking.Concat(a));
    }

    [Fact]
    public void Concat_StacksMatrixRows()
    {
        // Two [2, 2] matrices become one [4, 2].
        float[] stacked = WeightPacking.Concat([1, 2, 3, 4], [5, 6, 7, 8]);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], stacked);
    }

    [Fact]
    public void Scaled_MultipliesACopy()
    {
        float[] values = [1, -2, 0.5f, 0];

        float[] scaled = WeightPacking.Scaled(values, 0.25f);

        Assert.Equal([0.25f, -0.5f, 0.125f, 0], scaled);
        Assert.Equal([1, -2, 0.5f, 0], values);
        Assert.NotSame(values, scaled);
        Assert.Empty(WeightPacking.Scaled([], 3));
    }

    [Fact]
    public void Scaled_MatchesFloatMultiplication()
    {
        float[] values = [0.1f, 3.3f, -7.7f];
        float factor = 1 / MathF.Sqrt(16);

        Assert.Equal(values.Select(v => v * factor), WeightPacking.Scaled(values, factor));
    }
}
