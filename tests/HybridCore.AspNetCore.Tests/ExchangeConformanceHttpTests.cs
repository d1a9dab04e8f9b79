using System.Net;
using System.Text;
using System.Xml.Linq;
using HybridCore.ActiveSync;
using HybridCore.AspNetCore.Authentication;
using HybridCore.AspNetCore.Autodiscover;
using HybridCore.AspNetCore.Tests.Autodiscover;
using HybridCore.AspNetCore.Tests.Infrastructure;
using HybridCore.Wbxml;

namespace HybridCore.AspNetCore.Tests;

/// <summary>
/// The rules of docs/exchange-conformance.md as HTTP answers over real Kestrel: status, headers, and the body
/// decoded back (WBXML through the core's converter, Autodiscover XML through XLinq). Named after the rules.
/// </summary>
public sealed class ExchangeConformanceHttpTests
{
    private const string Cloud = "https://outlook.office365.com/Microsoft-Server-ActiveSync";
    private const string Wbxml = "application/vnd.ms-sync.wbxml";
    private const string XmlDeclaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
    private static readonly XNamespace Mobile = AutodiscoverXml.MobileSyncResponseNamespace;

    private static readonly Lazy<InMemoryHybridDirectory> LazyLab = new(() =>
    {
        string json = """
            {
              "relationships": [
                { "name": "HCW", "domainNames": ["batre.mail.onmicrosoft.com"], "targetOwaUrl": "http://outlook.com/owa/batre.msftonlinerepro.com" },
                { "name": "Disabled", "domainNames": ["disabled.mail.onmicrosoft.com"], "enabled": false, "targetOwaUrl": "https://outlook.com/owa/batre.com" }
              ],
              "recipients": [
                { "kind": "RemoteMailbox", "identity": "user12", "displayName": "User 12", "userPrincipalName": "user12@batre.msftonlinerepro.com",
                  "remoteRoutingAddress": "SMTP:user12@batre.mail.onmicrosoft.com", "logonName": "CONTOSO\\user12" },
                { "kind": "RemoteMailbox", "identity": "Mig8", "userPrincipalName": "mig8@batre.msftonlinerepro.com",
                  "remoteRoutingAddress": "SMTP:mig8@contoso.mail.onmicrosoft.com", "logonName": "CONTOSO\\Mig8" },
                { "kind": "MailUser", "identity": "cutover5", "displayName": "Cutover User 5", "userPrincipalName": "cutover5@batre.msftonlinerepro.com",
                  "externalEmailAddress": "SMTP:cutover5@batre.mail.onmicrosoft.com", "logonName": "CONTOSO\\cutover5" },
                { "kind": "MailContact", "identity": "contact7", "userPrincipalName": "contact7@batre.msftonlinerepro.com",
                  "externalEmailAddress": "SMTP:contact7@batre.mail.onmicrosoft.com" },
                { "kind": "RemoteMailbox", "identity": "off1", "userPrincipalName": "off1@batre.msftonlinerepro.com",
                  "remoteRoutingAddress": "SMTP:off1@disabled.mail.onmicrosoft.com" }
              ]
            }
            """;

        // Strict load: the wizard's http:// TargetOWAURL is a normal configuration.
        return InMemoryHybridDirectory.FromJson(Encoding.UTF8.GetBytes(json));
    });

    private static Task<KestrelHost> StartAsync(Action<HybridCoreOptions>? configure = null, Action<BasicAuthenticationOptions>? basic = null) =>
        KestrelHost.StartAsync(configure, redirects: LazyLab.Value, basic: basic);

    private static HttpRequestMessage Eas(HttpMethod method, string user, string? version, string command = "Sync")
    {
        var request = new HttpRequestMessage(method, method == HttpMethod.Options ? "/Microsoft-Server-ActiveSync" : $"/Microsoft-Server-ActiveSync?Cmd={command}&User=x&DeviceId=ABCDEF0123456789&DeviceType=Android");
        request.Headers.Authorization = KestrelHost.Basic(user);
        if (version is not null)
        {
            request.Headers.TryAddWithoutValidation(EasHeaders.MSASProtocolVersion, version);
        }

        return request;
    }

    private static async Task<XElement> AutodiscoverAsync(KestrelHost host, string user, string email, string? userAgent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/autodiscover/autodiscover.xml")
        {
            Content = new StringContent(AutodiscoverMiddlewareTests.MobileRequest(email), Encoding.UTF8, "text/xml"),
        };
        request.Headers.Authorization = KestrelHost.Basic(user);
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        using HttpResponseMessage response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        return XElement.Parse(await response.Content.ReadAsStringAsync()).Element(Mobile + "Response")!;
    }

