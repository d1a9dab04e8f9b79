using System.Text;
using HybridCore.Wbxml;

namespace HybridCore.Tests.Wbxml;

/// <summary>Legal documents that expand enormously as XML, and what encode lets through.</summary>
public sealed class WbxmlHardeningTests
{
    /// <summary>A legal document: 63 nested elements, then <paramref name="emptyElements"/> empty ones, then the ends.
    /// Each empty element is one byte of WBXML and ~140 characters of indented XML.</summary>
    internal static byte[] Expanding(int emptyElements)
    {
        var bytes = new List<byte>(Hex.Parse(Hex.Header));
        for (int i = 0; i < 63; i++)
        {
            bytes.Add(0x45); // AirSync Sync, with content
        }

        for (int i = 0; i < emptyElements; i++)
        {
            bytes.Add(0x05); // AirSync Sync, empty
        }

        for (int i = 0; i < 63; i++)
        {
            bytes.Add(0x01);
        }

        return bytes.ToArray();
    }

    [Fact]
    public void ToXml_DocumentThatExpandsPastTheLimit_ThrowsXmlTooLarge()
    {
        // 1 MiB of WBXML became 141 MB of XML in one string (and 16 MiB crashed in StringBuilder).
        byte[] wbxml = Expanding(1 << 20);

        WbxmlException e = Assert.Throws<WbxmlException>(() => WbxmlXmlConverter.ToXml(wbxml));

        Assert.Equal(WbxmlError.XmlTooLarge, e.Error);
        Assert.InRange(e.Offset, 4, wbxml.Length);
        Assert.Contains("byte offset", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToXml_SmallLimit_ThrowsXmlTooLarge_AndALargeEnoughOneDoesNot()
    {
        byte[] wbxml = Expanding(100);
        string xml = WbxmlXmlConverter.ToXml(wbxml);

        Assert.Equal(WbxmlError.XmlTooLarge, Assert.Throws<WbxmlException>(() => WbxmlXmlConverter.ToXml(wbxml, maxChars: xml.Length - 1)).Error);
        Assert.Equal(xml, WbxmlXmlConverter.ToXml(wbxml, maxChars: xml.Length));
        Assert.Throws<ArgumentOutOfRangeException>(() => WbxmlXmlConverter.ToXml(wbxml, maxChars: 0));
    }

    [Fact]
    public void WriteXml_ToATextWriter_StreamsWithBoundedMemory()
    {
        byte[] wbxml = Expanding(1 << 20);
        var counter = new CountingWriter();
        WbxmlXmlConverter.WriteXml(Expanding(10), counter);

        long before = GC.GetAllocatedBytesForCurrentThread();
        counter.Count = 0;
        WbxmlXmlConverter.WriteXml(wbxml, counter);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(counter.Count > 100_000_000, $"{counter.Count} characters");
        Assert.True(allocated < 4 * 1024 * 1024, $"{allocated} bytes allocated for {counter.Count} characters of XML");
    }

    [Fact]
    public void WriteXml_ToATextWriter_IsWhatToXmlReturns()
    {
        byte[] wbxml = WbxmlXmlConverter.FromXml("<Sync xmlns=\"AirSync\" xmlns:e=\"Email\"><e:Subject>x &amp; y</e:Subject><Status>1</Status></Sync>");
        var text = new StringWriter();

        WbxmlXmlConverter.WriteXml(wbxml, text);

        Assert.Equal(WbxmlXmlConverter.ToXml(wbxml), text.ToString());
    }

    [Fact]
    public void ToXml_ControlCharacter_MessageHasTheByteOffset()
    {
        WbxmlException e = Assert.Throws<WbxmlException>(() => WbxmlXmlConverter.ToXml(Hex.Parse(Hex.Header + "45 03 61 01 00 01")));

        Assert.Contains("byte offset 5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromXml_DeeperThanTheReadersLimit_IsRefused()
    {
        // Encode used to write documents the reader's default limits then rejected.
        var xml = new StringBuilder("<Sync xmlns=\"AirSync\">");
        for (int i = 0; i < WbxmlReaderOptions.DefaultMaxDepth; i++)
        {
            xml.Append("<Sync>");
        }

        for (int i = 0; i < WbxmlReaderOptions.DefaultMaxDepth; i++)
        {
            xml.Append("</Sync>");
        }

        xml.Append("</Sync>");

        WbxmlException e = Assert.Throws<WbxmlException>(() => WbxmlXmlConverter.FromXml(xml.ToString()));

        Assert.Equal(WbxmlError.MaxDepthExceeded, e.Error);
        Assert.StartsWith("The encoded document breaks the WBXML reader's limits", e.Message, StringComparison.Ordinal);
        Assert.NotEmpty(WbxmlXmlConverter.FromXml(xml.ToString(), new WbxmlReaderOptions { MaxDepth = 100 }));
    }

    private sealed class CountingWriter : TextWriter
    {
        public long Count { get; set; }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Count++;

        public override void Write(char[] buffer, int index, int count) => Count += count;

        public override void Write(ReadOnlySpan<char> buffer) => Count += buffer.Length;

        public override void Write(string? value) => Count += value?.Length ?? 0;
    }
}
