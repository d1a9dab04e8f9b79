using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using HybridCore.ActiveSync;

namespace HybridCore.Cli.Tests.Serve;

/// <summary>
/// The rules of docs/exchange-conformance.md through <c>serve</c> (real Kestrel, the embedded demo lab with its
/// wizard-made http:// relationship and cutover mail user), <c>resolve</c> and <c>logs analyze</c>.
/// </summary>
public sealed partial class ServeEndToEndTests
{
    private static readonly XNamespace MobileResponse = "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006";

    private static async Task<XElement> MobileSyncAutodiscoverAsync(HttpClient client, string user, string userAgent)
    {
        string body = "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006\"><Request>" +
            $"<EMailAddress>{user}</EMailAddress><AcceptableResponseSchema>{MobileResponse.NamespaceName}</AcceptableResponseSchema></Request></Autodiscover>";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/autodiscover/autodiscover.xml") { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{Password}")));
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        using HttpResponseMessage response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return XElement.Parse(await response.Content.ReadAsStringAsync()).Element(MobileResponse + "Response")!;
    }

    [Fact]
    public async Task Serve_DemoLab_CutoverMailUserOnTheWizardsHttpRelationship_Gets451()
    {
        await using ServeRun serve = await ServeRun.StartAsync();
        using HttpResponseMessage r = await serve.Client.SendAsync(Eas(HttpMethod.Post, PlainSync, @"CONTOSO\cutover5", "16.1"));

        Assert.Equal(451, (int)r.StatusCode);
        Assert.Equal(Cloud, r.Headers.GetValues(EasHeaders.XMSLocation).Single());
    }

    [Fact]
    public async Task Serve_DefaultDomain_BareUserName_IsTheDomainUser()
    {
        await using (ServeRun plain = await ServeRun.StartAsync())
        {
            using HttpResponseMessage r = await plain.Client.SendAsync(Eas(HttpMethod.Post, PlainSync, "user12"));
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }

        await using ServeRun serve = await ServeRun.StartAsync("--default-domain", "CONTOSO");
        using HttpResponseMessage ok = await serve.Client.SendAsync(Eas(HttpMethod.Post, PlainSync, "user12"));
        Assert.Equal(451, (int)ok.StatusCode);
        Assert.Equal(Cloud, ok.Headers.GetValues(EasHeaders.XMSLocation).Single());
    }

    [Fact]
    public async Task Serve_MobileSyncRedirectBypass_OnByDefault_OffOnRequest()
    {
        await using (ServeRun serve = await ServeRun.StartAsync())
        {
            XElement r = await MobileSyncAutodiscoverAsync(serve.Client, "user12@batre.msftonlinerepro.com", "Android/13-EAS-2.0");
            Assert.Equal("User 12", r.Element(MobileResponse + "User")!.Element(MobileResponse + "DisplayName")!.Value);
            Assert.Equal("user12@batre.mail.onmicrosoft.com", r.Element(MobileResponse + "User")!.Element(MobileResponse + "EMailAddress")!.Value);
            Assert.Equal(Cloud, r.Descendants(MobileResponse + "Url").Single().Value);
        }

        await using (ServeRun off = await ServeRun.StartAsync("--mobilesync-redirect-bypass-enabled", "false"))
        {
            XElement r = await MobileSyncAutodiscoverAsync(off.Client, "user12@batre.msftonlinerepro.com", "Android/13-EAS-2.0");
            Assert.Equal("user12@batre.mail.onmicrosoft.com", r.Element(MobileResponse + "Action")!.Element(MobileResponse + "Redirect")!.Value);
        }

        await using (ServeRun custom = await ServeRun.StartAsync("--mobilesync-redirect-bypass-client-prefixes", "Contoso-Phone,Fabrikam"))
        {
            XElement android = await MobileSyncAutodiscoverAsync(custom.Client, "user12@batre.msftonlinerepro.com", "Android/13-EAS-2.0");
            Assert.NotNull(android.Element(MobileResponse + "Action")!.Element(MobileResponse + "Redirect"));
            XElement listed = await MobileSyncAutodiscoverAsync(custom.Client, "user12@batre.msftonlinerepro.com", "contoso-phone/1.0");
            Assert.NotNull(listed.Element(MobileResponse + "Action")!.Element(MobileResponse + "Settings"));
        }
    }

    [Fact]
    public async Task Serve_MinRedirectProtocolVersion_12_1_Redirects12_1Devices()
    {
        await using ServeRun serve = await ServeRun.StartAsync("--min-redirect-protocol-version", "12.1");
        using HttpResponseMessage r = await serve.Client.SendAsync(Eas(HttpMethod.Post, PlainSync, "user12@batre.msftonlinerepro.com", "12.1"));
        Assert.Equal(451, (int)r.StatusCode);
    }

    [Theory]
    [InlineData("--min-redirect-protocol-version", "14.1")]
    [InlineData("--min-redirect-protocol-version", "2.5")]
    [InlineData("--default-domain", @"CONTOSO\x")]
    public async Task Serve_BadPolicyOption_IsAUsageError(string option, string value)
    {
        var (exit, _, error) = await CliRunner.RunAsync(["serve", "--urls", "http://127.0.0.1:0", option, value]);
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_CutoverMailUser_RedirectsWithItsWarning()
    {
        var (exit, output, _) = await CliRunner.RunAsync(["resolve", "--user", @"CONTOSO\cutover5", "--json"]);
        Assert.Equal(ExitCodes.Ok, exit);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement eas = doc.RootElement.GetProperty("eas");
        Assert.Equal("Redirect", eas.GetProperty("action").GetString());
        Assert.Equal(Cloud, eas.GetProperty("location").GetString());
        Assert.Contains("RecipientIsNotRemoteMailbox", eas.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal("SMTP:cutover5@batre-cutover.mail.onmicrosoft.com", doc.RootElement.GetProperty("recipient").GetProperty("externalEmailAddress").GetString());

        // The OWA redirect keeps the wizard's http:// URL as given, and says so.
        JsonElement owa = doc.RootElement.GetProperty("owa");
        Assert.Equal("http://outlook.com/owa/batre-cutover.onmicrosoft.com", owa.GetProperty("targetUrl").GetString());
        Assert.Contains("TargetOwaUrlIsHttp", owa.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public async Task Resolve_DefaultDomainAndPolicyOptions_Apply()
    {
        var (exit, output, _) = await CliRunner.RunAsync(["resolve", "--user", "user12", "--default-domain", "CONTOSO", "--protocol", "12.1", "--min-redirect-protocol-version", "12.1", "--json"]);
        Assert.Equal(ExitCodes.Ok, exit);
        using JsonDocument doc = JsonDocument.Parse(output);
        Assert.Equal(@"CONTOSO\user12", doc.RootElement.GetProperty("user").GetString());
        Assert.Equal("Redirect", doc.RootElement.GetProperty("eas").GetProperty("action").GetString());
    }

    [Fact]
    public async Task Logs_UserFilter_ShowsTheDecodedException()
    {
        const string mig8 = "1/26/2015 23:07:39 192.168.1.53 POST /Microsoft-Server-ActiveSync/Proxy/default.eas Cmd=Sync&DeviceId=AC94832BCFD9DCD19D299AD36D2CA8C5&DeviceType=WP8&Log=PrxFrom:192.168.1.63_V141_HH:" +
            "mail.batre.msftonlinerepro.com_Cpo19000_Fet19034_ExStk:H4sIAAAAAAAEAL2RzWrDQAyE74G8wx5dCH4Hpz%2fYBLcmpeci76q22s2uo5XB7tN3Q1iSU1sf2tNIMJpvQDVp9sG%2fSX4%2f6R5ch3lB%2fDw7nbRBPoBDJ9GAg5B365VSCkTVP96%2bBOS8ciQElj4x2Romp2kAm90szPrGVl37OpTX%2f6VtRxNlh%2fOfUQp9HInxDFpMuXzhgf1hj%2f1sGARNZeJrSZbXzrV4zlLDW%2b8EJ1H6rL8IK8EZG3OSbrEj17DXGMIejyMGyUqRISX3l3mjinBigrUt6A8F19tGPbXvqEVFI8MdCMQy69Wpcwnh0ddAtvXTFzY61Nj5AgAA_S123_Error:" +
            "UserHasNoMailbox_Dc:BonDC1.contoso.com_ 444 CONTOSO\\Mig8 192.168.1.63 - - 200 0 0 19050";
        string log = CliRunner.TempFile(
            "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n" + mig8 + "\r\n",
            ".log");
        try
        {
            var (exit, output, _) = await CliRunner.RunAsync(["logs", "analyze", log, "--user", "mig8"]);
            Assert.Equal(ExitCodes.Ok, exit);
            Assert.Contains("Exceptions logged by Exchange (decoded from ExStk):", output, StringComparison.Ordinal);
            Assert.Contains(@"CONTOSO\Mig8 / AC94832BCFD9DCD19D299AD36D2CA8C5: Microsoft.Exchange.AirSync.AirSyncPermanentException: UserHasNoMailbox", output, StringComparison.Ordinal);
            Assert.Contains("    at Microsoft.Exchange.AirSync.AirSyncUser.InitializeExchangePrincipal()", output, StringComparison.Ordinal);

            // Without a filter the table stays a table.
            var (_, all, _) = await CliRunner.RunAsync(["logs", "analyze", log]);
            Assert.DoesNotContain("Exceptions logged by Exchange", all, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(log);
        }
    }
}
