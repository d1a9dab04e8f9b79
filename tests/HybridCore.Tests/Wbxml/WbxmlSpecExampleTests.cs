using System.Buffers;
using System.Text.RegularExpressions;
using HybridCore.Wbxml;

namespace HybridCore.Tests.Wbxml;

/// <summary>The worked example of [MS-ASWBXML] section 3 ("Protocol Examples": a Sync response carrying a
/// new contact), decoded to its XML and encoded back to its bytes.</summary>
public sealed partial class WbxmlSpecExampleTests
{
    // [MS-ASWBXML] 3: the XML of the example, as printed there (whitespace between tags removed).
    private const string ExampleXml =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>" +
        "<Sync xmlns=\"AirSync\" xmlns:airsyncbase=\"AirSyncBase\" xmlns:contacts=\"Contacts\"><Collections><Collection>" +
        "<Class>Contacts</Class><SyncKey>2</SyncKey><CollectionId>2</CollectionId><Status>1</Status><Commands><Add>" +
        "<ServerId>2:1</ServerId><ApplicationData><airsyncbase:Body><airsyncbase:Type>1</airsyncbase:Type>" +
        "<airsyncbase:EstimatedDataSize>0</airsyncbase:EstimatedDataSize><airsyncbase:Truncated>1</airsyncbase:Truncated>" +
        "</airsyncbase:Body><contacts:FileAs>Funk, Don</contacts:FileAs><contacts:FirstName>Don</contacts:FirstName>" +
        "<contacts:LastName>Funk</contacts:LastName><airsyncbase:NativeBodyType>1</airsyncbase:NativeBodyType>" +
        "</ApplicationData></Add></Commands></Collection></Collections></Sync>";

    // [MS-ASWBXML] 3: the WBXML encoding, verbatim from the specification up to "Funk" (byte 84) ...
    private const string ExamplePublishedPrefix =
        "03 01 6A 00 45 5C 4F 50 03 43 6F 6E 74 61 63 74 73 00 01 4B 03 32 00 01 52 03 32 00 01 4E 03 31 00 01 " +
        "56 47 4D 03 32 3A 31 00 01 5D 00 11 4A 46 03 31 00 01 4C 03 30 00 01 4D 03 31 00 01 01 00 01 5E 03 46 75 6E 6B";

    // ... and the rest, byte by byte as the example's table describes it, with the tokens of
    // [MS-ASWBXML] 2.1.2.1.2 (Contacts: FirstName 0x1F, LastName 0x29) and 2.1.2.1.18 (AirSyncBase:
    // NativeBodyType 0x16): ", Don" END, FirstName "Don" END, LastName "Funk" END,
    // SWITCH_PAGE 17, NativeBodyType "1" END, then six END tokens.
    private const string ExampleRest =
        "2C 20 44 6F 6E 00 01 5F 03 44 6F 6E 00 01 69 03 46 75 6E 6B 00 01 00 11 56 03 31 00 01 01 01 01 01 01 01";

    private static byte[] ExampleBytes => Hex.Parse(ExamplePublishedPrefix + " " + ExampleRest);

    [Fact]
    public void Example_Decode_GivesTheSpecificationXml()
    {
        string xml = WbxmlXmlConverter.ToXml(ExampleBytes, indent: false);
        Assert.Equal(ExampleXml, xml);
    }

    [Fact]
    public void Example_Encode_GivesTheSpecificationBytes()
    {
        byte[] wbxml = WbxmlXmlConverter.FromXml(ExampleXml);
        Assert.Equal(Convert.ToHexString(ExampleBytes), Convert.ToHexString(wbxml));
    }

    [Fact]
    public void Example_EncodeIndentedXml_GivesTheSameBytes()
    {
        // The specification prints the XML indented; whitespace between elements is not content.
        string indented = WbxmlXmlConverter.ToXml(ExampleBytes, indent: true);
        Assert.Contains("\n  <Collections>", indented, StringComparison.Ordinal);
        Assert.Equal(ExampleBytes, WbxmlXmlConverter.FromXml(indented));
    }

