using HybridCore.Ldap;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HybridCore.Cli;

/// <summary>
/// <c>serve --ldap</c>: the live Active Directory behind the front door. Reads the directory once (a failure stops
/// the start), then a <see cref="LdapDirectoryRefresher"/> re-reads it every refresh interval and swaps the snapshot;
/// Basic credentials are checked by an LDAP bind (<see cref="LdapCredentialValidator"/>). A directory that cannot be
/// asked answers 503, never a log-on; <c>/hybridcore/health</c> reports whether the last refresh worked.
/// </summary>
internal sealed class LdapFrontDoor : IDisposable
{
    /// <summary>The health endpoint's path.</summary>
    public const string HealthPath = "/hybridcore/health";

    private readonly LdapConnector _connector;

    private LdapFrontDoor(LdapConnector connector, int initialObjects, LiveHybridDirectory directory, LdapCredentialValidator validator, TimeSpan refresh)
    {
        _connector = connector;
        InitialObjects = initialObjects;
        Directory = directory;
        Validator = validator;
        Refresh = refresh;
    }

    /// <summary>An empty directory file: the front door's <see cref="FrontDoorSettings.Directory"/> is unused with --ldap.</summary>
    public static HybridDirectoryFile EmptyFile => HybridDirectoryFile.Parse("{\"relationships\":[],\"recipients\":[]}"u8);

    /// <summary>Entries read by the first load. (Not the whole first result: its snapshot would stay in memory beside
    /// the current one after every refresh.)</summary>
    public int InitialObjects { get; }

    public LiveHybridDirectory Directory { get; }

    public LdapCredentialValidator Validator { get; }

    public TimeSpan Refresh { get; }

    /// <summary>Reads the directory for the first time.</summary>
    /// <exception cref="CliUserException">The directory cannot be read.</exception>
    public static LdapFrontDoor Load(LdapDirectoryOptions options, TimeSpan refresh, CancellationToken cancellationToken)
    {
        LdapConnector connector = Commands.DirectoryCommand.CreateConnector(options);
        try
        {
            LdapDirectoryReadResult initial = new LdapDirectoryReader(connector).Read(null, cancellationToken);
            var validator = new LdapCredentialValidator(connector, initial.BaseDn, initial.NetBiosDomain);
            return new LdapFrontDoor(connector, initial.ObjectsRead, new LiveHybridDirectory(initial.Snapshot), validator, refresh);
        }
        catch (LdapDirectoryException e)
        {
            connector.Dispose();
            throw new CliUserException(e.Message, e);
        }
    }

    /// <summary>Puts the live directory, the validator, the refresher and the health check into the front door.</summary>
    public FrontDoorSettings Apply(FrontDoorSettings settings) => settings with
    {
        LiveDirectory = Directory,
        CredentialValidator = Validator,
        ConfigureServices = services =>
        {
            services.AddSingleton(sp => new LdapDirectoryRefresher(
                Directory,
                new LdapDirectoryReader(_connector, sp.GetRequiredService<ILoggerFactory>().CreateLogger<LdapDirectoryReader>()),
                Refresh,
                InitialObjects,
                sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
                sp.GetRequiredService<ILogger<LdapDirectoryRefresher>>()));
            services.AddHostedService(sp => sp.GetRequiredService<LdapDirectoryRefresher>());
            services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
                "ldap-directory", sp => sp.GetRequiredService<LdapDirectoryRefresher>(), null, ["ready"]));
        },
        ConfigurePipeline = app =>
        {
            app.UseHealthChecks(HealthPath);
            app.Use(async (context, next) =>
            {
                try
                {
                    await next(context).ConfigureAwait(false);
                }
                catch (LdapDirectoryException e) when (!context.Response.HasStarted)
                {
                    // The directory could not be asked (server down, service account refused): an error, never a log-on.
                    context.RequestServices.GetRequiredService<ILogger<LdapFrontDoor>>().LogError(e, "Credential check against LDAP failed: {Message}", e.Message);
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    context.Response.Headers.RetryAfter = "30";
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    await context.Response.WriteAsync("HybridCore front door: the directory is unavailable; try again later.\n", context.RequestAborted).ConfigureAwait(false);
                }
            });
        },
    };

    public void Dispose() => _connector.Dispose();
}
