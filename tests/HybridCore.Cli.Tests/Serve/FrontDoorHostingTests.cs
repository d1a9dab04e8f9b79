using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HybridCore.ActiveSync;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HybridCore.Cli.Tests.Serve;

/// <summary>The front door's hosting: https with a certificate the test makes (PFX and PEM), HTTP/2, settings files, OpenTelemetry export, the CLI options.</summary>
public sealed class FrontDoorHostingTests : IDisposable
{
    private const string SyncQuery = "/Microsoft-Server-ActiveSync?Cmd=Sync&User=user12&DeviceId=ABCDEF0123456789&DeviceType=iPhone";
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("hybridcore-frontdoor-");
    private readonly X509Certificate2 _certificate;

    public FrontDoorHostingTests()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=mail.contoso.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _temp.Delete(recursive: true);
    }

    private HttpClient TrustingClient(string baseAddress) => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            // Trust exactly the certificate this test made, nothing else.
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == _certificate.Thumbprint,
        },
    })
    {
        BaseAddress = new Uri(baseAddress),
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    private static HttpRequestMessage Sync()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, SyncQuery) { Content = new ByteArrayContent([0x03, 0x01, 0x6A, 0x00]) };
        request.Headers.Authorization = FrontDoorRun.Basic("user12@batre.msftonlinerepro.com");
        request.Headers.TryAddWithoutValidation(EasHeaders.MSASProtocolVersion, "14.1");
        return request;
    }

    [Theory]
    [InlineData("pfx")]
    [InlineData("pem")]
    public async Task Https_WithACertificateFile_ServesHttp2(string format)
    {
        var settings = new Dictionary<string, string?> { ["FrontDoor:Urls"] = "https://127.0.0.1:0" };
        if (format == "pfx")
        {
            string pfx = Path.Combine(_temp.FullName, "front-door.pfx");
            await File.WriteAllBytesAsync(pfx, _certificate.Export(X509ContentType.Pfx, "pfx-secret"));
            settings["FrontDoor:Certificate:Path"] = pfx;
            settings["FrontDoor:Certificate:Password"] = "pfx-secret";
        }
        else
        {
            string cert = Path.Combine(_temp.FullName, "front-door.crt");
            string key = Path.Combine(_temp.FullName, "front-door.key");
            await File.WriteAllTextAsync(cert, _certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(key, _certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
            settings["FrontDoor:Certificate:Path"] = cert;
            settings["FrontDoor:Certificate:KeyPath"] = key;
        }

        await using FrontDoorRun door = await FrontDoorRun.StartAsync(settings);
        Assert.StartsWith("https://127.0.0.1:", door.Url, StringComparison.Ordinal);
        using HttpClient client = TrustingClient(door.Url);
        using HttpRequestMessage request = Sync();
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(451, (int)response.StatusCode);
        Assert.Equal("https://outlook.office365.com/Microsoft-Server-ActiveSync", response.Headers.GetValues(EasHeaders.XMSLocation).Single());
    }

    [Fact]
    public void Certificate_Unreadable_IsAClearError()
    {
        string bad = Path.Combine(_temp.FullName, "broken.pfx");
        File.WriteAllText(bad, "not a certificate");
        var e = Assert.Throws<CliUserException>(() => FrontDoor.LoadCertificate(new CertificateSettings { Path = bad, Password = "x" }));
        Assert.StartsWith($"Cannot load the certificate {bad}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KestrelSection_OfASettingsFile_ConfiguresTheEndpoint()
    {
        string pfx = Path.Combine(_temp.FullName, "kestrel.pfx");
        await File.WriteAllBytesAsync(pfx, _certificate.Export(X509ContentType.Pfx, "k"));
        string config = Path.Combine(_temp.FullName, "appsettings.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Kestrel": { "Endpoints": { "Https": { "Url": "https://127.0.0.1:0", "Certificate": { "Path": {{System.Text.Json.JsonSerializer.Serialize(pfx)}}, "Password": "k" } } } },
              "HybridCore": { "AllowCrossForest": false }
            }
            """);
        await using FrontDoorRun door = await FrontDoorRun.StartAsync(new Dictionary<string, string?> { ["FrontDoor:Urls"] = "http://127.0.0.1:0" }, new FileInfo(config));
        string https = FrontDoor.Addresses(door.App).Single(a => a.StartsWith("https://", StringComparison.Ordinal));
        using HttpClient client = TrustingClient(https);
        using HttpResponseMessage response = await client.SendAsync(Sync());
        Assert.Equal(451, (int)response.StatusCode);
    }

    [Fact]
    public async Task OpenTelemetry_WhenEnabled_ExportsRequestTraces()
    {
        // A stand-in OTLP/HTTP collector that records what it is sent.
        var received = new ConcurrentQueue<(string Path, string? ContentType, int Length)>();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using WebApplication collector = builder.Build();
        collector.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue((context.Request.Path, context.Request.ContentType, (int)body.Length));
        });
        await collector.StartAsync();
        string endpoint = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        string config = Path.Combine(_temp.FullName, "otel.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "FrontDoor": { "OpenTelemetry": { "Enabled": true, "Endpoint": "{{endpoint}}", "Protocol": "http/protobuf" } },
              "OTEL_BSP_SCHEDULE_DELAY": "100",
              "OTEL_METRIC_EXPORT_INTERVAL": "200"
            }
            """);
        await using (FrontDoorRun door = await FrontDoorRun.StartAsync(configFile: new FileInfo(config)))
        {
            using HttpResponseMessage response = await door.Client.SendAsync(Sync());
            Assert.Equal(451, (int)response.StatusCode);
            for (int i = 0; i < 150 && !(received.Any(r => r.Path == "/v1/traces") && received.Any(r => r.Path == "/v1/metrics")); i++)
            {
                await Task.Delay(100);
            }
        }

        Assert.Contains(received, r => r.Path == "/v1/traces" && r.ContentType == "application/x-protobuf" && r.Length > 0);
        Assert.Contains(received, r => r.Path == "/v1/metrics" && r.ContentType == "application/x-protobuf" && r.Length > 0);
        Assert.All(received, r => Assert.True(r.Path is "/v1/traces" or "/v1/metrics", r.Path));
        await collector.StopAsync();
    }

    [Fact]
    public async Task Cli_RepeatedBackend_AndPlainHttpOffLoopback_Warns()
    {
        await using FakeExchange one = await FakeExchange.StartAsync("ex1");
        await using FakeExchange two = await FakeExchange.StartAsync("ex2");
        var output = new StringWriter();
        var errors = new StringWriter();
        var console = new CliConsole(TextWriter.Synchronized(output), TextWriter.Synchronized(errors), () => Stream.Null, false, false);
        using var stop = new CancellationTokenSource();
        Task<int> run = Task.Run(() => CliApp.RunAsync(["serve", "--urls", "http://0.0.0.0:0", "--backend", one.Url, "--backend", two.Url], console, stop.Token));
        for (int i = 0; i < 300 && !output.ToString().Contains("Press Ctrl+C", StringComparison.Ordinal) && !run.IsCompleted; i++)
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains($"Back ends: {one.Url}, {two.Url}", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("is plain HTTP on a non-loopback address: Basic credentials would cross the network unencrypted", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_BadBackend_IsAUsageError()
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var console = new CliConsole(output, errors, () => Stream.Null, false, false);
        int exit = await CliApp.RunAsync(["serve", "--backend", "http://ok.example", "--backend", "exchange01"], console, CancellationToken.None);
        Assert.NotEqual(ExitCodes.Ok, exit);
        Assert.Contains("--backend must be an absolute http or https URL (was 'exchange01')", errors.ToString(), StringComparison.Ordinal);
    }
}
