using System.Buffers;
using System.Globalization;
using System.Text;
using HybridCore.Wbxml;

namespace HybridCore.Tests.Wbxml;

/// <summary>A document as the list of tokens a reader yields, rendered as short strings so that
/// test failures are readable: "+Sync" start, "+Sync/" empty, "-Sync" end, "'text'", "#hex" opaque.</summary>
internal static class Tokens
{
    public static List<string> Read(ReadOnlySpan<byte> wbxml, WbxmlReaderOptions options = default)
    {
        var reader = new WbxmlReader(wbxml, options);
        var tokens = new List<string>();
        while (reader.Read())
        {
            tokens.Add(Describe(ref reader));
        }

        Assert.True(reader.IsDocumentComplete);
        return tokens;
    }

    public static List<string> Read(ReadOnlySequence<byte> wbxml, WbxmlReaderOptions options = default)
    {
        var reader = new WbxmlReader(wbxml, options);
        var tokens = new List<string>();
        while (reader.Read())
        {
            tokens.Add(Describe(ref reader));
        }

        Assert.True(reader.IsDocumentComplete);
        return tokens;
    }

    public static string Describe(ref WbxmlReader reader)
    {
        string name = reader.TagName ?? ((ushort)reader.Tag).ToString("X4", CultureInfo.InvariantCulture);
        if (reader.TokenType is WbxmlTokenType.StartElement or WbxmlTokenType.EndElement)
        {
            name = reader.CodePage + ":" + name;
        }

        byte[] value = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
        return reader.TokenType switch
        {
            WbxmlTokenType.StartElement => (reader.IsEmptyElement ? "+" + name + "/" : "+" + name) + "@" + reader.CurrentDepth,
            WbxmlTokenType.EndElement => "-" + name + "@" + reader.CurrentDepth,
            WbxmlTokenType.String => "'" + Encoding.UTF8.GetString(value) + "'@" + reader.CurrentDepth,
            WbxmlTokenType.Opaque => "#" + Convert.ToHexString(value) + "@" + reader.CurrentDepth,
            _ => "?",
        };
    }
}

/// <summary>Builds multi-segment sequences.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Create(params byte[][] parts)
    {
        if (parts.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(parts[0], 0);
        Segment last = first;
        for (int i = 1; i < parts.Length; i++)
        {
            last = last.Append(parts[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Splits <paramref name="data"/> at the given (sorted) offsets.</summary>
    public static ReadOnlySequence<byte> SplitAt(byte[] data, params int[] offsets)
    {
        var parts = new List<byte[]>();
        int previous = 0;
        foreach (int offset in offsets)
        {
            parts.Add(data[previous..offset]);
            previous = offset;
        }

        parts.Add(data[previous..]);
        return Create([.. parts]);
    }

    /// <summary>One-byte segments with an empty segment between each.</summary>
    public static ReadOnlySequence<byte> OneByteWithEmpties(byte[] data)
    {
        var parts = new List<byte[]> { Array.Empty<byte>() };
        foreach (byte b in data)
        {
            parts.Add([b]);
            parts.Add(Array.Empty<byte>());
        }

        return Create([.. parts]);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

internal static class Hex
{
    public static byte[] Parse(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal));

    /// <summary>The 4-byte header ActiveSync writes: WBXML 1.3, public id 1, UTF-8, no string table.</summary>
    public const string Header = "03016A00";

    public static WbxmlException Throws(byte[] data, WbxmlReaderOptions options = default)
    {
        return Assert.Throws<WbxmlException>(() =>
        {
            var reader = new WbxmlReader(data, options);
            while (reader.Read())
            {
            }
        });
    }
}
