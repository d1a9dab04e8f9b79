using System.Net;
using HybridCore.Cli.Commands;
using HybridCore.AspNetCore;
using HybridCore.AspNetCore.Authentication;
using HybridCore.AspNetCore.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HybridCore.Cli;

/// <summary>What <c>hybridcore serve</c> runs.</summary>
internal sealed record FrontDoorSettings
{
    public required HybridDirectoryFile Directory { get; init; }

    /// <summary>Kestrel URLs (semicolon separated); <c>http://127.0.0.1:0</c> picks a free port.</summary>
    public string Urls { get; init; } = ServeCommand.DefaultUrls;

    /// <summary>Where local mailboxes' requests are forwarded, or null (then they get 502).</summary>
    public Uri? Backend { get; init; }

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;

    /// <summary>Redirect settings (bypass, MinRedirectProtocolVersion, …) applied to the middleware options, or null for Exchange's defaults.</summary>
    public Action<HybridCoreOptions>? ConfigureRedirects { get; init; }

    /// <summary>The default logon domain for Basic authentication (IIS's "Default domain"), or null.</summary>
    public string? DefaultDomain { get; init; }

    /// <summary>Extra logging set-up (tests capture logs).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>A directory in place of <see cref="Directory"/>'s (serve --ldap: see <see cref="LdapFrontDoor"/>).</summary>
    public IHybridDirectory? LiveDirectory { get; init; }

    /// <summary>A credential check in place of <see cref="Directory"/>'s password hashes.</summary>
    public IHybridCredentialValidator? Validator { get; init; }

    /// <summary>More services (serve --ldap: the refresher and its health check).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Middleware that runs before authentication (serve --ldap: health endpoint, 503 on directory errors).</summary>
    public Action<WebApplication>? ConfigurePipeline { get; init; }
}

/// <summary>
/// The reference front door: Basic authentication against the directory file, the ActiveSync and Autodiscover
/// middleware, and a streaming forwarder (or 502) for everything they pass on.
/// </summary>
internal static class FrontDoor
{
    public const string NoBackendMessage = "HybridCore front door: this user's mailbox is served locally, but no back end is configured (start 'hybridcore serve' with --backend URL).\n";

    public static WebApplication Build(FrontDoorSettings settings)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(settings.Urls);
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

        // Kestrel's own per-request logs are noise for an admin watching redirects.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("HybridCore.AspNetCore.Authentication", LogLevel.Warning);

        HybridDirectoryFile file = settings.Directory;
        builder.Services.AddHybridCore(settings.ConfigureRedirects)
            .UseDirectory(settings.LiveDirectory ?? file.Directory)
            .AddBasicAuthentication(
                settings.Validator ?? new DirectoryCredentialValidator(file.Directory, file.PasswordHashes),
                o =>
                {
                    o.Realm = "HybridCore front door";
                    o.DefaultDomain = settings.DefaultDomain;
                });
        settings.ConfigureServices?.Invoke(builder.Services);

        if (settings.Backend is not null)
        {
            builder.Services.AddHttpClient(BackendForwarder.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    AutomaticDecompression = DecompressionMethods.None,
                    UseCookies = false,
                    UseProxy = false,
                });
        }

        WebApplication app = builder.Build();
        settings.ConfigurePipeline?.Invoke(app);
        app.UseAuthentication();
        app.UseActiveSyncRedirects();
        app.UseAutodiscoverRedirects();
        if (settings.Backend is { } backend)
        {
            var forwarder = new BackendForwarder(app.Services.GetRequiredService<IHttpClientFactory>(), backend);
            app.Run(forwarder.ForwardAsync);
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

    /// <summary>The addresses Kestrel listens on, once started (ephemeral ports resolved).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
}
