using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AttnGen.Generator.Writing;

/// <summary>
/// Writes C# text line by line with indentation; <see cref="Block"/> opens a brace block that closes
/// when disposed, so the emitted structure mirrors the emitter's <c>using</c> blocks. A line that would pass
/// <see cref="LineWrapper.Limit"/> columns is broken as a person would (<see cref="LineWrapper"/>), so emitters write
/// each statement or comment as one line and the reader still gets lines that fit a screen.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";

    /// <summary>The indents of the usual depths, made once: every line asks for one.</summary>
    private static readonly string[] Indents = [.. Enumerable.Range(0, 16).Select(depth => new string(' ', depth * IndentUnit.Length))];
    private readonly StringBuilder _text = new();
    private int _depth;

    public SourceWriter Line(string line = "")
    {
        if (line.Length == 0)
        {
            _text.Append('\n');
            return this;
        }

        string indent = Indent(_depth);
        foreach (string part in LineWrapper.Wrap(indent, line))
        {
            _text.Append(indent).Append(part).Append('\n');
        }

        return this;
    }

    /// <summary>
    /// A doc comment's summary: on one line for one text, else a line per text between the tags. The writer wraps
    /// either at the line limit, so a summary is written as sentences, not as lines.
    /// </summary>
    public SourceWriter Summary(params string[] lines)
    {
        if (lines.Length == 1)
        {
            return Line($"/// <summary>{lines[0]}</summary>");
        }

        Line("/// <summary>");
        foreach (string line in lines)
        {
            Line("/// " + line);
        }

        return Line("/// </summary>");
    }

    /// <summary>A doc comment's <c>param</c> for the parameter <paramref name="name"/>.</summary>
    public SourceWriter Param(string name, string text) => Line($"/// <param name=\"{name}\">{text}</param>");

    /// <summary>Opens a brace block under <paramref name="header"/>; an empty header gives a bare scope block.</summary>
    public IDisposable Block(string header)
    {
        if (header.Length > 0)
        {
            Line(header);
        }

        Line("{");
        _depth++;
        return new BlockEnd(this);
    }

    public override string ToString() => _text.ToString();

    private static string Indent(int depth) => depth < Indents.Length ? Indents[depth] : new string(' ', depth * IndentUnit.Length);

    /// <summary>An integer as C# source, culture-independent.</summary>
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>expression + constant</c>, or the expression alone when the constant is 0.</summary>
    public static string Plus(string expression, int constant) => constant == 0 ? expression : $"{expression} + {Int(constant)}";

    /// <summary><c>constant + expression</c>, or the expression alone when the constant is 0.</summary>
    public static string Plus(int constant, string expression) => constant == 0 ? expression : $"{Int(constant)} + {expression}";

    /// <summary>A float as a C# literal that round-trips to exactly the same value.</summary>
    public static string Float(float value) => value.ToString("R", CultureInfo.InvariantCulture) + "f";

    private sealed class BlockEnd(SourceWriter writer) : IDisposable
    {
        public void Dispose()
        {
            writer._depth--;
            writer.Line("}");
        }
    }
}
