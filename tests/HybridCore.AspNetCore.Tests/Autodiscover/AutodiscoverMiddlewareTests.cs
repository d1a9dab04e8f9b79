using System.Net;
using System.Text;
using System.Xml.Linq;
using HybridCore.AspNetCore.Autodiscover;
using HybridCore.AspNetCore.Tests.Infrastructure;

namespace HybridCore.AspNetCore.Tests.Autodiscover;

/// <summary>The Autodiscover middleware against a real Kestrel server, both schemas.</summary>
public sealed class AutodiscoverMiddlewareTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private static readonly XNamespace Outer = AutodiscoverXml.ResponseNamespace;
    private static readonly XNamespace Outlook = AutodiscoverXml.OutlookResponseNamespace;
    private static readonly XNamespace Mobile = AutodiscoverXml.MobileSyncResponseNamespace;

    internal static string PoxRequest(string email) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
          <Request>
            <EMailAddress>{email}</EMailAddress>
            <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
          </Request>
        </Autodiscover>
        """;

    internal static string MobileRequest(string email) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006">
          <Request>
            <EMailAddress>{email}</EMailAddress>
            <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006</AcceptableResponseSchema>
          </Request>
        </Autodiscover>
        """;

    private Task<HttpResponseMessage> PostAsync(string body, string? user = TestLab.User12, string? userAgent = null, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Post, "/autodiscover/autodiscover.xml");
        if (method != HttpMethod.Get)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "text/xml");
        }

        if (user is not null)
        {
            request.Headers.Authorization = KestrelHost.Basic(user);
        }

        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        return fixture.Client.SendAsync(request);
    }

    private static async Task<XElement> XmlAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        XElement root = XElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Outer + "Autodiscover", root.Name);
        return root;
    }

    [Fact]
    public async Task Post_Anonymous_Gets401()
    {
        using HttpResponseMessage response = await PostAsync(PoxRequest(TestLab.User12), user: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("onmicrosoft", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pox_MigratedUser_GetsRedirectAddrToTheRoutingAddress()
    {
        using HttpResponseMessage response = await PostAsync(PoxRequest(TestLab.User12));
        XElement root = await XmlAsync(response);

        // [MS-OXDSCLI] 4.2: Autodiscover/Response(outlook 2006a)/Account/Action=redirectAddr + RedirectAddr.
        XElement account = root.Element(Outlook + "Response")!.Element(Outlook + "Account")!;
        Assert.Equal("redirectAddr", account.Element(Outlook + "Action")!.Value);
        Assert.Equal(TestLab.User12Routing, account.Element(Outlook + "RedirectAddr")!.Value);
    }

    [Fact]
    public async Task MobileSync_MigratedUser_GetsActionRedirect()
    {
        using HttpResponseMessage response = await PostAsync(MobileRequest(TestLab.User12));
        XElement root = await XmlAsync(response);

        // [MS-ASCMD] 2.2.3.147: Response/Action/Redirect holds the SMTP address to use next.
        XElement r = root.Element(Mobile + "Response")!;
        Assert.Equal(TestLab.User12, r.Element(Mobile + "User")!.Element(Mobile + "EMailAddress")!.Value);
        Assert.Equal(TestLab.User12Routing, r.Element(Mobile + "Action")!.Element(Mobile + "Redirect")!.Value);
    }

    [Fact]
    public async Task MobileSync_BypassUserAgent_GetsTheTargetEasUrl()
    {
        using HttpResponseMessage response = await PostAsync(MobileRequest(TestLab.User12), userAgent: "Bypass-Agent/1.0");
        XElement root = await XmlAsync(response);

        XElement server = root.Element(Mobile + "Response")!.Element(Mobile + "Action")!.Element(Mobile + "Settings")!.Element(Mobile + "Server")!;
        Assert.Equal("MobileSync", server.Element(Mobile + "Type")!.Value);
        Assert.Equal(TestLab.Cloud, server.Element(Mobile + "Url")!.Value);
    }

    [Fact]
    public async Task Pox_LocalMailbox_GoesToTheNextHandler()
    {
        using HttpResponseMessage response = await PostAsync(PoxRequest(TestLab.Admin), user: TestLab.Admin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(KestrelHost.LocalMarker, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UnknownAddress_GetsError500(bool mobile)
    {
        string email = "nobody@batre.msftonlinerepro.com";
        using HttpResponseMessage response = await PostAsync(mobile ? MobileRequest(email) : PoxRequest(email));
        XElement root = await XmlAsync(response);

        if (mobile)
        {
            // [MS-ASCMD] 4.2.2's error shape: Response/Action/Error/Status (ErrorCode is only 600/601, 2.2.3.64).
            XElement response2 = root.Element(Mobile + "Response")!;
            Assert.Equal(email, response2.Element(Mobile + "User")!.Element(Mobile + "EMailAddress")!.Value);
            Assert.Equal("2", response2.Element(Mobile + "Action")!.Element(Mobile + "Error")!.Element(Mobile + "Status")!.Value);
            Assert.Null(response2.Element(Mobile + "Error"));
            Assert.Empty(root.Descendants(Mobile + "ErrorCode"));
        }
        else
        {
            Assert.Equal("500", root.Element(Outer + "Response")!.Element(Outer + "Error")!.Element(Outer + "ErrorCode")!.Value);
        }
    }

    [Theory]
    [InlineData("<Autodiscover")]                                                      // not well-formed
    [InlineData("<Other xmlns=\"urn:x\"/>")]                                           // unknown root
    [InlineData("<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\"><Request><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>")] // no address
    [InlineData("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><Autodiscover>&lol2;</Autodiscover>")] // DTD: refused
    [InlineData("<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><Autodiscover>&xxe;</Autodiscover>")]                    // external entity: refused
    public async Task MalformedBody_GetsError600(string body)
    {
        using HttpResponseMessage response = await PostAsync(body);
        string text = await response.Content.ReadAsStringAsync();
        XElement root = await XmlAsync(response);

        Assert.Equal("600", root.Descendants().Single(e => e.Name.LocalName == "ErrorCode").Value);
        Assert.DoesNotContain("root:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsupportedResponseSchema_GetsError601()
    {
        string body = PoxRequest(TestLab.User12).Replace("responseschema/2006a", "responseschema/2099", StringComparison.Ordinal);
        using HttpResponseMessage response = await PostAsync(body);
        XElement root = await XmlAsync(response);

        Assert.Equal("601", root.Descendants().Single(e => e.Name.LocalName == "ErrorCode").Value);
    }

    [Fact]
    public async Task OversizedBody_Gets413()
    {
        string body = PoxRequest(TestLab.User12).Replace("<Request>", "<Request>" + new string(' ', 40_000), StringComparison.Ordinal);
        using HttpResponseMessage response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Get_GetsError600()
    {
        using HttpResponseMessage response = await PostAsync(string.Empty, method: HttpMethod.Get);
        XElement root = await XmlAsync(response);

        Assert.Equal("600", root.Descendants().Single(e => e.Name.LocalName == "ErrorCode").Value);
    }
}
