namespace AttnGen;

/// <summary>
/// The error for a prefix under which none of a block's known layouts is found: which names were looked for,
/// which are there instead, and whether the checkpoint keeps them under <c>bert.</c>, the prefix users most often miss.
/// </summary>
internal static class UnknownLayout
{
    private const int NamesShown = 12;

    /// <param name="source">The checkpoint searched.</param>
    /// <param name="prefix">The prefix the caller gave.</param>
    /// <param name="block">What was looked for, as in "No {block} weights".</param>
    /// <param name="layouts">Each known layout's name and the names, relative to the prefix, any one of which selects it.</param>
    public static InvalidDataException Error(IWeightSource source, string prefix, string block, params (string Name, string[] Markers)[] layouts)
    {
        string expected = string.Join(" or ", layouts.Select(layout => $"one of {Quote(layout.Markers)} ({layout.Name})"));
        string[] present = source.Names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Take(NamesShown).ToArray();
        return new InvalidDataException(
            $"No {block} weights under prefix '{prefix}': expected {expected}. " +
            $"Names present with that prefix: {(present.Length == 0 ? "none" : Quote(present))}." +
            (present.Length == 0 ? BertPrefixHint(source, prefix) : ""));
    }

    // HuggingFace BertModel checkpoints keep every block under 'bert.', which prefixes copied from a bare BertLayer lack.
    private static string BertPrefixHint(IWeightSource source, string prefix)
    {
        string bertPrefix = "bert." + prefix;
        return source.Names.Any(n => n.StartsWith(bertPrefix, StringComparison.Ordinal))
            ? $" Names are present under '{bertPrefix}': HuggingFace BertModel checkpoints keep every block under 'bert.', so the prefix is probably '{bertPrefix}'."
            : "";
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
