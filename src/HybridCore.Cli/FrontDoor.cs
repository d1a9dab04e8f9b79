using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using HybridCore.ActiveSync;
using HybridCore.AspNetCore;
using HybridCore.AspNetCore.Authentication;
using HybridCore.AspNetCore.FrontDoor;
using HybridCore.Cli.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace HybridCore.Cli;

/// <summary>What <c>hybridcore serve</c> runs.</summary>
internal sealed record FrontDoorSettings
{
    public required HybridDirectoryFile Directory { get; init; }

    /// <summary>The directory file, or null for the embedded demo (readiness reports a file changed since it was loaded).</summary>
    public FileInfo? DirectoryFile { get; init; }

    /// <summary>A JSON settings file (<c>--config</c>); null reads <c>appsettings.json</c> in the working directory when present.</summary>
    public FileInfo? ConfigFile { get; init; }

    /// <summary>Settings given on the command line, as configuration keys (they win over the file and the environment).</summary>
    public IReadOnlyDictionary<string, string?> CommandLine { get; init; } = new Dictionary<string, string?>();

    /// <summary>The environment variables read (prefix <c>HYBRIDCORE_</c>); tests pass their own.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;

    /// <summary>Checks Basic credentials; null checks them against the directory file's password hashes (the benchmark swaps it to measure the pipeline alone).</summary>
    public IHybridCredentialValidator? CredentialValidator { get; init; }

    /// <summary>Extra logging set-up (tests capture logs).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Redirect settings (bypass, MinRedirectProtocolVersion, …) applied to the middleware options, or null for Exchange's defaults.</summary>
    public Action<HybridCoreOptions>? ConfigureRedirects { get; init; }

    /// <summary>The default logon domain for Basic authentication (IIS's "Default domain"), or null.</summary>
    public string? DefaultDomain { get; init; }

    /// <summary>A directory in place of <see cref="Directory"/>'s (serve --ldap: see <see cref="LdapFrontDoor"/>).</summary>
    public IHybridDirectory? LiveDirectory { get; init; }

    /// <summary>More services (serve --ldap: the refresher and its health check).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Middleware that runs before authentication (serve --ldap: health endpoint, 503 on directory errors).</summary>
    public Action<WebApplication>? ConfigurePipeline { get; init; }
}

/// <summary>
/// The reference front door: Basic authentication against the directory file, the HybridCore front-door pipeline
/// (modern-auth pass-through, Autodiscover v2, ActiveSync, Autodiscover, OWA) and YARP forwarding to the Exchange
/// back ends (or 502) for everything it passes on.
/// </summary>
internal static class FrontDoor
{
    public const string NoBackendMessage = "HybridCore front door: this user's mailbox is served locally, but no back end is configured (start 'hybridcore serve' with --backend URL).\n";
    public const string LivenessPath = "/hybridcore/health/live";
    public const string ReadinessPath = "/hybridcore/health/ready";
    public const string ClusterId = "exchange";
    public const string EnvironmentPrefix = "HYBRIDCORE_";

    /// <summary>Builds the application; bad settings become a <see cref="CliUserException"/> that lists each problem.</summary>
    public static WebApplication Build(FrontDoorSettings settings)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        ConfigureSources(builder.Configuration, settings);

        var host = new FrontDoorHostOptions();
        builder.Configuration.GetSection("FrontDoor").Bind(host);
        List<string> problems = host.Validate();
        if (problems.Count > 0)
        {
            throw new CliUserException("Invalid front-door settings:\n  " + string.Join("\n  ", problems));
        }

