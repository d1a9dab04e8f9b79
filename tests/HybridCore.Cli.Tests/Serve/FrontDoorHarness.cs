using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HybridCore.Cli.Tests.Serve;

/// <summary>What the stand-in Exchange server received.</summary>
internal sealed record ReceivedRequest(string Method, string PathAndQuery, string? Authorization, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// A stand-in Exchange server on loopback that answers as an Exchange with hybrid modern authentication does: an
/// anonymous request (or an empty <c>Bearer </c>, as Test-HMAEAS.ps1 sends) gets 401 with the Bearer challenge
/// (client_id of Exchange, authorization_uri of Entra ID), Negotiate and NTLM; <c>healthcheck.htm</c> answers 200;
/// an EAS Ping is held until the caller goes away; everything else is echoed and recorded.
/// </summary>
internal sealed class FakeExchange : IAsyncDisposable
{
    public const string BearerChallenge = "Bearer client_id=\"00000002-0000-0ff1-ce00-000000000000\", trusted_issuers=\"00000001-0000-0000-c000-000000000000@*\", token_types=\"app_asserted_user_v1 service_asserted_app_v1\", authorization_uri=\"https://login.windows.net/common/oauth2/authorize\"";

    private readonly WebApplication _app;

    private FakeExchange(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public string Url { get; private set; } = "";

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public TaskCompletionSource PingReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource PingEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int HealthProbes;

    public static async Task<FakeExchange> StartAsync(string name = "ex1")
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var fake = new FakeExchange(app, name);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return fake;
    }

    /// <summary>The response body the back end sends a Bearer or Negotiate request: binary, so a byte-for-byte check means something.</summary>
    public static byte[] EchoBody(byte[] received) => [0x00, 0xFF, 0x03, 0x01, .. SHA256.HashData(received), 0x0D, 0x0A];

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        context.Response.Headers.Server = "Microsoft-IIS/10.0";
        context.Response.Headers["X-FEServer"] = Name;
        if (request.Path.Value!.EndsWith("/healthcheck.htm", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref HealthProbes);
            await context.Response.WriteAsync("200 OK");
            return;
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new ReceivedRequest(request.Method, request.Path + request.QueryString.Value, request.Headers.Authorization.Count > 0 ? request.Headers.Authorization.ToString() : null, headers, body.ToArray()));

        string authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0 || authorization.Trim().Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = new[] { BearerChallenge, "Negotiate", "NTLM" };
            return;
        }

        if (request.Query["Cmd"] == "Ping")
        {
            PingReceived.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                PingEnded.TrySetResult();
            }

            return;
        }

        context.Response.Headers["X-Backend"] = Name;
        if (authorization.StartsWith("Negotiate ", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.WWWAuthenticate = "Negotiate oRswGaADCgEAoxIEEAEAAABDh+CIwTbjqQAAAAA=";
        }

        byte[] answer = authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
            ? Encoding.UTF8.GetBytes($"{Name}: {request.Method} {request.Path}")
            : EchoBody(body.ToArray());
        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(answer);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A log line the front door wrote.</summary>
internal sealed record LogLine(string Category, LogLevel Level, string Message);

/// <summary><c>hybridcore serve</c>'s application, built from settings and started on a free loopback port.</summary>
internal sealed class FrontDoorRun : IAsyncDisposable
{
    public const string Password = "P@ssw0rd-demo";

    private FrontDoorRun(WebApplication app, ConcurrentQueue<LogLine> logs)
    {
        App = app;
        Logs = logs;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; private set; } = null!;

    public string Url { get; private set; } = "";

    /// <summary>Everything the front door logged.</summary>
    public ConcurrentQueue<LogLine> Logs { get; }

    public static async Task<FrontDoorRun> StartAsync(IDictionary<string, string?>? commandLine = null, FileInfo? configFile = null,
        IReadOnlyDictionary<string, string?>? environment = null, HttpMessageHandler? handler = null)
    {
        var args = new Dictionary<string, string?> { ["FrontDoor:Urls"] = "http://127.0.0.1:0" };
        foreach ((string key, string? value) in commandLine ?? new Dictionary<string, string?>())
        {
            args[key] = value;
        }

        var logs = new ConcurrentQueue<LogLine>();
        WebApplication app = FrontDoor.Build(new FrontDoorSettings
        {
            Directory = DirectoryLoader.Load(null),
            CommandLine = args,
            ConfigFile = configFile,
            Environment = environment ?? new Dictionary<string, string?>(),
            ConfigureLogging = b => b.AddProvider(new ListLoggerProvider(logs)),
        });
        var run = new FrontDoorRun(app, logs);
        await app.StartAsync();
        run.Url = FrontDoor.Addresses(app).First();
        run.Client = handler is null ? new HttpClient() : new HttpClient(handler);
        run.Client.BaseAddress = new Uri(run.Url);
        return run;
    }

    public static AuthenticationHeaderValue Basic(string user, string password = Password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private sealed class ListLoggerProvider(ConcurrentQueue<LogLine> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception)));
    }
}
