using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using HybridCore.ActiveSync;
using HybridCore.Wbxml;

namespace HybridCore.Cli.Tests.Serve;

/// <summary>
/// The front door over real Kestrel in front of a stand-in Exchange (<see cref="FakeExchange"/>): modern-auth
/// pass-through, challenges, Autodiscover v2, OWA, forwarding and logging, failed log-on limits, shutdown with a held Ping.
/// </summary>
public sealed class FrontDoorTests
{
    private const string User12 = "user12@batre.msftonlinerepro.com";
    private const string Admin = "admin@batre.msftonlinerepro.com";
    private const string SyncQuery = "/Microsoft-Server-ActiveSync?Cmd=Sync&User=user12&DeviceId=ABCDEF0123456789&DeviceType=iPhone";

    private static Dictionary<string, string?> Backends(params string[] urls)
    {
        var config = new Dictionary<string, string?>();
        for (int i = 0; i < urls.Length; i++)
        {
            config[$"FrontDoor:Backends:{i}"] = urls[i];
        }

        return config;
    }

    [Theory]
    [InlineData("Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21haWwuY29udG9zby5jb20ifQ.c2ln")]
    [InlineData("Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnagMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCqKCBkAEggY8")]
    public async Task ModernAuth_PassesThroughByteForByte_EvenForAMovedUser(string authorization)
    {
        await using FakeExchange exchange = await FakeExchange.StartAsync();
        await using FrontDoorRun door = await FrontDoorRun.StartAsync(Backends(exchange.Url));
        byte[] body = [0x03, 0x01, 0x6A, 0x00, 0x00, 0x0F, 0x45, 0x00, 0xFF, 0x80, 0x0D, 0x0A];

        using var request = new HttpRequestMessage(HttpMethod.Post, SyncQuery) { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Headers.TryAddWithoutValidation("MS-ASProtocolVersion", "16.1");
        request.Headers.TryAddWithoutValidation("X-Client-Trace", "a b\tc");
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.ms-sync.wbxml");
        using HttpResponseMessage response = await door.Client.SendAsync(request);

        // Not a 451: the token is Exchange's to judge, even though user12 has moved.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FakeExchange.EchoBody(body), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("Microsoft-IIS/10.0", Assert.Single(response.Headers.GetValues("Server")));
        ReceivedRequest received = Assert.Single(exchange.Requests);
        Assert.Equal(authorization, received.Authorization);
        Assert.Equal(body, received.Body);
        Assert.Equal(SyncQuery, received.PathAndQuery);
        Assert.Equal("16.1", received.Headers["MS-ASProtocolVersion"]);
        Assert.Equal("a b\tc", received.Headers["X-Client-Trace"]);
        if (authorization.StartsWith("Negotiate", StringComparison.Ordinal))
        {
            Assert.Equal("Negotiate oRswGaADCgEAoxIEEAEAAABDh+CIwTbjqQAAAAA=", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        }
    }

    [Fact]
    public async Task EmptyBearer_AsTestHmaEasSendsIt_GetsExchangesBearerChallenge()
    {
        await using FakeExchange exchange = await FakeExchange.StartAsync();
        await using FrontDoorRun door = await FrontDoorRun.StartAsync(Backends(exchange.Url));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Microsoft-Server-ActiveSync");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer ");
        using HttpResponseMessage response = await door.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        string[] challenges = response.Headers.GetValues("WWW-Authenticate").ToArray();
        Assert.Contains(challenges, c => c.StartsWith("Bearer ", StringComparison.Ordinal) && c.Contains("authorization_uri=\"https://login.windows.net/common/oauth2/authorize\"", StringComparison.Ordinal));
        Assert.Single(exchange.Requests);
    }

    [Fact]
    public async Task Anonymous_GetsTheBackEndsChallengesAndBasic()
    {
        await using FakeExchange exchange = await FakeExchange.StartAsync();
        await using FrontDoorRun door = await FrontDoorRun.StartAsync(Backends(exchange.Url));
        using var request = new HttpRequestMessage(HttpMethod.Post, SyncQuery) { Content = new ByteArrayContent([0x03, 0x01, 0x6A, 0x00]) };
        using HttpResponseMessage response = await door.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        string[] challenges = response.Headers.GetValues("WWW-Authenticate").ToArray();
        Assert.Equal(FakeExchange.BearerChallenge, challenges[0]);
        Assert.Contains("Negotiate", challenges);
        Assert.Contains("NTLM", challenges);
        Assert.Contains("Basic realm=\"HybridCore front door\", charset=\"UTF-8\"", challenges);
        Assert.Equal(4, challenges.Length);
    }

    [Fact]
    public async Task Anonymous_WithoutBackEnd_GetsBasicAndTheConfiguredChallenges()
    {
        await using FrontDoorRun door = await FrontDoorRun.StartAsync(new Dictionary<string, string?>
        {
            ["FrontDoor:AdditionalChallenges:0"] = FakeExchange.BearerChallenge,
        });
        using HttpResponseMessage response = await door.Client.PostAsync(SyncQuery, new ByteArrayContent([0x03, 0x01, 0x6A, 0x00]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal([FakeExchange.BearerChallenge, "Basic realm=\"HybridCore front door\", charset=\"UTF-8\""], response.Headers.GetValues("WWW-Authenticate").ToArray());
    }

    [Theory]
    [InlineData("/autodiscover/autodiscover.json/v1.0/user12@batre.msftonlinerepro.com?Protocol=ActiveSync")]
    [InlineData("/autodiscover/autodiscover.json?Email=user12%40batre.msftonlinerepro.com&Protocol=activesync&RedirectCount=3")] // Test-HMAEAS.ps1's request
    [InlineData("/Autodiscover/Autodiscover.json/V1.0/USER12@batre.msftonlinerepro.com?Protocol=ActiveSync")]
    public async Task AutodiscoverV2_MovedUser_ActiveSync_AnswersTheCloudEndpoint(string url)
    {
        await using FakeExchange exchange = await FakeExchange.StartAsync();
        await using FrontDoorRun door = await FrontDoorRun.StartAsync(Backends(exchange.Url));
        using HttpResponseMessage response = await door.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ActiveSync", json.RootElement.GetProperty("Protocol").GetString());
        Assert.Equal("https://outlook.office365.com/Microsoft-Server-ActiveSync", json.RootElement.GetProperty("Url").GetString());
        Assert.Empty(exchange.Requests);
    }

    [Fact]
    public async Task AutodiscoverV2_MovedUser_OtherProtocols_RedirectToTheTarget_WithAHopLimit()
    {
        await using FakeExchange exchange = await FakeExchange.StartAsync();
        await using FrontDoorRun door = await FrontDoorRun.StartAsync(Backends(exchange.Url));
        using var noRedirects = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(door.Url) };

        using (HttpResponseMessage r = await noRedirects.GetAsync("/autodiscover/autodiscover.json/v1.0/user12@batre.msftonlinerepro.com?Protocol=Ews"))
        {
            Assert.Equal(HttpStatusCode.Found, r.StatusCode);
            Assert.Equal("https://autodiscover-s.outlook.com/autodiscover/autodiscover.json?Email=user12%40batre.mail.onmicrosoft.com&Protocol=Ews&RedirectCount=1", r.Headers.Location!.OriginalString);
        }

        using (HttpResponseMessage r = await noRedirects.GetAsync("/autodiscover/autodiscover.json?Email=user12@batre.msftonlinerepro.com&Protocol=AutodiscoverV1&RedirectCount=9"))
        {
            Assert.Equal(HttpStatusCode.Found, r.StatusCode);
            Assert.EndsWith("&Protocol=AutodiscoverV1&RedirectCount=10", r.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        using (HttpResponseMessage r = await noRedirects.GetAsync("/autodiscover/autodiscover.json?Email=user12@batre.msftonlinerepro.com&Protocol=Ews&RedirectCount=10"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            using JsonDocument json = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            Assert.Equal("RedirectLimitExceeded", json.RootElement.GetProperty("ErrorCode").GetString());
        }

        foreach (string bad in new[] { "?Email=user12@batre.msftonlinerepro.com&Protocol=Ews&RedirectCount=-1", "?Email=user12@batre.msftonlinerepro.com", "?Email=not-an-address&Protocol=Ews", "?Email=user12@batre.msftonlinerepro.com&Protocol=E%0Aws" })
        {
            using HttpResponseMessage r = await noRedirects.GetAsync("/autodiscover/autodiscover.json" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.StartsWith("{\"ErrorCode\":\"Invalid", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty(exchange.Requests);

        // A local mailbox and an unknown address are the back end's to answer.
        using (HttpResponseMessage r = await noRedirects.GetAsync("/autodiscover/autodiscover.json/v1.0/admin@batre.msftonlinerepro.com?Protocol=ActiveSync"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }

        Assert.Equal("/autodiscover/autodiscover.json/v1.0/admin@batre.msftonlinerepro.com?Protocol=ActiveSync", Assert.Single(exchange.Requests).PathAndQuery);
    }

    [Fact]
    public async Task AutodiscoverV2_RequireAuthenticationPolicy_ChallengesAnonymousCallers()
    {
        await using FrontDoorRun door = await FrontDoorRun.StartAsync(new Dictionary<string, string?> { ["FrontDoor:AutodiscoverV2Access"] = "RequireAuthentication" });
        const string url = "/autodiscover/autodiscover.json/v1.0/user12@batre.msftonlinerepro.com?Protocol=ActiveSync";
        using (HttpResponseMessage r = await door.Client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Equal(0, r.Content.Headers.ContentLength ?? (await r.Content.ReadAsByteArrayAsync()).Length);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = FrontDoorRun.Basic(User12);
        using HttpResponseMessage ok = await door.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Settings_FromTheEnvironment_ReachTheMiddleware()
    {
        await using FrontDoorRun door = await FrontDoorRun.StartAsync(environment: new Dictionary<string, string?>
        {
            ["HYBRIDCORE_FrontDoor__MaxAutodiscoverV2Redirects"] = "2",
            ["OTHER_FrontDoor__MaxAutodiscoverV2Redirects"] = "50",
        });
        using HttpResponseMessage r = await door.Client.GetAsync("/autodiscover/autodiscover.json?Email=user12@batre.msftonlinerepro.com&Protocol=Ews&RedirectCount=2");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Fact]
    public async Task Owa_MovedUserIsSentToTargetOwaUrl_LocalUserReachesExchange()
    {
        await using FakeExchange exchange = await FakeExchange.StartAsync();
        await using FrontDoorRun door = await FrontDoorRun.StartAsync(Backends(exchange.Url));
        using var noRedirects = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(door.Url) };

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/owa/"))
        {
            request.Headers.Authorization = FrontDoorRun.Basic(User12);
            using HttpResponseMessage r = await noRedirects.SendAsync(request);
            Assert.Equal(HttpStatusCode.Found, r.StatusCode);
            Assert.Equal("https://outlook.com/owa/batre.msftonlinerepro.com", r.Headers.Location!.OriginalString);
            Assert.Contains("<a href=\"https://outlook.com/owa/batre.msftonlinerepro.com\">", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty(exchange.Requests);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/OWA/?ae=Folder"))
        {
            request.Headers.Authorization = FrontDoorRun.Basic(Admin);
            using HttpResponseMessage r = await noRedirects.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("ex1: GET /OWA/", await r.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task TwoBackEnds_OneDown_TrafficGoesToTheHealthyOne_AndReadinessSaysSo()
    {
        await using FakeExchange exchange = await FakeExchange.StartAsync();
        string dead = DeadUrl();
        await using FrontDoorRun door = await FrontDoorRun.StartAsync(new Dictionary<string, string?>
        {
            ["FrontDoor:Backends:0"] = dead,
            ["FrontDoor:Backends:1"] = exchange.Url,
            ["FrontDoor:HealthCheckInterval"] = "00:00:00.2",
            ["FrontDoor:LoadBalancing"] = "RoundRobin",
        });

        JsonElement backends = default;
        for (int i = 0; i < 100; i++)
        {
            using HttpResponseMessage ready = await door.Client.GetAsync(FrontDoor.ReadinessPath);
            using JsonDocument json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
            backends = json.RootElement.GetProperty("checks").GetProperty("backends").Clone();
            if (backends.GetProperty(dead).GetString() == "unhealthy" && backends.GetProperty(exchange.Url).GetString() == "healthy")
            {
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("1 of 2 back ends available.", backends.GetProperty("description").GetString());
        Assert.True(exchange.HealthProbes > 0);
        for (int i = 0; i < 10; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, SyncQuery) { Content = new ByteArrayContent([0x03, 0x01, 0x6A, 0x00]) };
            request.Headers.Authorization = FrontDoorRun.Basic(Admin);
            using HttpResponseMessage r = await door.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        Assert.Equal(10, exchange.Requests.Count);

        // Liveness does not depend on the back ends.
        using HttpResponseMessage live = await door.Client.GetAsync(FrontDoor.LivenessPath);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task AllBackEndsDown_ReadinessFails()
    {
        await using FrontDoorRun door = await FrontDoorRun.StartAsync(new Dictionary<string, string?>
        {
            ["FrontDoor:Backends:0"] = DeadUrl(),
            ["FrontDoor:HealthCheckInterval"] = "00:00:00.2",
        });
        HttpStatusCode status = HttpStatusCode.OK;
        for (int i = 0; i < 100 && status == HttpStatusCode.OK; i++)
        {
            await Task.Delay(100);
            using HttpResponseMessage ready = await door.Client.GetAsync(FrontDoor.ReadinessPath);
            status = ready.StatusCode;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
    }

    [Fact]
    public async Task Forwarding_WritesOneLogLinePerRequest_WithoutTheQuery()
    {
        await using FakeExchange exchange = await FakeExchange.StartAsync();
        await using FrontDoorRun door = await FrontDoorRun.StartAsync(Backends(exchange.Url));
        for (int i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, SyncQuery) { Content = new ByteArrayContent([0x03, 0x01, 0x6A, 0x00]) };
            request.Headers.Authorization = FrontDoorRun.Basic(Admin);
            using HttpResponseMessage r = await door.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("Microsoft-IIS/10.0", Assert.Single(r.Headers.GetValues("Server")));
        }

        LogLine[] info = door.Logs.Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Information && l.Category != "HybridCore.AspNetCore.ActiveSync.ActiveSyncRedirectMiddleware").ToArray();
        Assert.True(info.Length == 3, string.Join("\n", info.Select(l => $"{l.Category}: {l.Message}")));
        Assert.All(info, l =>
        {
            Assert.Equal("HybridCore.Cli.Forwarding", l.Category);
            Assert.StartsWith($"forwarded POST /Microsoft-Server-ActiveSync to {exchange.Url}: 200 in ", l.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("DeviceId", l.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task FailedLogons_PerUser_AreLimited_AndRecover()
    {
        await using FrontDoorRun door = await FrontDoorRun.StartAsync(new Dictionary<string, string?>
        {
            ["FrontDoor:FailedLogonsPerUser"] = "3",
            ["FrontDoor:FailedLogonsPerAddress"] = "0",
            ["FrontDoor:FailedLogonWindow"] = "00:00:01.5",
        });

        async Task<HttpResponseMessage> SyncAs(string user, string password)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, SyncQuery) { Content = new ByteArrayContent([0x03, 0x01, 0x6A, 0x00]) };
            request.Headers.Authorization = FrontDoorRun.Basic(user, password);
            request.Headers.TryAddWithoutValidation(EasHeaders.MSASProtocolVersion, "14.1");
            return await door.Client.SendAsync(request);
        }

        for (int i = 0; i < 3; i++)
        {
            using HttpResponseMessage wrong = await SyncAs(User12, "spray-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Limited now, even with the right password: the directory is not asked.
        using (HttpResponseMessage limited = await SyncAs(User12, FrontDoorRun.Password))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), limited.Headers.RetryAfter!.Delta);
        }

        // Another user is not affected.
        using (HttpResponseMessage other = await SyncAs("CONTOSO\\Kiosk3", FrontDoorRun.Password))
        {
            Assert.Equal(451, (int)other.StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        using HttpResponseMessage recovered = await SyncAs(User12, FrontDoorRun.Password);
        Assert.Equal(451, (int)recovered.StatusCode);
    }

    [Fact]
    public async Task FailedLogons_PerAddress_AreLimited()
    {
        await using FrontDoorRun door = await FrontDoorRun.StartAsync(new Dictionary<string, string?>
        {
            ["FrontDoor:FailedLogonsPerUser"] = "0",
            ["FrontDoor:FailedLogonsPerAddress"] = "3",
        });
        var statuses = new List<HttpStatusCode>();
        foreach (string user in new[] { "a@x.example", "b@x.example", "c@x.example", "d@x.example", User12 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/owa/");
            request.Headers.Authorization = FrontDoorRun.Basic(user, "wrong");
            using HttpResponseMessage r = await door.Client.SendAsync(request);
            statuses.Add(r.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Shutdown_EndsAHeldPingCleanly()
    {
        await using FakeExchange exchange = await FakeExchange.StartAsync();
        FrontDoorRun door = await FrontDoorRun.StartAsync(Backends(exchange.Url));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/Microsoft-Server-ActiveSync?Cmd=Ping&User=admin&DeviceId=ABCDEF0123456789&DeviceType=iPhone")
            {
                Content = new ByteArrayContent([0x03, 0x01, 0x6A, 0x00]),
            };
            request.Headers.Authorization = FrontDoorRun.Basic(Admin);
            request.Headers.TryAddWithoutValidation(EasHeaders.MSASProtocolVersion, "14.1");
            Task<HttpResponseMessage> ping = door.Client.SendAsync(request);
            await exchange.PingReceived.Task.WaitAsync(TimeSpan.FromSeconds(30));

            Task stopping = door.App.StopAsync();
            using HttpResponseMessage response = await ping.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/vnd.ms-sync.wbxml", response.Content.Headers.ContentType!.MediaType);
            string xml = WbxmlXmlConverter.ToXml(await response.Content.ReadAsByteArrayAsync(), indent: false);
            Assert.Contains("<Ping", xml, StringComparison.Ordinal);
            Assert.Contains("<Status>1</Status>", xml, StringComparison.Ordinal);
            await exchange.PingEnded.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await door.DisposeAsync();
        }
    }

    [Fact]
    public void BadSettings_AreRefusedWithEveryReason()
    {
        var e = Assert.Throws<CliUserException>(() => FrontDoor.Build(new FrontDoorSettings
        {
            Directory = DirectoryLoader.Load(null),
            Environment = new Dictionary<string, string?>(),
            CommandLine = new Dictionary<string, string?>
            {
                ["FrontDoor:Backends:0"] = "ftp://exchange.example",
                ["FrontDoor:Backends:1"] = "https://exchange.example/owa",
                ["FrontDoor:LoadBalancing"] = "Fastest",
                ["FrontDoor:RequestTimeout"] = "00:00:00",
            },
        }));
        Assert.Contains("'ftp://exchange.example' is not an absolute http or https URL", e.Message, StringComparison.Ordinal);
        Assert.Contains("must be a server's scheme, host and port only", e.Message, StringComparison.Ordinal);
        Assert.Contains("FrontDoor:LoadBalancing must be one of PowerOfTwoChoices", e.Message, StringComparison.Ordinal);
        Assert.Contains("FrontDoor:RequestTimeout must be between", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A loopback URL where nothing listens (a port that was just free).</summary>
    private static string DeadUrl()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
