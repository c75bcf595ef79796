using System;
using System.Globalization;
using System.Text;

namespace AttnGen.Generator.Writing;

/// <summary>
/// Writes C# text line by line with indentation; <see cref="Block"/> opens a brace block that closes
/// when disposed, so the emitted structure mirrors the emitter's <c>using</c> blocks.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _text = new();
    private int _depth;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            for (int i = 0; i < _depth; i++)
            {
                _text.Append(IndentUnit);
            }
        }

        _text.Append(line).Append('\n');
        return this;
    }

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

    /// <summary>An integer as C# source, culture-independent.</summary>
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

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
