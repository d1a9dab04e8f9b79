using System.Text;
using HybridCore.AspNetCore.Autodiscover;

namespace HybridCore.AspNetCore.Tests.Autodiscover;

public sealed class AutodiscoverXmlTests
{
    private static AutodiscoverRequestError Parse(string xml, out AutodiscoverRequest? request, int max = 32 * 1024) =>
        AutodiscoverXml.TryParseRequest(Encoding.UTF8.GetBytes(xml), max, out request);

    [Fact]
    public void TryParseRequest_Pox_ReadsTheAddress()
    {
        Assert.Equal(AutodiscoverRequestError.None, Parse(AutodiscoverMiddlewareTests.PoxRequest("a@b.example"), out AutodiscoverRequest? r));
        Assert.Equal(new AutodiscoverRequest(AutodiscoverSchema.Outlook, "a@b.example", null), r);
    }

    [Fact]
    public void TryParseRequest_MobileSync_ReadsTheAddress()
    {
        Assert.Equal(AutodiscoverRequestError.None, Parse(AutodiscoverMiddlewareTests.MobileRequest(" a@b.example "), out AutodiscoverRequest? r));
        Assert.Equal(new AutodiscoverRequest(AutodiscoverSchema.MobileSync, "a@b.example", null), r);
    }

    [Fact]
    public void TryParseRequest_ElementsInAnyOrder_AreRead()
    {
        const string xml = "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\"><Request><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema><LegacyDN>/o=Contoso/cn=u</LegacyDN><EMailAddress>u@c.example</EMailAddress></Request></Autodiscover>";
        Assert.Equal(AutodiscoverRequestError.None, Parse(xml, out AutodiscoverRequest? r));
        Assert.Equal(new AutodiscoverRequest(AutodiscoverSchema.Outlook, "u@c.example", "/o=Contoso/cn=u"), r);
    }

    [Fact]
    public void TryParseRequest_MixedSchemas_IsUnsupported()
    {
        string xml = AutodiscoverMiddlewareTests.MobileRequest("a@b.example").Replace("mobilesync/responseschema/2006", "outlook/responseschema/2006a", StringComparison.Ordinal);
        Assert.Equal(AutodiscoverRequestError.UnsupportedResponseSchema, Parse(xml, out AutodiscoverRequest? r));
        Assert.Equal(AutodiscoverSchema.MobileSync, r!.Schema);
    }

    [Fact]
    public void TryParseRequest_DeepNesting_IsMalformed()
    {
        string deep = string.Concat(Enumerable.Repeat("<x>", 50)) + string.Concat(Enumerable.Repeat("</x>", 50));
        string xml = AutodiscoverMiddlewareTests.PoxRequest("a@b.example").Replace("<Request>", "<Request>" + deep, StringComparison.Ordinal);
        Assert.Equal(AutodiscoverRequestError.MalformedXml, Parse(xml, out _));
    }

    [Fact]
    public void TryParseRequest_OverTheCharacterLimit_IsMalformed()
    {
        Assert.Equal(AutodiscoverRequestError.MalformedXml, Parse(AutodiscoverMiddlewareTests.PoxRequest("a@b.example"), out _, max: 100));
    }

    [Fact]
    public void TryParseRequest_HugeValue_IsMalformed()
    {
        Assert.Equal(AutodiscoverRequestError.MalformedXml, Parse(AutodiscoverMiddlewareTests.PoxRequest(new string('a', 5000) + "@b.example"), out _));
    }

    [Fact]
    public void TryParseRequest_Empty_IsEmpty()
    {
        Assert.Equal(AutodiscoverRequestError.Empty, AutodiscoverXml.TryParseRequest(ReadOnlyMemory<byte>.Empty, 1000, out _));
    }

    [Fact]
    public void WriteRedirect_Pox_MatchesTheSpecExampleShape()
    {
        // [MS-OXDSCLI] 4.2 example: Autodiscover(responseschema/2006) > Response(outlook/responseschema/2006a) > Account > Action, RedirectAddr.
        string xml = Encoding.UTF8.GetString(AutodiscoverXml.WriteRedirect(AutodiscoverSchema.Outlook, "u@a.example", "u@b.example"));
        var root = System.Xml.Linq.XElement.Parse(xml);
        System.Xml.Linq.XNamespace o = AutodiscoverXml.OutlookResponseNamespace;
        Assert.Equal(AutodiscoverXml.ResponseNamespace, root.Name.NamespaceName);
        Assert.Equal("u@b.example", root.Element(o + "Response")!.Element(o + "Account")!.Element(o + "RedirectAddr")!.Value);
    }

    [Fact]
    public void WriteRedirect_EscapesMarkupInAddresses()
    {
        string xml = Encoding.UTF8.GetString(AutodiscoverXml.WriteRedirect(AutodiscoverSchema.MobileSync, "<x>&@a.example", "u@b.example"));
        Assert.Contains("&lt;x&gt;&amp;@a.example", xml, StringComparison.Ordinal);
    }
}
