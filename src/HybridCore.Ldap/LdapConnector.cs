using System.DirectoryServices.Protocols;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridCore.Ldap;

/// <summary>
/// Opens LDAP connections as <see cref="LdapDirectoryOptions"/> say: LDAPS or StartTLS with the server certificate
/// validated (against <see cref="LdapDirectoryOptions.CaCertificateFile"/> when given), plain LDAP only to loopback
/// or by explicit opt-in, LDAP v3, referrals not chased, timeouts on connect and on each request.
/// </summary>
/// <remarks>
/// On Linux, System.DirectoryServices.Protocols runs on OpenLDAP's libldap, which validates the certificate itself:
/// a CA file is handed to it as a private trusted-certificates directory (a copy of the file, made here) with a new TLS
/// context per connection. libldap's default is to demand a valid certificate; an <c>LDAPTLS_REQCERT</c> environment
/// variable or <c>TLS_REQCERT</c> in ldap.conf that weakens this is refused (see docs/ldap.md).
/// </remarks>
public sealed class LdapConnector : IDisposable
{
    private readonly LdapDirectoryOptions _options;
    private readonly ILogger _logger;
    private readonly string? _caDirectory;
    private bool _warnedPlain;

    /// <summary>Checks the options and prepares the trusted-CA directory.</summary>
    /// <exception cref="LdapDirectoryException">The options are not usable.</exception>
    public LdapConnector(LdapDirectoryOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _logger = logger ?? NullLogger.Instance;
        Transport = _options.Validate();
        string? reqcert = Environment.GetEnvironmentVariable("LDAPTLS_REQCERT");
        if (Transport != LdapTransport.Plain && reqcert is not null && !string.Equals(reqcert.Trim(), "demand", StringComparison.OrdinalIgnoreCase) && !string.Equals(reqcert.Trim(), "hard", StringComparison.OrdinalIgnoreCase))
        {
            throw new LdapDirectoryException($"LDAPTLS_REQCERT={reqcert} would let libldap accept server certificates it cannot validate; unset it (give a CA file instead).");
        }

        if (_options.CaCertificateFile is { } ca)
        {
            _caDirectory = Path.Combine(Path.GetTempPath(), "hybridcore-ldap-ca-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_caDirectory);
            try
            {
                File.Copy(ca, Path.Combine(_caDirectory, "ca.pem"));
            }
            catch (IOException e)
            {
                throw new LdapDirectoryException($"Cannot read the CA certificate file '{ca}': {e.Message}", e);
            }
        }
    }

    /// <summary>The effective transport.</summary>
    public LdapTransport Transport { get; }

    /// <summary>The options (a copy).</summary>
    public LdapDirectoryOptions Options => _options;

    /// <summary>Opens a connection and binds with the service account (<see cref="LdapDirectoryOptions.BindDn"/>).</summary>
    /// <exception cref="LdapDirectoryException">The server cannot be reached, TLS fails or the bind is refused.</exception>
    public LdapConnection OpenServiceConnection()
    {
        LdapConnection connection = Create();
        try
        {
            if (_options.BindDn is null)
            {
                connection.AuthType = AuthType.Anonymous;
                connection.Bind();
            }
            else
            {
                connection.Bind(new NetworkCredential(_options.BindDn, _options.BindPassword));
            }

            return connection;
        }
        catch (LdapException e)
        {
            connection.Dispose();
            throw Describe(e, _options.BindDn is null ? "anonymous bind" : $"bind as the service account '{_options.BindDn}'");
        }
        catch (DirectoryOperationException e)
        {
            connection.Dispose();
            throw new LdapDirectoryException($"The server refused the service account bind: {e.Message}", e);
        }
    }

    /// <summary>Opens a connection (TLS established, not bound).</summary>
    /// <exception cref="LdapDirectoryException">The server cannot be reached or TLS fails.</exception>
    public LdapConnection Create()
    {
        if (Transport == LdapTransport.Plain && !_options.IsLoopback && !_warnedPlain)
        {
            _warnedPlain = true;
            _logger.LogWarning("Plain LDAP to {Server}: the service account's and users' passwords cross the network unencrypted (explicit opt-in).", _options.Server);
        }

        var identifier = new LdapDirectoryIdentifier(_options.Server!.IdnHost.Trim('[', ']'), _options.Port, fullyQualifiedDnsHostName: true, connectionless: false);
        var connection = new LdapConnection(identifier)
        {
            AuthType = AuthType.Basic,
            Timeout = _options.ConnectTimeout,
            AutoBind = false,
        };
        try
        {
            LdapSessionOptions session = connection.SessionOptions;
            session.ProtocolVersion = 3;
            session.ReferralChasing = _options.ChaseReferrals ? ReferralChasingOptions.All : ReferralChasingOptions.None;
            if (Transport != LdapTransport.Plain && _caDirectory is not null && OperatingSystem.IsLinux())
            {
                session.TrustedCertificatesDirectory = _caDirectory;
                session.StartNewTlsSessionContext();
            }

            if (Transport == LdapTransport.Ldaps)
            {
                session.SecureSocketLayer = true;
            }
            else if (Transport == LdapTransport.StartTls)
            {
                // System.DirectoryServices.Protocols on Linux connects on the first bind; StartTLS on a connection that
                // is not yet open would go to libldap's default server. An anonymous bind (no credentials sent)
                // opens it, then TLS starts before any credential is sent.
                if (OperatingSystem.IsLinux())
                {
                    connection.AuthType = AuthType.Anonymous;
                    connection.Bind();
                    connection.AuthType = AuthType.Basic;
                }

                session.StartTransportLayerSecurity(null);
            }

            return connection;
        }
        catch (LdapException e)
        {
            connection.Dispose();
            throw Describe(e, Transport == LdapTransport.StartTls ? "StartTLS" : "connect");
        }
        catch (DirectoryOperationException e)
        {
            connection.Dispose();
            throw new LdapDirectoryException($"StartTLS to {_options.Server} failed: {e.Message}", e);
        }
    }

    /// <summary>An <see cref="LdapDirectoryException"/> that says what was being done and what LDAP answered.</summary>
    internal LdapDirectoryException Describe(LdapException e, string what)
    {
        string detail = string.IsNullOrEmpty(e.ServerErrorMessage) ? e.Message : $"{e.Message} ({e.ServerErrorMessage})";
        string hint = e.ErrorCode switch
        {
            49 => " The service account's DN or password is wrong.",
            81 or 91 => Transport == LdapTransport.Plain ? " The server is unreachable." : " The server is unreachable or the TLS handshake failed (is the certificate signed by a trusted CA, and does its name match the URL's host?).",
            85 => " The operation timed out.",
            _ => string.Empty,
        };
        return new LdapDirectoryException($"LDAP {what} to {_options.Server} failed: {detail} [LDAP error {e.ErrorCode}].{hint}", e);
    }

    /// <summary>Deletes the private CA directory.</summary>
    public void Dispose()
    {
        if (_caDirectory is not null)
        {
            try
            {
                Directory.Delete(_caDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
