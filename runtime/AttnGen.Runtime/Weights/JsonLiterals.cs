namespace AttnGen;

/// <summary>
/// Checks every bare word of a JSON text (outside strings) before <see cref="System.Text.Json.Utf8JsonReader"/> sees
/// it. The reader's error for a misspelt <c>true</c>, <c>false</c> or <c>null</c> quotes everything from that word to
/// the end of its buffer, so a damaged header of n bytes cost about 20·n bytes of allocation and an n-character
/// message (found by the mutation fuzz test); this check refuses such a header in one pass, allocating nothing.
/// </summary>
internal static class JsonLiterals
{
    /// <returns>The offset of the first bare word that is not <c>true</c>, <c>false</c> or <c>null</c>; −1 if none.</returns>
    public static int FirstInvalid(ReadOnlySpan<byte> json)
    {
        bool inString = false;
        for (int i = 0; i < json.Length; i++)
        {
            byte b = json[i];
            if (inString)
            {
                // An escape's next byte cannot end the string.
                i += b == '\\' ? 1 : 0;
                inString = b != '"';
            }
            else if (b == '"')
            {
                inString = true;
            }
            else if (b is >= (byte)'a' and <= (byte)'z' && (i == 0 || !char.IsAsciiDigit((char)json[i - 1])))
            {
                // (An 'e' after a digit is a number's exponent, which the reader judges.)
                int end = i;
                while (end < json.Length && json[end] is >= (byte)'a' and <= (byte)'z')
                {
                    end++;
                }

                if (!IsLiteral(json[i..end]))
                {
                    return i;
                }

                i = end - 1;
            }
        }

        return -1;
    }

    private static bool IsLiteral(ReadOnlySpan<byte> word) => word.SequenceEqual("true"u8) || word.SequenceEqual("false"u8) || word.SequenceEqual("null"u8);
}
