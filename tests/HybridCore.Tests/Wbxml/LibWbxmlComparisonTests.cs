using System.Text;
using System.Xml;
using HybridCore.Wbxml;
using Xunit.Abstractions;

namespace HybridCore.Tests.Wbxml;

/// <summary>
/// HybridCore and libwbxml (an independent C implementation, Debian's libwbxml2-1, installed by
/// .ci/install-deps) decode the same ActiveSync documents — the Sync responses of the benchmark — to
/// the same elements, namespaces and text.
/// </summary>
public sealed class LibWbxmlComparisonTests(ITestOutputHelper output)
{
    public static TheoryData<int> Sizes => new() { 2 * 1024, 64 * 1024, 1024 * 1024 };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void SyncResponse_BothDecoders_Agree(int size)
    {
        RequireLibWbxml();
        byte[] document = WbxmlSampleDocuments.CreateSyncResponse(size);
        using LibWbxml lib = LibWbxml.Create();
        List<string> theirs = Canonical(lib.ToXml(document));
        List<string> ours = Canonical(WbxmlXmlConverter.ToXml(document, indent: false));
        Assert.True(ours.Count > size / 100, "the document has content");
        Assert.Equal(theirs, ours);
        output.WriteLine($"{document.Length} bytes, {ours.Count} XML events: identical.");
    }

    [Fact]
    public void SpecificationExample_BothDecoders_Agree()
    {
        RequireLibWbxml();
        byte[] document = WbxmlXmlConverter.FromXml(
            "<Sync xmlns=\"AirSync\" xmlns:airsyncbase=\"AirSyncBase\" xmlns:contacts=\"Contacts\"><Collections><Collection>" +
            "<Class>Contacts</Class><SyncKey>2</SyncKey><Commands><Add><ServerId>2:1</ServerId><ApplicationData>" +
            "<airsyncbase:Body><airsyncbase:Type>1</airsyncbase:Type></airsyncbase:Body><contacts:FileAs>Funk, Don</contacts:FileAs>" +
            "</ApplicationData></Add></Commands></Collection></Collections></Sync>");
        using LibWbxml lib = LibWbxml.Create();
        Assert.Equal(Canonical(lib.ToXml(document)), Canonical(WbxmlXmlConverter.ToXml(document, indent: false)));
    }

    /// <summary>A comparison without the peer compares nothing, so a missing libwbxml is a failure everywhere, with the way
    /// to install it (a passing test must mean the two decoders agreed).</summary>
    private static void RequireLibWbxml() =>
        Assert.True(
            LibWbxml.IsAvailable,
            "libwbxml2.so.1 cannot be loaded, so HybridCore could not be compared with libwbxml: install the Debian package " +
            "libwbxml2-1 (as root: .ci/install-deps, which the README's test command runs first).");

    [Fact]
    public void Canonical_DistinguishesDifferentDocuments()
    {
        // The comparison is not vacuous: a changed text or namespace changes the canonical form.
        Assert.NotEqual(Canonical("<a xmlns=\"AirSync\">x</a>"), Canonical("<a xmlns=\"AirSync\">y</a>"));
        Assert.NotEqual(Canonical("<a xmlns=\"AirSync\"/>"), Canonical("<a xmlns=\"Email\"/>"));
        Assert.Equal(Canonical("<a xmlns=\"AirSync:\"></a>"), Canonical("<a xmlns=\"AirSync\"/>"));
    }

    /// <summary>Elements (namespace without the trailing colon libwbxml writes, local name), text and
    /// ends, in document order; empty and start-end pairs are the same.</summary>
    private static List<string> Canonical(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        var events = new List<string>();
        var text = new StringBuilder();
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    Flush();
                    events.Add("<" + reader.NamespaceURI.TrimEnd(':') + "|" + reader.LocalName);
                    if (reader.IsEmptyElement)
                    {
                        events.Add(">");
                    }

                    break;
                case XmlNodeType.EndElement:
                    Flush();
                    events.Add(">");
                    break;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    text.Append(reader.Value);
                    break;
            }
        }

        return events;

        void Flush()
        {
            if (text.Length > 0)
            {
                events.Add("'" + text);
                text.Clear();
            }
        }
    }
}
