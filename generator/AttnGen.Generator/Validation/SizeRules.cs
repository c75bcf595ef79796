using System.Collections.Generic;
using System.Globalization;
using AttnGen.Generator.Diagnostics;
using AttnGen.Generator.Model;
using AttnGen.Generator.Parsing;

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
    /// <returns>Whether all sizes are in range.</returns>
    public static bool CheckSizes(IEnumerable<(string Name, int Value)> sizes, AttributeArguments arguments, List<DiagnosticInfo> diagnostics)
    {
        bool allValid = true;
        foreach ((string name, int value) in sizes)
        {
            if (value <= 0)
            {
                string shown = arguments.IsSet(name) ? Text(value) : "not set";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeNotPositive, arguments.LocationOf(name), name, shown));
                allValid = false;
            }
            else if (value > MaxSize)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeAboveLimit, arguments.LocationOf(name),
                    name, Text(value), Text(MaxSize), "every size is limited so that the generated index arithmetic cannot overflow"));
                allValid = false;
            }
        }

        return allValid;
    }

    /// <summary>Reports a per-sample array larger than <see cref="MaxSampleElements"/>.</summary>
    public static void CheckSampleSize(string what, long elements, AttributeArguments arguments, List<DiagnosticInfo> diagnostics)
    {
        if (elements > MaxSampleElements)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeAboveLimit, arguments.AttributeLocation,
                what, elements.ToString(CultureInfo.InvariantCulture), MaxSampleElements.ToString(CultureInfo.InvariantCulture),
                "one sample's array must stay far inside int range so that batch offsets cannot overflow"));
        }
    }

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