        builder.WebHost.UseUrls(host.Urls);
        ConfigureLogging(builder, settings);
        X509Certificate2? certificate = LoadCertificate(host.Certificate);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The back end's Server header is forwarded; Kestrel's own would make it appear twice.
            kestrel.AddServerHeader = false;
            // Kestrel's default protocols (HTTP/1.1 and HTTP/2) stand: HTTP/2 is negotiated with ALPN on https
            // endpoints; on plain http clients get HTTP/1.1 (no h2c), which is what EAS devices speak there.
            if (certificate is not null)
            {
                kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
            }
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = host.ShutdownTimeout);

        HybridDirectoryFile file = settings.Directory;
        bool hasBackend = host.Backends.Count > 0;
        builder.Services.AddHybridCore(settings.ConfigureRedirects)
            .UseDirectory(settings.LiveDirectory ?? file.Directory)
            .AddBasicAuthentication(
                settings.CredentialValidator ?? new DirectoryCredentialValidator(file.Directory, file.PasswordHashes),
                o =>
                {
                    o.Realm = "HybridCore front door";
                    o.DefaultDomain = settings.DefaultDomain;
                })
            .AddFrontDoor(o => o.AnonymousToBackend = hasBackend);
        settings.ConfigureServices?.Invoke(builder.Services);
        builder.Services.Configure<HybridCoreOptions>(builder.Configuration.GetSection("HybridCore"));
        builder.Services.Configure<HybridFrontDoorOptions>(builder.Configuration.GetSection("FrontDoor"));

        IHealthChecksBuilder health = builder.Services.AddHealthChecks();
        if (settings.LiveDirectory is null)
        {
            // A live (LDAP) directory registers its own check, tagged "ready" (LdapFrontDoor).
            health.AddCheck("directory", () => DirectoryHealth(file, settings.DirectoryFile), tags: ["ready"]);
        }
        if (hasBackend)
        {
            builder.Services.AddReverseProxy().LoadFromMemory([Route()], [Cluster(host)]);
            health.Add(new HealthCheckRegistration("backends", sp => new BackendHealthCheck(sp.GetRequiredService<Yarp.ReverseProxy.IProxyStateLookup>()), HealthStatus.Unhealthy, ["ready"]));
        }

        if (host.OpenTelemetry.Enabled)
        {
            AddOpenTelemetry(builder.Services, host.OpenTelemetry);
        }

        WebApplication app = builder.Build();
        settings.ConfigurePipeline?.Invoke(app);
        app.UseHybridCoreFrontDoor();
        app.MapHealthChecks(LivenessPath, new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadinessPath, new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = WriteHealthAsync,
        });

        if (hasBackend)
        {
            ILogger forwardLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("HybridCore.Cli.Forwarding");
            IHostApplicationLifetime lifetime = app.Lifetime;
            app.MapReverseProxy(proxy =>
            {
                proxy.UseSessionAffinity();
                proxy.UseLoadBalancing();
                proxy.UsePassiveHealthChecks();
                proxy.Use((context, next) => ForwardAsync(context, next, forwardLog, lifetime));
            });
        }
        else
        {
            app.Run(static context =>
            {
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
                context.Response.ContentType = "text/plain; charset=utf-8";
                return context.Response.WriteAsync(NoBackendMessage, context.RequestAborted);
            });
        }

        return app;
    }

    /// <summary>appsettings.json (or --config), then HYBRIDCORE_ environment variables, then the command line.</summary>
    private static void ConfigureSources(ConfigurationManager configuration, FrontDoorSettings settings)
    {
        configuration.Sources.Clear();
        if (settings.ConfigFile is { } config)
        {
            if (!config.Exists)
            {
                throw new CliUserException($"The settings file {config.FullName} does not exist.");
            }

            configuration.AddJsonFile(config.FullName, optional: false, reloadOnChange: false);
        }
        else
        {
            configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true, reloadOnChange: false);
        }

        if (settings.Environment is { } environment)
        {
            configuration.AddInMemoryCollection(environment
                .Where(e => e.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
                .Select(e => KeyValuePair.Create(e.Key[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), e.Value)));
        }
        else
        {
            configuration.AddEnvironmentVariables(EnvironmentPrefix);
        }

        configuration.AddInMemoryCollection(settings.CommandLine);
    }

    private static void ConfigureLogging(WebApplicationBuilder builder, FrontDoorSettings settings)
    {
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(settings.MinimumLogLevel);
        if (settings.ConfigureLogging is null)
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        else
        {
            settings.ConfigureLogging(builder.Logging);
        }

        // Kestrel's and YARP's own per-request logs are noise: the front door writes one line per forwarded request.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("HybridCore.AspNetCore.Authentication", LogLevel.Warning);

        // A host that fails to start (a port in use, a bad certificate) is reported by 'serve' itself in one line; the
        // host's own log of it is a multi-kilobyte stack trace on standard output.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
    }

    /// <summary>A PFX (with its password) or a PEM certificate and key; problems are a <see cref="CliUserException"/>.</summary>
    internal static X509Certificate2? LoadCertificate(CertificateSettings settings)
    {
        if (settings.Path is not { } path)
        {
            return null;
        }

        try
        {
            string extension = Path.GetExtension(path);
            if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, settings.Password);
            }

            string keyPath = settings.KeyPath ?? path;
            return settings.Password is { } password
                ? X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath)
                : X509Certificate2.CreateFromPemFile(path, keyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new CliUserException($"Cannot load the certificate {path}: {e.Message}", e);
        }
    }

    private static RouteConfig Route() => new()
    {
        RouteId = "exchange",
        ClusterId = ClusterId,
        Match = new RouteMatch { Path = "{**catch-all}" },
        Order = int.MaxValue,
    };

    private static ClusterConfig Cluster(FrontDoorHostOptions host) => new()
    {
        ClusterId = ClusterId,
        LoadBalancingPolicy = host.LoadBalancing,
        Destinations = host.Backends.Select((b, i) => (Name: $"backend{i + 1}", b))
            .ToDictionary(d => d.Name, d => new DestinationConfig { Address = d.b }, StringComparer.OrdinalIgnoreCase),
        HealthCheck = new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = host.HealthCheckInterval,
                Timeout = host.HealthCheckTimeout,
                Policy = "ConsecutiveFailures",
                Path = host.HealthCheckPath,
            },
            Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = "TransportFailureRate", ReactivationPeriod = host.HealthCheckInterval },
        },
        HttpRequest = new ForwarderRequestConfig { ActivityTimeout = host.RequestTimeout, AllowResponseBuffering = false },
        HttpClient = new HttpClientConfig { DangerousAcceptAnyServerCertificate = host.AcceptAnyBackendCertificate, EnableMultipleHttp2Connections = true },
    };

    /// <summary>
    /// Forwards one request (YARP does the work) and writes one log line for it. A held EAS Ping is ended cleanly when
    /// the front door stops: the back-end call is cancelled and the device gets HTTP 200 with Ping Status 1 ("the
    /// heartbeat interval expired", Status of the Ping command, [MS-ASCMD] 2.2.1.13), on which it simply sends its next Ping.
    /// </summary>
    private static async Task ForwardAsync(HttpContext context, Func<Task> next, ILogger log, IHostApplicationLifetime lifetime)
    {
        long started = Stopwatch.GetTimestamp();
        bool ping = IsPing(context.Request);
        CancellationToken clientAborted = context.RequestAborted;
        CancellationTokenSource? linked = null;
        if (ping)
        {
            linked = CancellationTokenSource.CreateLinkedTokenSource(clientAborted, lifetime.ApplicationStopping);
            context.RequestAborted = linked.Token;
        }

        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            if (linked is not null)
            {
                context.RequestAborted = clientAborted;
                linked.Dispose();
            }
        }

        IForwarderErrorFeature? error = context.Features.Get<IForwarderErrorFeature>();
        if (ping && lifetime.ApplicationStopping.IsCancellationRequested && !clientAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/vnd.ms-sync.wbxml";
            context.Response.ContentLength = PingHeartbeatExpired.Length;
            await context.Response.Body.WriteAsync(PingHeartbeatExpired, clientAborted).ConfigureAwait(false);
            error = null;
        }
        else if (error is not null && !context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"HybridCore front door: the back end did not answer ({error.Error}).\n", clientAborted).ConfigureAwait(false);
        }

        // The line's fields are only gathered when it is written (a front door logging at Warning pays nothing here).
        if (log.IsEnabled(LogLevel.Information))
        {
            string destination = context.GetReverseProxyFeature().ProxiedDestination?.Model.Config.Address ?? "(none)";
            ForwardingLog.Forwarded(log, context.Request.Method, context.Request.Path.Value ?? "/", destination, context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, error?.Error.ToString() ?? "none");
        }
    }

    /// <summary>HTTP 200 body of an EAS Ping with Status 1: code page 13 (Ping), Ping 0x05, Status 0x07 ([MS-ASWBXML] code page 13, as src/HybridCore/Spec/WbxmlTags.table lists it).</summary>
    internal static readonly byte[] PingHeartbeatExpired = [0x03, 0x01, 0x6A, 0x00, 0x00, 0x0D, 0x45, 0x47, 0x03, (byte)'1', 0x00, 0x01, 0x01];

    private static bool IsPing(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method) || !request.Path.StartsWithSegments("/Microsoft-Server-ActiveSync", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string? query = request.QueryString.Value;
        if (string.IsNullOrEmpty(query) || query.Length > 2048)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        return EasRequestLine.TryParse(query, buffer, out EasRequestLine line, out _) && line.Command == EasCommand.Ping;
    }

    private static HealthCheckResult DirectoryHealth(HybridDirectoryFile file, FileInfo? source)
    {
        var data = new Dictionary<string, object>
        {
            ["recipients"] = file.Snapshot.Recipients.Length,
            ["relationships"] = file.Snapshot.Relationships.Length,
        };
        if (source is not null)
        {
            source.Refresh();
            if (!source.Exists)
            {
                return HealthCheckResult.Degraded($"The directory file {source.FullName} is gone; the copy loaded at start is in use.", data: data);
            }

            if (source.LastWriteTimeUtc > LoadedAt)
            {
                return HealthCheckResult.Degraded($"The directory file {source.FullName} changed after it was loaded; restart to load it.", data: data);
            }
        }

        return HealthCheckResult.Healthy("The directory is loaded.", data);
    }

    private static readonly DateTime LoadedAt = DateTime.UtcNow;

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        using var stream = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteStartObject("checks");
            foreach ((string name, HealthReportEntry entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteString("description", entry.Description);
                foreach ((string key, object value) in entry.Data)
                {
                    json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return context.Response.Body.WriteAsync(stream.ToArray(), context.RequestAborted).AsTask();
    }

    private static void AddOpenTelemetry(IServiceCollection services, TelemetrySettings settings)
    {
        // With http/protobuf an endpoint set in code is used as the whole URL, so each signal gets its own path
        // (/v1/traces, /v1/metrics, as the OTLP specification names them); grpc takes the base address.
        Action<OtlpExporterOptions> Exporter(string signalPath) => o =>
        {
            bool http = settings.Protocol != "grpc";
            o.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            if (settings.Endpoint is { } endpoint)
            {
                o.Endpoint = new Uri(http ? endpoint.TrimEnd('/') + signalPath : endpoint);
            }
        };

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("hybridcore-front-door"))
            .WithTracing(t => t
                .AddSource("Microsoft.AspNetCore", "System.Net.Http")
                .AddOtlpExporter(Exporter("/v1/traces")))
            .WithMetrics(m => m
                .AddMeter(HybridCoreMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http")
                .AddOtlpExporter(Exporter("/v1/metrics")));
    }

    /// <summary>The addresses Kestrel listens on, once started (ephemeral ports resolved).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    /// <summary>Readiness of the back ends: ready while at least one is not known to be unhealthy.</summary>
    private sealed class BackendHealthCheck(Yarp.ReverseProxy.IProxyStateLookup proxy) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (!proxy.TryGetCluster(ClusterId, out ClusterState? cluster))
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("The back-end cluster is not configured."));
            }

            var data = new Dictionary<string, object>();
            int healthy = 0;
            foreach (DestinationState destination in cluster.Destinations.Values)
            {
                DestinationHealth active = destination.Health.Active;
                DestinationHealth passive = destination.Health.Passive;
                bool up = active != DestinationHealth.Unhealthy && passive != DestinationHealth.Unhealthy;
                healthy += up ? 1 : 0;
                data[destination.Model.Config.Address] = up ? (active == DestinationHealth.Healthy ? "healthy" : "unknown") : "unhealthy";
            }

            string summary = $"{healthy} of {cluster.Destinations.Count} back ends available.";
            return Task.FromResult(healthy > 0 ? HealthCheckResult.Healthy(summary, data) : HealthCheckResult.Unhealthy(summary, data: data));
        }
    }
}

/// <summary>The front door's one log line per forwarded request (no query string: it holds user names and device ids).</summary>
internal static partial class ForwardingLog
{
    [LoggerMessage(EventId = 200, EventName = "Forwarded", Level = LogLevel.Information,
        Message = "forwarded {Method} {Path} to {Destination}: {StatusCode} in {ElapsedMs:0.0} ms (error: {Error})")]
    public static partial void Forwarded(ILogger logger, string method, string path, string destination, int statusCode, double elapsedMs, string error);
}
