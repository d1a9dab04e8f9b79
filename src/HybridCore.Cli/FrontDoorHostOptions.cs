using System.Net;

namespace HybridCore.Cli;

/// <summary>
/// The host side of <c>hybridcore serve</c>, bound from the <c>FrontDoor</c> configuration section (appsettings.json,
/// <c>HYBRIDCORE_</c> environment variables, then the command line). The middleware's own settings live in the same
/// section (<see cref="AspNetCore.FrontDoor.HybridFrontDoorOptions"/>) and in <c>HybridCore</c>
/// (<see cref="AspNetCore.HybridCoreOptions"/>); Kestrel's in <c>Kestrel</c>.
/// </summary>
internal sealed class FrontDoorHostOptions
{
    /// <summary>Kestrel URLs, semicolon separated.</summary>
    public string Urls { get; set; } = Commands.ServeCommand.DefaultUrls;

    /// <summary>Exchange servers that serve local mailboxes (absolute http or https URLs); empty: local mailboxes get 502.</summary>
    public List<string> Backends { get; set; } = [];

    /// <summary>YARP load-balancing policy: PowerOfTwoChoices (default), RoundRobin, LeastRequests, Random, FirstAlphabetical.</summary>
    public string LoadBalancing { get; set; } = "PowerOfTwoChoices";

    /// <summary>
    /// The path probed on each back end by the active health check. Default <c>/Microsoft-Server-ActiveSync/healthcheck.htm</c>:
    /// Exchange 2013 and later answer <c>healthcheck.htm</c> under each protocol's virtual directory with 200 while Managed
    /// Availability considers that protocol healthy on the server (the page load balancers are told to probe).
    /// </summary>
    public string HealthCheckPath { get; set; } = "/Microsoft-Server-ActiveSync/healthcheck.htm";

    /// <summary>Time between two health probes of a back end. Default 10 s.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a health probe may take. Default 5 s.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a forwarded request may go without any data in either direction. Default 61 minutes: an EAS Ping holds
    /// the request for up to its HeartbeatInterval, at most 3540 seconds ([MS-ASCMD] 2.2.3.88.1 and its product note for Exchange), and YARP's default
    /// (100 s) would cut every long Ping.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(61);

    /// <summary>How long a stopping front door waits for requests in flight. Held Pings are answered at once (Status 1) instead. Default 30 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Accept any certificate of an https back end (a test lab's self-signed one). Off by default.</summary>
    public bool AcceptAnyBackendCertificate { get; set; }

    /// <summary>The server certificate (Kestrel's default for https endpoints), or null.</summary>
    public CertificateSettings Certificate { get; set; } = new();

    /// <summary>OpenTelemetry export of traces and metrics.</summary>
    public TelemetrySettings OpenTelemetry { get; set; } = new();

    /// <summary>Problems, each a sentence; empty when the settings are usable.</summary>
    public List<string> Validate()
    {
        List<string> problems = [];
        if (string.IsNullOrWhiteSpace(Urls))
        {
            problems.Add("FrontDoor:Urls must name at least one URL to listen on.");
        }

        foreach (string backend in Backends)
        {
            if (!Uri.TryCreate(backend, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"FrontDoor:Backends: '{backend}' is not an absolute http or https URL.");
            }
            else if (uri.PathAndQuery != "/" || !string.IsNullOrEmpty(uri.UserInfo))
            {
                problems.Add($"FrontDoor:Backends: '{backend}' must be a server's scheme, host and port only (no path, query or user).");
            }
        }

        if (Backends.Count != Backends.Distinct(StringComparer.OrdinalIgnoreCase).Count())
        {
            problems.Add("FrontDoor:Backends lists the same server twice.");
        }

        if (!LoadBalancingPolicies.Contains(LoadBalancing, StringComparer.Ordinal))
        {
            problems.Add($"FrontDoor:LoadBalancing must be one of {string.Join(", ", LoadBalancingPolicies)} (was '{LoadBalancing}').");
        }

        if (!HealthCheckPath.StartsWith('/') || HealthCheckPath.Contains('?', StringComparison.Ordinal))
        {
            problems.Add($"FrontDoor:HealthCheckPath must be a path starting with '/' (was '{HealthCheckPath}').");
        }

        CheckRange(HealthCheckInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), "HealthCheckInterval", problems);
        CheckRange(HealthCheckTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), "HealthCheckTimeout", problems);
        CheckRange(RequestTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(24), "RequestTimeout", problems);
        CheckRange(ShutdownTimeout, TimeSpan.Zero, TimeSpan.FromHours(2), "ShutdownTimeout", problems);
        if (Certificate.Path is null && (Certificate.KeyPath is not null || Certificate.Password is not null))
        {
            problems.Add("FrontDoor:Certificate:KeyPath and Password need FrontDoor:Certificate:Path.");
        }

        if (OpenTelemetry.Enabled && OpenTelemetry.Endpoint is { } endpoint && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
        {
            problems.Add($"FrontDoor:OpenTelemetry:Endpoint must be an absolute URL (was '{endpoint}').");
        }

        if (OpenTelemetry.Protocol is not ("grpc" or "http/protobuf"))
        {
            problems.Add($"FrontDoor:OpenTelemetry:Protocol must be grpc or http/protobuf (was '{OpenTelemetry.Protocol}').");
        }

        return problems;
    }

    /// <summary>The load-balancing policies YARP 2.3 ships.</summary>
    public static readonly string[] LoadBalancingPolicies = ["PowerOfTwoChoices", "RoundRobin", "LeastRequests", "Random", "FirstAlphabetical"];

    private static void CheckRange(TimeSpan value, TimeSpan min, TimeSpan max, string name, List<string> problems)
    {
        if (value < min || value > max)
        {
            problems.Add($"FrontDoor:{name} must be between {min} and {max} (was {value}).");
        }
    }

    /// <summary>True for a loopback listening address (where plain http does not cross the network).</summary>
    public static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out Uri? uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip));
    }
}

/// <summary>A PFX (PKCS#12) file, or a PEM certificate with its PEM key.</summary>
internal sealed class CertificateSettings
{
    /// <summary>The certificate file: <c>.pfx</c>/<c>.p12</c>, or PEM.</summary>
    public string? Path { get; set; }

    /// <summary>The PEM private key file (PEM only; may be the certificate file itself).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PFX password, or the password of an encrypted PEM key.</summary>
    public string? Password { get; set; }
}

/// <summary>Where and whether to send OpenTelemetry data.</summary>
internal sealed class TelemetrySettings
{
    /// <summary>Export traces (ASP.NET Core, HttpClient to the back ends) and metrics (HybridCore's meter, ASP.NET Core, Kestrel). Off by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>The OTLP endpoint; null uses the exporter's default or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string Protocol { get; set; } = "grpc";
}
