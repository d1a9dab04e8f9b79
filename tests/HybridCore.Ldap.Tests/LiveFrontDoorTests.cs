using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HybridCore.Cli;
using Microsoft.AspNetCore.Builder;

namespace HybridCore.Ldap.Tests;

/// <summary>serve --ldap end to end: the real front door (Kestrel) on a real slapd, changed while it runs.</summary>
public sealed class LiveFrontDoorTests : IDisposable
{
    private const string Sync = "/Microsoft-Server-ActiveSync?Cmd=Sync&User=u&DeviceId=DEV1&DeviceType=iPhone";
    private readonly SlapdServer _slapd = new();

    public void Dispose() => _slapd.Dispose();

    private static HttpRequestMessage Eas(string user, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Sync) { Content = new ByteArrayContent([]) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        request.Headers.Add("MS-ASProtocolVersion", "14.1");
        return request;
    }

    private async Task<(WebApplication App, HttpClient Client, LdapFrontDoor Live)> StartAsync(LdapDirectoryOptions options)
    {
        LdapFrontDoor live = LdapFrontDoor.Load(options, TimeSpan.FromMinutes(10), default);
        FrontDoorSettings settings = live.Apply(new FrontDoorSettings
        {
            Directory = LdapFrontDoor.EmptyFile,
            CommandLine = new Dictionary<string, string?> { ["FrontDoor:Urls"] = "http://127.0.0.1:0" },
            Environment = new Dictionary<string, string?>(),
            ConfigureLogging = _ => { },
        });
        WebApplication app = FrontDoor.Build(settings);
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(FrontDoor.Addresses(app)[0]) };
        return (app, client, live);
    }

    [Fact]
    public async Task A_change_in_ldap_shows_after_a_refresh_and_a_failed_refresh_keeps_the_last_good_directory()
    {
        (WebApplication app, HttpClient client, LdapFrontDoor live) = await StartAsync(_slapd.Options());
        await using (app)
        using (client)
        using (live)
        {
            LdapDirectoryRefresher refresher = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<LdapDirectoryRefresher>(app.Services);

            // admin is on premises: no redirect (the front door has no back end: 502).
            using (HttpResponseMessage r = await client.SendAsync(Eas("admin@batre.msftonlinerepro.com", SlapdServer.DemoPassword)))
            {
                Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode);
            }

            // Migrate admin in AD; a new relationship for a second tenant; a new user.
            string adminDn = "cn=admin," + SlapdServer.UsersDn;
            _slapd.Replace(adminDn, "msExchRecipientTypeDetails", "2147483648");
            _slapd.Replace(adminDn, "targetAddress", "SMTP:admin@batre.mail.onmicrosoft.com");
            _slapd.Add("cn=Fabrikam," + SlapdServer.FederationDn,
                ("objectClass", ["msExchFedSharingRelationship"]), ("cn", ["Fabrikam"]),
                ("msExchFedDomainNames", ["fabrikam.mail.onmicrosoft.com"]), ("msExchFedTargetOWAURL", ["https://outlook.office365.com/owa/fabrikam.com"]));
            _slapd.Replace("cn=Mig8," + SlapdServer.UsersDn, "targetAddress", "SMTP:mig8@fabrikam.mail.onmicrosoft.com");

            // Not visible before the refresh ...
            using (HttpResponseMessage r = await client.SendAsync(Eas("admin@batre.msftonlinerepro.com", SlapdServer.DemoPassword)))
            {
                Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode);
            }

            Assert.True(refresher.RefreshNow());

            // ... and visible after it, without a restart.
            using (HttpResponseMessage r = await client.SendAsync(Eas("admin@batre.msftonlinerepro.com", SlapdServer.DemoPassword)))
            {
                Assert.Equal(451, (int)r.StatusCode);
                Assert.Equal("https://outlook.office365.com/Microsoft-Server-ActiveSync", r.Headers.GetValues("X-MS-Location").Single());
            }

            using (HttpResponseMessage r = await client.SendAsync(Eas("mig8@batre.msftonlinerepro.com", SlapdServer.DemoPassword)))
            {
                Assert.Equal(451, (int)r.StatusCode);
            }

            using (HttpResponseMessage health = await client.GetAsync(LdapFrontDoor.HealthPath))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
            }

            // slapd goes away: the refresh fails, the last good directory stays, health says Degraded.
            _slapd.Stop();
            Assert.False(refresher.RefreshNow());
            Assert.NotNull(refresher.LastError);
            Assert.Equal(4, refresher.Directory.Snapshot.Relationships.Length);
            Assert.IsType<HybridCore.DirectoryModel.RemoteMailbox>(refresher.Directory.Snapshot.RecipientIndex.Find("admin@batre.msftonlinerepro.com").Recipient);
            using (HttpResponseMessage health = await client.GetAsync(LdapFrontDoor.HealthPath))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                Assert.Equal("Degraded", await health.Content.ReadAsStringAsync());
            }

            // A log-on needs the directory: 503, never a log-on.
            using (HttpResponseMessage r = await client.SendAsync(Eas("user12@batre.msftonlinerepro.com", SlapdServer.DemoPassword)))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
            }

            // slapd back: the next refresh heals.
            _slapd.Start();
            Assert.True(refresher.RefreshNow());
            Assert.Null(refresher.LastError);
        }
    }

    [Fact]
    public async Task Wrong_and_empty_passwords_get_401()
    {
        (WebApplication app, HttpClient client, LdapFrontDoor live) = await StartAsync(_slapd.Options());
        await using (app)
        using (client)
        using (live)
        {
            foreach (string password in new[] { "wrong", string.Empty })
            {
                using HttpResponseMessage r = await client.SendAsync(Eas("user12@batre.msftonlinerepro.com", password));
                Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            }

            using HttpResponseMessage ok = await client.SendAsync(Eas("CONTOSO\\user12", SlapdServer.DemoPassword));
            Assert.Equal(451, (int)ok.StatusCode);
        }
    }
}
