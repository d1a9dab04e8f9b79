using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using HybridCore.ActiveSync;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HybridCore.Cli.Tests.Serve;

/// <summary>
/// <c>hybridcore serve</c> on loopback with the embedded demo directory, driven with real HTTP requests:
/// EAS plain and base64, OPTIONS, Autodiscover both schemas, every demo user, with and without a back end.
/// </summary>
public sealed partial class ServeEndToEndTests
{
    private const string Password = "P@ssw0rd-demo";
    private const string Cloud = "https://outlook.office365.com/Microsoft-Server-ActiveSync";

    [GeneratedRegex(@"Listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    /// <summary>Runs <c>serve</c> in-process until disposed.</summary>
    private sealed class ServeRun : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<int> _run;
        private readonly StringWriter _output = new();

        private ServeRun(string[] args)
        {
            var console = new CliConsole(TextWriter.Synchronized(_output), TextWriter.Synchronized(new StringWriter()), () => Stream.Null, false, false);
            _run = Task.Run(() => CliApp.RunAsync(["serve", "--urls", "http://127.0.0.1:0", .. args], console, _stop.Token));
        }

        public HttpClient Client { get; private set; } = null!;

        public static async Task<ServeRun> StartAsync(params string[] args)
        {
            var run = new ServeRun(args);
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                Match m = ListeningLine().Match(run._output.ToString());
                if (m.Success)
                {
                    run.Client = new HttpClient { BaseAddress = new Uri(m.Groups[1].Value) };
                    return run;
                }

                if (run._run.IsCompleted || deadline.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new InvalidOperationException("serve did not start: " + run._output);
                }

                await Task.Delay(20);
            }
        }

        public async Task<int> StopAsync()
        {
            await _stop.CancelAsync();
            return await _run.WaitAsync(TimeSpan.FromSeconds(30));
        }

        public async ValueTask DisposeAsync()
        {
            if (!_run.IsCompleted)
            {
                await StopAsync();
            }

            Client?.Dispose();
            _stop.Dispose();
        }
    }

    private static HttpRequestMessage Eas(HttpMethod method, string pathAndQuery, string? user, string? version = "14.1")
    {
        var request = new HttpRequestMessage(method, pathAndQuery);
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{Password}")));
        }

        if (version is not null)
        {
            request.Headers.TryAddWithoutValidation(EasHeaders.MSASProtocolVersion, version);
        }

