using System.Collections.Generic;
using System.Globalization;
using AttnGen.Generator.Declarations;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace AttnGen.Generator.Validation;

/// <summary>Limits shared by every block kind.</summary>
internal static class SizeRules
{
    /// <summary>
    /// The largest value of any single size. Far above any real transformer's width or context, and small
    /// enough that products of two sizes fit comfortably in a 64-bit check before the per-sample limit.
    /// </summary>
    public const int MaxSize = 65536;

    /// <summary>
    /// The largest element count of one sample's array (2^28 floats = 1 GiB). Generated code indexes with
    /// <c>int</c>, and a batch offset adds to a sample's index, so a sample must stay well inside <c>int</c> range.
    /// </summary>
    public const long MaxSampleElements = 1L << 28;

    /// <summary>Reports every size that is not positive or above <see cref="MaxSize"/>.</summary>
    /// <returns>
    /// Whether all sizes are known and in range, so that rules combining them may run. A broken size is the
    /// compiler's to report, and its value is unknown.
    /// </returns>
    public static bool CheckSizes(IEnumerable<Argument<int>> sizes, List<DiagnosticInfo> diagnostics)
    {
        bool allValid = true;
        foreach (Argument<int> size in sizes)
        {
            if (size.IsBroken)
            {
                allValid = false;
            }
            else if (size.Value <= 0)
            {
                string shown = size.IsSet ? Text(size.Value) : "not set";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeNotPositive, size.Location, size.Name, shown));
                allValid = false;
            }
            else if (size.Value > MaxSize)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeAboveLimit, size.Location,
                    size.Name, Text(size.Value), Text(MaxSize), "every size is limited so that the generated index arithmetic cannot overflow"));
                allValid = false;
            }
        }

        return allValid;
    }

    /// <summary>Reports a per-sample array larger than <see cref="MaxSampleElements"/>, at the attribute: no one value is at fault.</summary>
    public static void CheckSampleSize(string what, long elements, Location? attribute, List<DiagnosticInfo> diagnostics)
    {
        if (elements > MaxSampleElements)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeAboveLimit, attribute,
                what, Text(elements), Text(MaxSampleElements),
                "one sample's array must stay far inside int range so that batch offsets cannot overflow"));
        }
    }

    /// <summary>A feed-forward weight matrix is one array, so it must stay inside the per-array limit too.</summary>
    public static void CheckFeedForwardWeight(int dModel, int hidden, Location? attribute, List<DiagnosticInfo> diagnostics) =>
        CheckSampleSize("Hidden × DModel (one feed-forward weight matrix)", (long)hidden * dModel, attribute, diagnostics);

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
