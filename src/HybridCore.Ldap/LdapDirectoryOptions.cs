namespace HybridCore.Ldap;

/// <summary>How TLS protects an LDAP connection.</summary>
public enum LdapTransport
{
    /// <summary>Chosen from the URL: <c>ldaps://</c> is <see cref="Ldaps"/>, <c>ldap://</c> is <see cref="StartTls"/>
    /// unless <see cref="LdapDirectoryOptions.AllowPlainLdap"/> or a loopback host makes it <see cref="Plain"/>.</summary>
    Auto = 0,

    /// <summary>TLS from the first byte (<c>ldaps://</c>, port 636 by default).</summary>
    Ldaps,

    /// <summary>The StartTLS extended operation (RFC 4511 section 4.14) on an <c>ldap://</c> connection before the bind.</summary>
    StartTls,

    /// <summary>No TLS: allowed only to loopback addresses or with <see cref="LdapDirectoryOptions.AllowPlainLdap"/>.</summary>
    Plain,
}

/// <summary>Where and how to read an Active Directory (or any LDAP server with the Exchange schema).</summary>
/// <remarks>See docs/ldap.md for the account rights and example settings.</remarks>
public sealed class LdapDirectoryOptions
{
    /// <summary>The smallest page size accepted.</summary>
    public const int MinPageSize = 10;

    /// <summary>Active Directory's default MaxPageSize: larger pages are cut to this by the server.</summary>
    public const int DefaultPageSize = 1000;

    /// <summary>The server: <c>ldaps://dc1.contoso.com</c>, <c>ldap://dc1.contoso.com:389</c>. Required.</summary>
    public Uri? Server { get; set; }

    /// <summary>How TLS is used; <see cref="LdapTransport.Auto"/> by default.</summary>
    public LdapTransport Transport { get; set; }

    /// <summary>Allows plain (unencrypted) LDAP to a host that is not a loopback address. The bind password and
    /// every user's password would cross the network in clear text; a warning is logged on each connection.</summary>
    public bool AllowPlainLdap { get; set; }

    /// <summary>A PEM file with the certificate authorities that may sign the server's certificate, in place of the
    /// system's trust store. The server certificate is always validated (name and chain); there is no option to
    /// trust every certificate.</summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>The service account's DN (or UPN, which Active Directory also accepts for a simple bind). Null binds
    /// anonymously, which Active Directory does not allow for searches by default.</summary>
    public string? BindDn { get; set; }

    /// <summary>The service account's password (read it with <see cref="LdapSecrets.ReadPassword"/>, never from a
    /// command line).</summary>
    public string? BindPassword { get; set; }

    /// <summary>Where users and contacts are searched (the domain naming context). Null: the RootDSE's
    /// <c>defaultNamingContext</c>.</summary>
    public string? BaseDn { get; set; }

    /// <summary>The configuration naming context. Null: the RootDSE's <c>configurationNamingContext</c>.</summary>
    public string? ConfigurationDn { get; set; }

    /// <summary>The NetBIOS domain name for <c>DOMAIN\user</c> logon names. Null: the <c>nETBIOSName</c> of the
    /// domain's crossRef under <c>CN=Partitions</c> of the configuration naming context, when readable.</summary>
    public string? NetBiosDomain { get; set; }

    /// <summary>Limit for connecting and binding.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Limit for each search request (each page of a paged search).</summary>
    public TimeSpan SearchTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Objects per page of an RFC 2696 paged search.</summary>
    public int PageSize { get; set; } = DefaultPageSize;

    /// <summary>Referrals are not chased unless this is set (a referral to another server would be followed with the
    /// service account's credentials).</summary>
    public bool ChaseReferrals { get; set; }

    /// <summary>Upper bound on recipients read in one load; a directory with more is an error, never a silently
    /// truncated snapshot.</summary>
    public int MaxRecipients { get; set; } = 2_000_000;

    /// <summary>Checks the options and returns the effective transport.</summary>
    /// <exception cref="LdapDirectoryException">The options are not usable; the message says why.</exception>
    public LdapTransport Validate()
    {
        if (Server is null || !Server.IsAbsoluteUri)
        {
            throw new LdapDirectoryException("An absolute ldap:// or ldaps:// server URL is required.");
        }

        bool ldaps = string.Equals(Server.Scheme, "ldaps", StringComparison.OrdinalIgnoreCase);
        if (!ldaps && !string.Equals(Server.Scheme, "ldap", StringComparison.OrdinalIgnoreCase))
        {
            throw new LdapDirectoryException($"The server URL '{Server}' must start with ldap:// or ldaps://.");
        }

        if (!string.IsNullOrEmpty(Server.UserInfo) || Server.AbsolutePath.Length > 1 || !string.IsNullOrEmpty(Server.Query))
        {
            throw new LdapDirectoryException($"The server URL '{Server}' must be scheme://host[:port] only (give base DNs with their own options).");
        }

        if (PageSize < MinPageSize)
        {
            throw new LdapDirectoryException($"The page size must be at least {MinPageSize} (was {PageSize}).");
        }

        if (ConnectTimeout <= TimeSpan.Zero || SearchTimeout <= TimeSpan.Zero)
        {
            throw new LdapDirectoryException("The connect and search timeouts must be positive.");
        }

        if (CaCertificateFile is not null && !File.Exists(CaCertificateFile))
        {
            throw new LdapDirectoryException($"The CA certificate file '{CaCertificateFile}' does not exist.");
        }

        if (BindDn is not null && string.IsNullOrEmpty(BindPassword))
        {
            throw new LdapDirectoryException($"The bind DN '{BindDn}' has no password (an empty password would make an unauthenticated bind, RFC 4513 section 5.1.2).");
        }

        LdapTransport transport = Transport;
        if (transport == LdapTransport.Auto)
        {
            transport = ldaps ? LdapTransport.Ldaps : IsLoopback || AllowPlainLdap ? LdapTransport.Plain : LdapTransport.StartTls;
        }

        if (transport == LdapTransport.Ldaps && !ldaps)
        {
            throw new LdapDirectoryException($"LDAPS needs an ldaps:// URL (was '{Server}').");
        }

        if (transport != LdapTransport.Ldaps && ldaps)
        {
            throw new LdapDirectoryException($"An ldaps:// URL already uses TLS; {transport} does not apply.");
        }

        if (transport == LdapTransport.Plain && !IsLoopback && !AllowPlainLdap)
        {
            throw new LdapDirectoryException($"Plain LDAP to '{Server.Host}' would send passwords unencrypted; use ldaps:// or StartTLS, or opt in explicitly to plain LDAP.");
        }

        return transport;
    }

    /// <summary>The port from the URL or the scheme's default (389, 636).</summary>
    public int Port => Server is null ? 0 : Server.IsDefaultPort || Server.Port <= 0
        ? (string.Equals(Server.Scheme, "ldaps", StringComparison.OrdinalIgnoreCase) ? 636 : 389)
        : Server.Port;

    /// <summary>True when the server is a loopback address or <c>localhost</c>.</summary>
    public bool IsLoopback
    {
        get
        {
            if (Server is null)
            {
                return false;
            }

            string host = Server.IdnHost.Trim('[', ']');
            return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
                || (System.Net.IPAddress.TryParse(host, out System.Net.IPAddress? ip) && System.Net.IPAddress.IsLoopback(ip));
        }
    }

    /// <summary>A copy (the refresh service and the credential validator keep their own).</summary>
    public LdapDirectoryOptions Clone() => (LdapDirectoryOptions)MemberwiseClone();
}
