namespace AttnGen.Samples.Tests;

/// <summary>
/// Texts on which the sample's tokenizer and HuggingFace's must agree: every printable ASCII character between two
/// words, then the cases where tokenizers tend to differ, then ordinary sentences.
/// </summary>
public static class TokenizationComparisonTexts
{
    public static IReadOnlyList<string> All { get; } =
    [
        .. Enumerable.Range(' ', '~' - ' ' + 1).Select(c => $"word{(char)c}word"),
        .. Symbols,
        .. Numbers,
        .. Accents,
        .. EmojiAndOtherPlanes,
        .. Cjk,
        .. WhiteSpaceAndControls,
        .. LongWords,
        .. SpecialTokens,
        .. Sentences,
    ];

    private static string[] Symbols =>
    [
        "$100 + 20% = ?", "a<b>c", "x^2 + y^2 = z^2", "`code` | pipe ~ tilde", @"C:\path\to\file", "snake_case_name",
        "__init__", "e-mail", "don't", "rock'n'roll", "it's 5 o'clock", "#hashtag @mention", "a&b", "50/50",
        "€10", "10€", "£5.99", "¥1000", "₹500", "₿", "¢", "°C", "25°", "©2024", "®", "™", "§4.2", "¶", "†‡",
        "•bullet", "…", "—dash—", "–", "«guillemets»", "‹›", "“curly” ‘quotes’", "„low“", "¿qué?", "¡hola!", "·",
        "±", "×÷", "≤≥≠≈", "∞", "√2", "∑∏", "∫", "→←↑↓", "⇒", "♥♦♣♠", "★☆", "✓✗", "☺", "♪♫", "µ", "Ω", "‰", "′″",
        "※", "〈〉", "【】", "「」", "『』", "、。", "！？", "（）", "：；", "﹏", "＿", "＄", "％", "ｆｕｌｌｗｉｄｔｈ",
        "@@@", "!!!", "???", "...", "--", "((()))", "[[]]", "{{}}", "<<>>", "a.b.c", "a,b,c", "a;b:c",
    ];

    private static string[] Numbers =>
    [
        "0", "42", "3.14159", "1,000,000", "1e-5", "-7", "+7", "0x1F", "2024-01-31", "12:30", "1st 2nd 3rd 4th",
        "½ ¼ ¾", "²³¹", "①②③", "Ⅳ Ⅻ", "٣٤٥", "१२३", "123456789012345678901234567890", "v1.2.3", "ISBN 978-3-16-148410-0",
    ];

    private static string[] Accents =>
    [
        "café", "naïve", "résumé", "Ångström", "Über", "façade", "jalapeño", "crème brûlée", "Ærøskøbing", "Øre",
        "Łódź", "Dvořák", "Şişli", "İstanbul", "ıi", "straße", "ß", "ﬁnance", "ǅ", "Ǆ", "ΑΘΗΝΑ", "ΣΟΦΟΣ", "Ελληνικά",
        "Москва", "Ёлка", "עברית", "العربية", "हिन्दी", "ไทย", "한국어", "ḱṷṓn", "e\u0301", "A\u030A", "\u0301alone",
    ];

    private static string[] EmojiAndOtherPlanes =>
    [
        "😀", "hello😀", "😀hello", "I love 🍕 and 🍺!", "👍🏽", "👨‍👩‍👧‍👦", "🇫🇷", "❤️", "🥺", "🫠", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𝐁𝐨𝐥𝐝",
        "𐐀𐐁", "\U0001F600\U0001F601\U0001F602", "\uE000private", "\U000F0000", "\U00010100",
    ];

    private static string[] Cjk =>
    [
        "中文", "我爱北京天安门", "中文English混合", "日本語のテキスト", "カタカナ", "ひらがな", "漢字かな交じり文", "한국어 텍스트",
        "台北101", "你好，世界！", "\U00020000\U0002A6DF", "\U0002B820\U0002B91F", "\U0002B920", "豈", "\U0002F800",
        "㐀", "〇", "々", "ｶﾀｶﾅ",
    ];

    private static string[] WhiteSpaceAndControls =>
    [
        "", " ", "   ", "\t", "\n", "\r\n", "\t\n\r ", "tab\tseparated", "new\nline", "carriage\rreturn", "crlf\r\nline",
        "  leading and trailing  ", "no\u00A0break", "em\u2003space", "ideographic\u3000space", "line\u2028separator",
        "vertical\vtab", "form\ffeed", "next\u0085line", "nul\0char", "bell\u0007", "esc\u001B[0m", "zero\u200Bwidth",
        "soft\u00ADhyphen", "joiner\u200Dhere", "bom\uFEFFmark", "replacement\uFFFDchar", "non\uFFFEcharacter\uFFFF", "del\u007Fete", "\u0001\u0002\u0003",
    ];

    private static string[] LongWords =>
    [
        new string('a', 99), new string('a', 100), new string('a', 101), "x" + new string('é', 100),
        string.Concat(Enumerable.Repeat("hyper", 20)), string.Concat(Enumerable.Repeat("hyper", 21)),
        "short " + new string('b', 150) + " words", string.Concat(Enumerable.Repeat("ab", 60)) + "!",
        "pneumonoultramicroscopicsilicovolcanoconiosis", "Supercalifragilisticexpialidocious", "antidisestablishmentarianism",
        string.Concat(Enumerable.Repeat("😀", 60)), string.Concat(Enumerable.Repeat("中", 120)),
    ];

    private static string[] SpecialTokens =>
    [
        "[CLS] and [SEP] are special", "hello[SEP]world", "[cls] [Sep] [ SEP ]", "[MASK]", "[UNK]!", "[PAD][PAD]",
        "x[MASK]y", "[[CLS]]", "[CLS\u0301]", "Ünïcode [SEP] ÄÖÜ", "\t[SEP]\n",
    ];

    private static string[] Sentences =>
    [
        "A man is eating food.", "The girl is carrying a baby.", "Two men pushed carts through the woods.",
        "The quick brown fox jumps over the lazy dog.", "HELLO WORLD", "Hello, World!", "What's the weather like today?",
        "I can't believe it's not butter!", "She said, \"Let's go!\"", "Email me at john.doe@example.com.",
        "Visit https://www.example.com/path?query=1&x=2#frag", "The price is $19.99 (tax incl.).",
        "Call +1 (555) 123-4567 now!", "C++ and C# are programming languages.", "x = y + 2 * (z - 1) / 3;",
        "if (a <= b && c != d) { return; }", "def f(x): return x**2", "<html><body>Hi</body></html>",
        "Le café coûte 3,50 € à Paris.", "Der Bär läuft über die Straße.", "Él comió jamón en España.",
        "Tokyo (東京) is Japan's capital.", "It costs ¥500 or about $4.", "The temperature was -5°C at 6:00 a.m.",
        "Mr. O'Neil's dog barked.", "We're #1!!!", "Wait... what?!", "Line one.\nLine two.\tTabbed.",
        "Prices: apples – $1; pears — $2.", "He scored 95% on the test, wow!", "The U.S.A. and the U.K.",
        "Embeddings map sentences to vectors.", "sentence-transformers/all-MiniLM-L6-v2", "[CLS] and [SEP] are special",
        "Use the ~/.bashrc file", "Version 2.0.1 was released in 2024.", "I ❤️ NY", "Résumé of Zoë Saldaña",
        "Quotes: «bonjour», „hallo“, “hello”.", "Math: ∀x ∈ ℝ, x² ≥ 0.",
    ];
}
