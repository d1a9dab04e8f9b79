using System.Buffers;
using HybridCore.Wbxml;

namespace HybridCore.Tests.Wbxml;

public sealed class WbxmlWriterTests
{
    private static string Write(WriteAction action)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new WbxmlWriter(output);
        action(ref writer);
        writer.Flush();
        return Convert.ToHexString(output.WrittenSpan);
    }

    private delegate void WriteAction(ref WbxmlWriter writer);

    [Fact]
    public void EmptyElement_HasNoContentFlagAndNoEnd()
    {
        Assert.Equal("03016A0005", Write((ref WbxmlWriter w) => w.WriteEmptyElement(AirSyncTags.Sync)));
        Assert.Equal("03016A00451401", Write((ref WbxmlWriter w) =>
        {
            w.WriteStartElement(AirSyncTags.Sync);
            w.WriteStartElement(AirSyncTags.MoreAvailable);
            w.WriteEndElement();
            w.WriteEndElement();
        }));
    }

    [Fact]
    public void SwitchPage_OnlyWhenThePageChanges()
    {
        string hex = Write((ref WbxmlWriter w) =>
        {
            w.WriteStartElement(AirSyncTags.Sync);
            w.WriteEmptyElement(EmailTags.Subject);
            w.WriteEmptyElement(EmailTags.To);
            w.WriteEmptyElement(AirSyncTags.Status);
            w.WriteEndElement();
        });

        // Sync(45) SWITCH 2 Subject(14) To(16) SWITCH 0 Status(0E) END
        Assert.Equal("03016A00" + "45" + "000214" + "16" + "00000E" + "01", hex);
    }

    [Fact]
    public void StringsAndOpaque_AreEncodedAsStrIAndOpaque()
    {
        string hex = Write((ref WbxmlWriter w) =>
        {
            w.WriteStartElement(AirSyncTags.Sync);
            w.WriteString("é");
            w.WriteString(ReadOnlySpan<char>.Empty);
            w.WriteOpaque(new byte[] { 1, 2 });
            w.WriteOpaque(new ReadOnlySequence<byte>(new byte[200]));
            w.WriteEndElement();
        });

        Assert.Equal("03016A00" + "45" + "03C3A900" + "0300" + "C3020102" + "C38148" + new string('0', 400) + "01", hex);
    }

    [Fact]
    public void LongString_IsTranscodedInChunks()
    {
        string value = string.Concat(Enumerable.Repeat("Zürich 東京 😀 ", 2000));
        var output = new ArrayBufferWriter<byte>(16);
        var writer = new WbxmlWriter(output);
        writer.WriteElementString(AirSyncBaseTags.Data, value);
        var reader = new WbxmlReader(output.WrittenSpan);
        reader.Read();
        reader.Read();
        Assert.Equal(value, reader.GetString());
    }

    [Fact]
    public void Misuse_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Write((ref WbxmlWriter w) => w.WriteEndElement()));
        Assert.Throws<InvalidOperationException>(() => Write((ref WbxmlWriter w) => w.WriteString("x")));
        Assert.Throws<InvalidOperationException>(() => Write((ref WbxmlWriter w) =>
        {
            w.WriteEmptyElement(AirSyncTags.Sync);
            w.WriteEmptyElement(AirSyncTags.Sync);
        }));
        Assert.Throws<ArgumentException>(() => Write((ref WbxmlWriter w) =>
        {
            w.WriteStartElement(AirSyncTags.Sync);
            w.WriteString("a\0b");
        }));
        Assert.Throws<ArgumentException>(() => Write((ref WbxmlWriter w) =>
        {
            w.WriteStartElement(AirSyncTags.Sync);
            w.WriteString("\ud800");
        }));
        Assert.Throws<ArgumentException>(() => Write((ref WbxmlWriter w) =>
        {
            w.WriteStartElement(AirSyncTags.Sync);
            w.WriteString(new byte[] { 0xC3, 0x28 });
        }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Write((ref WbxmlWriter w) => w.WriteStartElement((WbxmlTag)0x0004)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Write((ref WbxmlWriter w) => w.WriteStartElement((WbxmlTag)0x0045)));
    }

    [Fact]
    public void Flush_CommitsPendingBytes()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new WbxmlWriter(output);
        writer.WriteStartElement(AirSyncTags.Sync);
        writer.WriteString("x");
        Assert.Equal(0, output.WrittenCount);
        Assert.True(writer.BytesPending > 0);
        writer.Flush();
        Assert.Equal(8, output.WrittenCount);
        Assert.Equal(8, writer.BytesCommitted);
        Assert.Equal(1, writer.CurrentDepth);
        writer.WriteEndElement();
        Assert.Equal(9, output.WrittenCount);
        Assert.True(writer.IsDocumentComplete);
    }
}
