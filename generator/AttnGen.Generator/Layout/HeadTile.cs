using System.Collections.Generic;
using System.Linq;

namespace AttnGen.Generator.Layout;

/// <summary>
/// The tile one form of a per-head kernel (<see cref="BroadcastAccumulate"/>) computes at a time: <see cref="Rows"/>
/// output rows × a block of <see cref="BlockWidth"/> columns in <see cref="Form"/>'s vectors, one accumulator per
/// row and vector. Each streamed vector serves every row, each broadcast factor every vector of its row.
/// </summary>
internal sealed record HeadTile(TileForm Form, int Rows, int BlockWidth)
{
    /// <summary>
    /// AVX-512: 8 rows × 2 Vector512 = 16 accumulators, 2 streamed vectors and a broadcast in 32 registers. On the
    /// BERT-base head (Zen 4) it took 6 % less time than the narrow tiles for the scores, 24 % for the context and
    /// 17 % for both causal kernels, all then near the core's multiply-add peak; hand-written 8 × 1 and 4 × 4
    /// Vector512 tiles measured within 8 % of it, either way.
    /// </summary>
    public static readonly HeadTile Wide = new(TileForm.Wide, 8, 32);

    /// <summary>
    /// AVX2: 4 rows × 2 Vector256 keeps 8 accumulators, enough to hide the FMA latency, and with the 2 streamed
    /// vectors and a broadcast within the 16 registers of an AVX2-only machine.
    /// </summary>
    public static readonly HeadTile Narrow = new(TileForm.Narrow, 4, 16);

    /// <summary>
    /// AVX2, causal scores: 8 rows × 1 Vector256, so a tile can start at any vector (the first that its keys' queries
    /// fill) and still keep 8 accumulators.
    /// </summary>
    public static readonly HeadTile NarrowSingleVector = new(TileForm.Narrow, 8, 8);

    /// <summary>
    /// SSE and NEON: 4 rows × 2 Vector128 = 8 accumulators, within x64's 16 registers with the streamed vectors, the
    /// broadcast and (without FMA) a product. Blocks are 8 columns, so causal tiles start at any vector too.
    /// </summary>
    public static readonly HeadTile Small = new(TileForm.Small, 4, 8);

    /// <summary>
    /// The block widths that cover what whole blocks leave of a row: halving from the tile's width down to 8 columns,
    /// each used at most once since the rows are a multiple of 8 columns wide.
    /// </summary>
    public IEnumerable<int> TailWidths
    {
        get
        {
            for (int width = BlockWidth / 2; width >= Lanes.Count; width /= 2)
            {
                yield return width;
            }
        }
    }

    /// <summary>The vectors of a block <paramref name="width"/> columns wide: all of one type, since widths halve from the tile's.</summary>
    public TileVector[] Vectors(int width) => Form.Vectors(width).ToArray();
}