    private static async Task Assert451Async(HttpResponseMessage response)
    {
        Assert.Equal(451, (int)response.StatusCode);
        Assert.Equal("Redirect", response.ReasonPhrase);
        Assert.Equal(Cloud, response.Headers.GetValues(EasHeaders.XMSLocation).Single());
        Assert.Equal("private", response.Headers.CacheControl?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("user12@batre.msftonlinerepro.com")]
    [InlineData(@"CONTOSO\user12")]
    public async Task Rule01_HttpTargetOwaUrl_Answers451ToHttpsEndpoint(string user)
    {
        await using KestrelHost host = await StartAsync();
        using HttpResponseMessage response = await host.Client.SendAsync(Eas(HttpMethod.Post, user, "14.1"));
        await Assert451Async(response);
    }

    [Theory]
    [InlineData("Sync", "<Sync xmlns=\"AirSync\"><Status>123</Status></Sync>")]
    [InlineData("FolderSync", "<FolderSync xmlns=\"FolderHierarchy\"><Status>123</Status></FolderSync>")]
    [InlineData("Ping", "<Ping xmlns=\"Ping\"><Status>123</Status></Ping>")]
    public async Task Rule04_UserHasNoMailbox_At14_1_IsHttp200WithStatus123Body(string command, string expectedXml)
    {
        // The Mig8 IIS line of the on-boarding article: sc-status 200 with S123_Error:UserHasNoMailbox at V141.
        await using KestrelHost host = await StartAsync();
        using HttpResponseMessage response = await host.Client.SendAsync(Eas(HttpMethod.Post, @"CONTOSO\Mig8", "14.1", command));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains(EasHeaders.XMSLocation));
        Assert.Equal(Wbxml, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("private", response.Headers.CacheControl?.ToString());
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(XmlDeclaration + expectedXml, WbxmlXmlConverter.ToXml(body, indent: false));
    }

    [Theory]
    [InlineData("POST", "12.1")]
    [InlineData("POST", "2.5")]
    [InlineData("OPTIONS", null)]
    [InlineData("OPTIONS", "14.1")]
    public async Task Rule05_UserHasNoMailbox_Below14OrOptions_IsHttp403WithoutBody(string method, string? version)
    {
        await using KestrelHost host = await StartAsync();
        using HttpResponseMessage response = await host.Client.SendAsync(Eas(new HttpMethod(method), @"CONTOSO\Mig8", version));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains(EasHeaders.XMSLocation));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(response.Content.Headers.ContentType);
    }