        if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent([0x03, 0x01, 0x6A, 0x00]);
        }

        return request;
    }

    private const string PlainSync = "/Microsoft-Server-ActiveSync?Cmd=Sync&User=user12&DeviceId=ABCDEF0123456789&DeviceType=iPhone";

    private static string Base64FolderSync() => "/Microsoft-Server-ActiveSync?" + Uri.EscapeDataString(EasRequestWriter.WriteBase64(new EasRequest
    {
        Command = EasCommand.FolderSync,
        DeviceId = "ABCDEF0123456789",
        DeviceType = "iPhone",
        ProtocolVersion = EasProtocolVersion.V14_1,
        User = "user12",
    }));

    [Fact]
    public async Task Serve_DemoDirectory_AnswersEveryCase()
    {
        await using ServeRun serve = await ServeRun.StartAsync();
        HttpClient client = serve.Client;

        // The README's main job: a migrated user gets 451 with the Office 365 endpoint.
        using (HttpResponseMessage r = await client.SendAsync(Eas(HttpMethod.Post, PlainSync, "user12@batre.msftonlinerepro.com")))
        {
            Assert.Equal(451, (int)r.StatusCode);
            Assert.Equal(Cloud, r.Headers.GetValues(EasHeaders.XMSLocation).Single());
        }

        using (HttpResponseMessage r = await client.SendAsync(Eas(HttpMethod.Post, Base64FolderSync(), @"CONTOSO\user12", version: null)))
        {
            Assert.Equal(451, (int)r.StatusCode);
        }

        using (HttpResponseMessage r = await client.SendAsync(Eas(HttpMethod.Options, "/Microsoft-Server-ActiveSync", "user12@batre.msftonlinerepro.com", version: null)))
        {
            Assert.Equal(451, (int)r.StatusCode);
        }

        using (HttpResponseMessage r = await client.SendAsync(Eas(HttpMethod.Post, PlainSync, user: null)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.False(r.Headers.Contains(EasHeaders.XMSLocation));
        }

        // The UserHasNoMailbox case of "Exchange ActiveSync on-boarding to Office 365", and the relationship without TargetOWAURL.
        foreach (string user in new[] { @"CONTOSO\Mig8", "user30@batre.msftonlinerepro.com" })
        {
            using HttpResponseMessage r = await client.SendAsync(Eas(HttpMethod.Post, PlainSync, user));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("<Status>123</Status>", HybridCore.Wbxml.WbxmlXmlConverter.ToXml(await r.Content.ReadAsByteArrayAsync(), indent: false), StringComparison.Ordinal);
        }

        // DOMAIN\user only: redirected (the warnings are for diagnostics).
        using (HttpResponseMessage r = await client.SendAsync(Eas(HttpMethod.Post, PlainSync, @"CONTOSO\Kiosk3")))
        {
            Assert.Equal(451, (int)r.StatusCode);
        }

        // A local mailbox with no back end configured: 502 saying so.
        using (HttpResponseMessage r = await client.SendAsync(Eas(HttpMethod.Post, PlainSync, "admin@batre.msftonlinerepro.com")))
        {
            Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode);
            Assert.Contains("no back end is configured", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Autodiscover, both schemas.
        foreach ((string ns, string response, string expected) in new[]
        {
            ("outlook/requestschema/2006", "outlook/responseschema/2006a", "<RedirectAddr>user12@batre.mail.onmicrosoft.com</RedirectAddr>"),
            ("mobilesync/requestschema/2006", "mobilesync/responseschema/2006", "<Redirect>user12@batre.mail.onmicrosoft.com</Redirect>"),
        })
        {
            string body = $"<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/{ns}\"><Request><EMailAddress>user12@batre.msftonlinerepro.com</EMailAddress>" +
                $"<AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/{response}</AcceptableResponseSchema></Request></Autodiscover>";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/autodiscover/autodiscover.xml") { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("user12@batre.msftonlinerepro.com:" + Password)));
            using HttpResponseMessage r = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains(expected, await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(ExitCodes.Ok, await serve.StopAsync());
    }

    [Fact]
    public async Task Serve_WithBackend_StreamsLocalMailboxesThere()
    {
        // A stand-in Exchange back end that echoes what it received.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using WebApplication backend = builder.Build();
        backend.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            context.Response.Headers["X-Backend"] = "yes";
            await context.Response.WriteAsync($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} {body.Length} bytes, auth={context.Request.Headers.Authorization.Count > 0}");
        });
        await backend.StartAsync();
        string backendUrl = backend.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        await using ServeRun serve = await ServeRun.StartAsync("--backend", backendUrl);
        using HttpResponseMessage local = await serve.Client.SendAsync(Eas(HttpMethod.Post, PlainSync, "admin@batre.msftonlinerepro.com"));
        using HttpResponseMessage migrated = await serve.Client.SendAsync(Eas(HttpMethod.Post, PlainSync, "user12@batre.msftonlinerepro.com"));

        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Equal("yes", local.Headers.GetValues("X-Backend").Single());
        Assert.Equal("POST /Microsoft-Server-ActiveSync?Cmd=Sync&User=user12&DeviceId=ABCDEF0123456789&DeviceType=iPhone 4 bytes, auth=True", await local.Content.ReadAsStringAsync());
        Assert.Equal(451, (int)migrated.StatusCode);
        await backend.StopAsync();
    }

    [Fact]
    public async Task Serve_BackendDown_Answers502()
    {
        await using ServeRun serve = await ServeRun.StartAsync("--backend", "http://127.0.0.1:9");
        using HttpResponseMessage r = await serve.Client.SendAsync(Eas(HttpMethod.Post, PlainSync, "admin@batre.msftonlinerepro.com"));

        Assert.Equal(HttpStatusCode.BadGateway, r.StatusCode);
        Assert.Contains("did not answer", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_AsAProcess_ListensOnLoopbackAndRedirects()
    {
        // The built tool, as `dotnet run --project src/HybridCore.Cli -- serve` runs it.
        string dll = Path.Combine(AppContext.BaseDirectory, "HybridCore.Cli.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "serve", "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start)!;
        try
        {
            string? address = null;
            var timeout = Task.Delay(TimeSpan.FromSeconds(60));
            while (address is null)
            {
                Task<string?> line = process.StandardOutput.ReadLineAsync();
                if (await Task.WhenAny(line, timeout) == timeout || await line is not { } text)
                {
                    throw new InvalidOperationException("serve did not start: " + await process.StandardError.ReadToEndAsync());
                }

                Match m = ListeningLine().Match(text);
                address = m.Success ? m.Groups[1].Value : null;
            }

            using var client = new HttpClient { BaseAddress = new Uri(address) };
            using HttpResponseMessage r = await client.SendAsync(Eas(HttpMethod.Post, PlainSync, "user12@batre.msftonlinerepro.com"));
            Assert.Equal(451, (int)r.StatusCode);
            Assert.Equal(Cloud, r.Headers.GetValues(EasHeaders.XMSLocation).Single());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Serve_OnAPortInUse_SaysSoInOneLineAndHowToChooseAnother()
    {
        // Something already listens on the port: serve says so on standard error, in one line, with the way out
        // (--urls), and prints no host stack trace anywhere.
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        int port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        string dll = Path.Combine(AppContext.BaseDirectory, "HybridCore.Cli.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "serve", "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);

        string err = await error;
        string all = await output + err;
        Assert.Equal(ExitCodes.UserError, process.ExitCode);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("address already in use", err, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("--urls", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", all, StringComparison.Ordinal);
    }
}