    [Fact]
    public void Example_WrittenWithTheWriter_GivesTheSpecificationBytes()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new WbxmlWriter(output);
        writer.WriteStartElement(AirSyncTags.Sync);
        writer.WriteStartElement(AirSyncTags.Collections);
        writer.WriteStartElement(AirSyncTags.Collection);
        writer.WriteElementString(AirSyncTags.Class, "Contacts");
        writer.WriteElementString(AirSyncTags.SyncKey, "2");
        writer.WriteElementString(AirSyncTags.CollectionId, "2");
        writer.WriteElementString(AirSyncTags.Status, "1");
        writer.WriteStartElement(AirSyncTags.Commands);
        writer.WriteStartElement(AirSyncTags.Add);
        writer.WriteElementString(AirSyncTags.ServerId, "2:1");
        writer.WriteStartElement(AirSyncTags.ApplicationData);
        writer.WriteStartElement(AirSyncBaseTags.Body);
        writer.WriteElementString(AirSyncBaseTags.Type, "1"u8);
        writer.WriteElementString(AirSyncBaseTags.EstimatedDataSize, "0"u8);
        writer.WriteElementString(AirSyncBaseTags.Truncated, "1"u8);
        writer.WriteEndElement();
        writer.WriteElementString(ContactsTags.FileAs, "Funk, Don");
        writer.WriteElementString(ContactsTags.FirstName, "Don");
        writer.WriteElementString(ContactsTags.LastName, "Funk");
        writer.WriteElementString(AirSyncBaseTags.NativeBodyType, "1");
        for (int i = 0; i < 6; i++)
        {
            writer.WriteEndElement();
        }

        Assert.True(writer.IsDocumentComplete);
        Assert.Equal(Convert.ToHexString(ExampleBytes), Convert.ToHexString(output.WrittenSpan));
    }

    [Fact]
    public void Example_Read_YieldsTokensWithDepthsAndOffsets()
    {
        byte[] bytes = ExampleBytes;
        var reader = new WbxmlReader(bytes);
        Assert.True(reader.Read());
        Assert.Equal(WbxmlTokenType.StartElement, reader.TokenType);
        Assert.Equal(AirSyncTags.Sync, reader.Tag);
        Assert.Equal("Sync", reader.TagName);
        Assert.Equal(0, reader.CurrentDepth);
        Assert.Equal(4, reader.TokenOffset);
        Assert.Equal(3, reader.Version);
        Assert.Equal(1u, reader.PublicId);
        Assert.Equal(106u, reader.Charset);

        // Walk to the first AirSyncBase element: the SWITCH_PAGE is consumed silently.
        while (reader.Read() && reader.Tag != AirSyncBaseTags.Body)
        {
        }

        Assert.Equal(WbxmlCodePage.AirSyncBase, reader.CodePage);
        Assert.Equal(6, reader.CurrentDepth);
        Assert.Equal(46, reader.TokenOffset); // 45 = SWITCH_PAGE, 46 = 0x4A

        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.Equal(WbxmlTokenType.String, reader.TokenType);
        Assert.Equal("1", reader.GetString());
        Assert.True(reader.ValueEquals("1"u8));
        Assert.Equal(8, reader.CurrentDepth);

        while (reader.Read())
        {
        }

        Assert.True(reader.IsDocumentComplete);
        Assert.Equal(bytes.Length, reader.BytesConsumed);

        // Every element of the example has content, so each start has an END.
        List<string> tokens = Tokens.Read(bytes);
        Assert.Equal(Regex.Count(ExampleXml, "</"), tokens.Count(t => t.StartsWith('-')));
        Assert.Equal(Regex.Count(ExampleXml, "<[A-Za-z]"), tokens.Count(t => t.StartsWith('+')));
    }
}