    [Theory]
    [InlineData(@"CONTOSO\cutover5")]
    [InlineData("contact7@batre.msftonlinerepro.com")]
    public async Task Rule06_MailUserOrContactWithSmtpTargetAddress_Gets451(string user)
    {
        await using KestrelHost host = await StartAsync();
        using HttpResponseMessage response = await host.Client.SendAsync(Eas(HttpMethod.Post, user, "16.1"));
        await Assert451Async(response);
        Assert.Contains(host.Logs.Entries, e => e.Message.Contains("RecipientIsNotRemoteMailbox", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rule07_Rule08_BypassByDefault_AnswersSettingsWithTargetAddressAndDisplayName()
    {
        await using KestrelHost host = await StartAsync();
        XElement r = await AutodiscoverAsync(host, @"CONTOSO\cutover5", "cutover5@batre.msftonlinerepro.com", "Android-EAS/3.10");

        XElement user = r.Element(Mobile + "User")!;
        Assert.Equal("Cutover User 5", user.Element(Mobile + "DisplayName")!.Value);
        Assert.Equal("cutover5@batre.mail.onmicrosoft.com", user.Element(Mobile + "EMailAddress")!.Value);
        XElement server = r.Element(Mobile + "Action")!.Element(Mobile + "Settings")!.Element(Mobile + "Server")!;
        Assert.Equal("MobileSync", server.Element(Mobile + "Type")!.Value);
        Assert.Equal(Cloud, server.Element(Mobile + "Url")!.Value);
        Assert.Equal(Cloud, server.Element(Mobile + "Name")!.Value);
    }

    [Theory]
    [InlineData("Apple-iPhone9C1/1402.100", true)]
    [InlineData("Android-EAS/3.10", false)]
    public async Task Rule07_NotListedOrTurnedOff_AnswersRedirect(string userAgent, bool bypassEnabled)
    {
        await using KestrelHost host = await StartAsync(o => o.MobileSyncRedirectBypassEnabled = bypassEnabled);
        XElement r = await AutodiscoverAsync(host, "user12@batre.msftonlinerepro.com", "user12@batre.msftonlinerepro.com", userAgent);

        Assert.Equal("user12@batre.msftonlinerepro.com", r.Element(Mobile + "User")!.Element(Mobile + "EMailAddress")!.Value);
        Assert.Equal("user12@batre.mail.onmicrosoft.com", r.Element(Mobile + "Action")!.Element(Mobile + "Redirect")!.Value);
        Assert.Null(r.Element(Mobile + "Action")!.Element(Mobile + "Settings"));
    }

    [Fact]
    public async Task Rule09_BypassWithDisabledRelationship_FallsBackToRedirect()
    {
        await using KestrelHost host = await StartAsync();
        XElement r = await AutodiscoverAsync(host, "off1@batre.msftonlinerepro.com", "off1@batre.msftonlinerepro.com", "Samsung SM-G930F");
        Assert.Equal("off1@disabled.mail.onmicrosoft.com", r.Element(Mobile + "Action")!.Element(Mobile + "Redirect")!.Value);
    }

    [Fact]
    public async Task Rule10_DisabledRelationship_EasStillAnswers451_UnlessTheOptIn()
    {
        await using (KestrelHost host = await StartAsync())
        {
            using HttpResponseMessage response = await host.Client.SendAsync(Eas(HttpMethod.Post, "off1@batre.msftonlinerepro.com", "14.1"));
            Assert.Equal(451, (int)response.StatusCode);
            Assert.Equal("https://outlook.office365.com/Microsoft-Server-ActiveSync", response.Headers.GetValues(EasHeaders.XMSLocation).Single());
        }

        await using (KestrelHost strict = await StartAsync(o => o.RequireEnabledRelationship = true))
        {
            using HttpResponseMessage response = await strict.Client.SendAsync(Eas(HttpMethod.Post, "off1@batre.msftonlinerepro.com", "14.1"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(XmlDeclaration + "<Sync xmlns=\"AirSync\"><Status>123</Status></Sync>", WbxmlXmlConverter.ToXml(await response.Content.ReadAsByteArrayAsync(), indent: false));
        }
    }

    [Fact]
    public async Task Rule11_MinRedirectProtocolVersion12_1_Redirects12_1Devices()
    {
        await using (KestrelHost host = await StartAsync())
        {
            using HttpResponseMessage response = await host.Client.SendAsync(Eas(HttpMethod.Post, "user12@batre.msftonlinerepro.com", "12.1"));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        await using (KestrelHost lowered = await StartAsync(o => o.MinRedirectProtocolVersion = EasProtocolVersion.V12_1))
        {
            using HttpResponseMessage response = await lowered.Client.SendAsync(Eas(HttpMethod.Post, "user12@batre.msftonlinerepro.com", "12.1"));
            await Assert451Async(response);
        }
    }

    [Fact]
    public async Task Rule11_MinRedirectProtocolVersionOutOfRange_StopsTheHost()
    {
        var e = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => StartAsync(o => o.MinRedirectProtocolVersion = EasProtocolVersion.V14_1));
        Assert.Contains("MinRedirectProtocolVersion", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule13_DefaultDomain_BareUserNameIsAccepted()
    {
        await using (KestrelHost without = await StartAsync())
        {
            using HttpResponseMessage response = await without.Client.SendAsync(Eas(HttpMethod.Post, "user12", "14.1"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        await using (KestrelHost with = await StartAsync(basic: b => b.DefaultDomain = "CONTOSO"))
        {
            using HttpResponseMessage response = await with.Client.SendAsync(Eas(HttpMethod.Post, "user12", "14.1"));
            await Assert451Async(response);

            // A bare name is now DOMAIN\user, which Office 365 will not accept after the move: the decision warns.
            Assert.Contains(with.Logs.Entries, e => e.Message.Contains("DownLevelLogonName", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Rule13_DefaultDomainWithBackslash_StopsTheHost()
    {
        var e = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => StartAsync(basic: b => b.DefaultDomain = @"CONTOSO\x"));
        Assert.Contains("DefaultDomain", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule15_MobileSyncAddressNotFound_IsActionErrorStatus()
    {
        await using KestrelHost host = await StartAsync();
        XElement r = await AutodiscoverAsync(host, "user12@batre.msftonlinerepro.com", "nobody@batre.msftonlinerepro.com", null);

        Assert.Equal("nobody@batre.msftonlinerepro.com", r.Element(Mobile + "User")!.Element(Mobile + "EMailAddress")!.Value);
        XElement error = r.Element(Mobile + "Action")!.Element(Mobile + "Error")!;
        Assert.Equal("2", error.Element(Mobile + "Status")!.Value);
        Assert.False(string.IsNullOrEmpty(error.Element(Mobile + "Message")!.Value));
        Assert.Null(r.Element(Mobile + "Error"));
    }
}
