using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Text;
using HybridCore.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HybridCore.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with an ephemeral port, running the HybridCore middleware over the test
/// lab, with a terminal handler standing in for the back end ("local:" + user). Captures logs and metrics.
/// </summary>
public sealed class KestrelHost : IAsyncDisposable
{
    public const string LocalMarker = "local:";

    private readonly WebApplication _app;
    private readonly MeterListener _listener;

    private KestrelHost(WebApplication app, HttpClient client, LogSink logs)
    {
        _app = app;
        Client = client;
        Logs = logs;
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name == HybridCoreMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var parts = new List<string> { instrument.Name };
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                parts.Add($"{tag.Key}={tag.Value}");
            }

            Measurements.Add(string.Join(' ', parts));
        });
        _listener.Start();
    }

    public HttpClient Client { get; }

    public LogSink Logs { get; }

    public ConcurrentBag<string> Measurements { get; } = [];

    public IServiceProvider Services => _app.Services;

    public static async Task<KestrelHost> StartAsync(Action<HybridCoreOptions>? configure = null, IHybridDirectory? redirects = null, IHybridCredentialValidator? credentials = null, IHybridDirectory? directory = null, Action<BasicAuthenticationOptions>? basic = null)
    {
        IHybridDirectory lab = redirects ?? TestLab.Directory;
        IHybridCredentialValidator logons = credentials ?? new TestCredentialValidator(lab, TestLab.Password);
        var logs = new LogSink();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        builder.Services.AddHybridCore(configure)
            .UseDirectory(directory ?? lab)
            .AddBasicAuthentication(logons, basic);
        WebApplication app = builder.Build();
        app.UseAuthentication();
        app.UseActiveSyncRedirects();
        app.UseAutodiscoverRedirects();
        app.Run(context => context.Response.WriteAsync(LocalMarker + context.User.Identity?.Name));
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        return new KestrelHost(app, client, logs);
    }

    public static AuthenticationHeaderValue Basic(string user, string password = TestLab.Password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Collects log entries.</summary>
public sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Entries.Enqueue((logLevel, category, formatter(state, exception)));
    }
}
