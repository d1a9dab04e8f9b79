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
