using System.CommandLine;
using HybridCore.Ldap;

namespace HybridCore.Cli;

/// <summary>The options shared by <c>directory export</c> and <c>serve</c> that point at an LDAP directory (Active
/// Directory). The bind password comes from a file or an environment variable, never from the command line.</summary>
internal sealed class LdapCliOptions
{
    public Option<Uri?> Ldap { get; } = new("--ldap")
    {
        Description = "Read the directory from Active Directory over LDAP: ldaps://dc1.contoso.com, or ldap://host (StartTLS; plain only to loopback or with --allow-plain-ldap).",
        CustomParser = r =>
        {
            string text = r.Tokens.Single().Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && (uri.Scheme is "ldap" or "ldaps"))
            {
                return uri;
            }

            r.AddError($"--ldap must be an ldap:// or ldaps:// URL (was '{text}').");
            return null;
        },
    };

    public Option<string?> BindDn { get; } = new("--bind-dn") { Description = "The service account's DN (or UPN) for the LDAP bind. Default: anonymous." };

    public Option<FileInfo?> BindPasswordFile { get; } = new("--bind-password-file") { Description = "File whose first line is the service account's password." };

    public Option<string?> BindPasswordEnv { get; } = new("--bind-password-env") { Description = "Environment variable holding the service account's password (default HYBRIDCORE_LDAP_PASSWORD when --bind-dn is given and no file is)." };

    public Option<string?> BaseDn { get; } = new("--base-dn") { Description = "Where recipients are searched. Default: the RootDSE's defaultNamingContext." };

    public Option<string?> ConfigDn { get; } = new("--config-dn") { Description = "The configuration naming context (organization relationships). Default: the RootDSE's configurationNamingContext." };

    public Option<string?> NetBiosDomain { get; } = new("--netbios-domain") { Description = "NetBIOS domain for DOMAIN\\user logon names. Default: read from CN=Partitions." };

    public Option<FileInfo?> CaFile { get; } = new("--ca-file") { Description = "PEM file of the CA(s) that sign the LDAP server's certificate (instead of the system trust store)." };

    public Option<bool> StartTls { get; } = new("--starttls") { Description = "Use StartTLS on an ldap:// URL even to a loopback address." };

    public Option<bool> AllowPlainLdap { get; } = new("--allow-plain-ldap") { Description = "Allow unencrypted LDAP to a non-loopback host (passwords cross the network in clear text)." };

    public Option<int> Timeout { get; } = new("--ldap-timeout")
    {
        Description = "Seconds allowed for connecting and for each search page.",
        DefaultValueFactory = _ => 30,
    };

    public const string DefaultPasswordVariable = "HYBRIDCORE_LDAP_PASSWORD";

    public void AddTo(Command command)
    {
        foreach (Option o in new Option[] { Ldap, BindDn, BindPasswordFile, BindPasswordEnv, BaseDn, ConfigDn, NetBiosDomain, CaFile, StartTls, AllowPlainLdap, Timeout })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>The LDAP options, or null without <c>--ldap</c>.</summary>
    /// <exception cref="CliUserException">The options do not fit together.</exception>
    public LdapDirectoryOptions? Read(ParseResult parse)
    {
        Uri? server = parse.GetValue(Ldap);
        if (server is null)
        {
            return null;
        }

        string? bindDn = parse.GetValue(BindDn);
        string? password;
        try
        {
            string? env = parse.GetValue(BindPasswordEnv) ?? (bindDn is not null && parse.GetValue(BindPasswordFile) is null ? DefaultPasswordVariable : null);
            password = LdapSecrets.ReadPassword(parse.GetValue(BindPasswordFile)?.FullName, env);
        }
        catch (LdapDirectoryException e)
        {
            throw new CliUserException(e.Message, e);
        }

        int timeout = parse.GetValue(Timeout);
        if (timeout <= 0)
        {
            throw new CliUserException($"--ldap-timeout must be a positive number of seconds (was {timeout}).");
        }

        var options = new LdapDirectoryOptions
        {
            Server = server,
            BindDn = bindDn,
            BindPassword = password,
            BaseDn = parse.GetValue(BaseDn),
            ConfigurationDn = parse.GetValue(ConfigDn),
            NetBiosDomain = parse.GetValue(NetBiosDomain),
            CaCertificateFile = parse.GetValue(CaFile)?.FullName,
            Transport = parse.GetValue(StartTls) ? LdapTransport.StartTls : LdapTransport.Auto,
            AllowPlainLdap = parse.GetValue(AllowPlainLdap),
            ConnectTimeout = TimeSpan.FromSeconds(timeout),
            SearchTimeout = TimeSpan.FromSeconds(timeout),
        };
        try
        {
            options.Validate();
        }
        catch (LdapDirectoryException e)
        {
            throw new CliUserException(e.Message, e);
        }

        return options;
    }
}
