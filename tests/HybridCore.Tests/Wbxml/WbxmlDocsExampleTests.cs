using System.Buffers;
using HybridCore.Wbxml;

namespace HybridCore.Tests.Wbxml;

/// <summary>The examples of docs/wbxml.md, compiled and run.</summary>
public sealed class WbxmlDocsExampleTests
{
    [Fact]
    public void WritingExample_ProducesWhatTheDocsSay()
    {
        byte[] bytes = [1, 2, 3];
        var output = new ArrayBufferWriter<byte>();
        var writer = new WbxmlWriter(output);
        writer.WriteStartElement(AirSyncTags.Sync);
        writer.WriteStartElement(AirSyncTags.Collections);
        writer.WriteElementString(AirSyncTags.SyncKey, "2");
        writer.WriteStartElement(AirSyncBaseTags.Body);
        writer.WriteEmptyElement(AirSyncBaseTags.Truncated);
        writer.WriteOpaque(bytes);
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();

        // header, Sync, Collections, SyncKey "2" END, SWITCH_PAGE 0x11, Body, Truncated (no content flag), OPAQUE, 3 x END
        Assert.Equal("03016A00" + "45" + "5C" + "4B03320001" + "0011" + "4A" + "0D" + "C303010203" + "010101", Convert.ToHexString(output.WrittenSpan));

        var reader = new WbxmlReader(output.WrittenSpan);
        var seen = new List<string>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case WbxmlTokenType.StartElement:
                    seen.Add(reader.TagName + (reader.IsEmptyElement ? "/" : string.Empty) + "@" + reader.CurrentDepth);
                    break;
                case WbxmlTokenType.EndElement:
                    seen.Add("/" + reader.TagName);
                    break;
                case WbxmlTokenType.String:
                    seen.Add(reader.GetString());
                    break;
                case WbxmlTokenType.Opaque:
                    seen.Add(reader.ValueSpan.Length + " bytes");
                    break;
            }
        }

        Assert.Equal(["Sync@0", "Collections@1", "SyncKey@2", "2", "/SyncKey", "Body@2", "Truncated/@3", "3 bytes", "/Body", "/Collections", "/Sync"], seen);
    }
}
