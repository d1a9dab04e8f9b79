using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace HybridCore.Ldap.Tests;

/// <summary>
/// A real OpenLDAP slapd for one test class: a throw-away mdb database in a temporary directory, filled offline with
/// slapadd, listening on free loopback ports (ldap:// and, with TLS, ldaps://), stopped and deleted on dispose.
/// slapd comes from the Debian package installed by .ci/install-deps; without it the tests fail with that hint.
/// </summary>
public sealed class SlapdServer : IDisposable
{
    public const string BaseDn = "dc=batre,dc=msftonlinerepro,dc=com";
    public const string ConfigDn = "cn=Configuration," + BaseDn;
    public const string RootDn = "cn=admin," + BaseDn;
    public const string RootPassword = "admin-S3cret";
    public const string ServiceDn = "cn=svc-hybridcore,cn=Users," + BaseDn;
    public const string ServicePassword = "svc-S3cret!";
    public const string DemoPassword = "P@ssw0rd-demo";
    public const string FederationDn = "cn=Federation,cn=Batre,cn=Microsoft Exchange,cn=Services," + ConfigDn;
    public const string UsersDn = "cn=Users," + BaseDn;

    private const string Slapd = "/usr/sbin/slapd";
    private const string Slapadd = "/usr/sbin/slapadd";
    private readonly string _dir;
    private Process? _process;
    private readonly StringBuilder _log = new();

    public SlapdServer(string? ldifFile = null, bool tls = false, string sizeLimit = "unlimited", string? extraLdif = null)
    {
        if (!File.Exists(Slapd) || !File.Exists(Slapadd))
        {
            throw new InvalidOperationException($"{Slapd} is not installed: the LDAP tests need a real OpenLDAP server (Debian packages slapd and ldap-utils; run .ci/install-deps as root).");
        }

        _dir = Path.Combine(Path.GetTempPath(), "hybridcore-slapd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_dir, "db"));
        string here = AppContext.BaseDirectory;
        File.Copy(Path.Combine(here, "Slapd", "hybridcore-ad.schema"), Path.Combine(_dir, "hybridcore-ad.schema"));
        var tlsConf = new StringBuilder();
        if (tls)
        {
            WriteCertificates();
            tlsConf.AppendLine($"TLSCACertificateFile {Path.Combine(_dir, "ca.pem")}");
            tlsConf.AppendLine($"TLSCertificateFile {Path.Combine(_dir, "server.pem")}");
            tlsConf.AppendLine($"TLSCertificateKeyFile {Path.Combine(_dir, "server.key")}");
        }

        File.WriteAllText(Path.Combine(_dir, "slapd.conf"), $"""
            include /etc/ldap/schema/core.schema
            include /etc/ldap/schema/cosine.schema
            include /etc/ldap/schema/inetorgperson.schema
            include {_dir}/hybridcore-ad.schema
            pidfile {_dir}/slapd.pid
            argsfile {_dir}/slapd.args
            modulepath /usr/lib/ldap
            moduleload back_mdb
            # Like Active Directory: a simple bind with a DN and an empty password is an unauthenticated bind that
            # succeeds (RFC 4513 section 5.1.2), so the tests can show the validator never makes one.
            allow bind_anon_dn
            sizelimit {sizeLimit}
            {tlsConf}
            database mdb
            maxsize 4294967296
            suffix "{BaseDn}"
            rootdn "{RootDn}"
            rootpw {RootPassword}
            directory {_dir}/db
            index objectClass eq
            index userPrincipalName,sAMAccountName,proxyAddresses eq
            access to attrs=userPassword by anonymous auth by * none
            access to * by dn.exact="{ServiceDn}" read by * none
            """);
        string ldif = ldifFile ?? Path.Combine(here, "Slapd", "demo-lab.ldif");
        Run(Slapadd, $"-q -f {_dir}/slapd.conf -l {ldif}");
        if (extraLdif is not null)
        {
            string extra = Path.Combine(_dir, "extra.ldif");
            File.WriteAllText(extra, extraLdif);
            Run(Slapadd, $"-q -f {_dir}/slapd.conf -l {extra}");
        }

        Start();
    }

    public int Port { get; private set; }

    public int TlsPort { get; private set; }

    public Uri Url => new($"ldap://127.0.0.1:{Port}");

    public Uri LdapsUrl => new($"ldaps://127.0.0.1:{TlsPort}");

    public string CaFile => Path.Combine(_dir, "ca.pem");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Options for the demo lab over plain loopback LDAP.</summary>
    public LdapDirectoryOptions Options(Uri? url = null) => new()
    {
        Server = url ?? Url,
        BindDn = ServiceDn,
        BindPassword = ServicePassword,
        BaseDn = BaseDn,
        ConfigurationDn = ConfigDn,
        PageSize = 10,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        SearchTimeout = TimeSpan.FromSeconds(30),
    };

    public void Start()
    {
        for (int attempt = 0; ; attempt++)
        {
            if (Port == 0)
            {
                Port = FreePort();
                TlsPort = FreePort();
            }

            var psi = new ProcessStartInfo(Slapd)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (string a in new[] { "-d", "0", "-h", $"ldap://127.0.0.1:{Port}/ ldaps://127.0.0.1:{TlsPort}/", "-f", Path.Combine(_dir, "slapd.conf") })
            {
                psi.ArgumentList.Add(a);
            }

            _process = Process.Start(psi)!;
            _process.ErrorDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
            _process.OutputDataReceived += (_, e) => { lock (_log) { _log.AppendLine(e.Data); } };
            _process.BeginErrorReadLine();
            _process.BeginOutputReadLine();
            var until = DateTime.UtcNow.AddSeconds(15);
            while (DateTime.UtcNow < until && !_process.HasExited)
            {
                try
                {
                    using var probe = new TcpClient();
                    probe.Connect(IPAddress.Loopback, Port);
                    return;
                }
                catch (SocketException)
                {
                    Thread.Sleep(50);
                }
            }

            Stop();
            if (attempt >= 2)
            {
                throw new InvalidOperationException("slapd did not start: " + Log);
            }

            Port = 0;
        }
    }

    public void Stop()
    {
        if (_process is { } p)
        {
            if (!p.HasExited)
            {
                p.Kill();
                p.WaitForExit(10_000);
            }

            p.Dispose();
            _process = null;
        }
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>A connection bound as the root DN, to change the directory while a test runs.</summary>
    public LdapConnection Admin()
    {
        var c = new LdapConnection(new LdapDirectoryIdentifier("127.0.0.1", Port)) { AuthType = AuthType.Basic };
        c.SessionOptions.ProtocolVersion = 3;
        c.Bind(new NetworkCredential(RootDn, RootPassword));
        return c;
    }

    public void Add(string dn, params (string Name, string[] Values)[] attributes)
    {
        using LdapConnection c = Admin();
        var request = new AddRequest(dn);
        foreach ((string name, string[] values) in attributes)
        {
            request.Attributes.Add(new DirectoryAttribute(name, values));
        }

        c.SendRequest(request);
    }

    public void Replace(string dn, string attribute, params string[] values)
    {
        using LdapConnection c = Admin();
        c.SendRequest(new ModifyRequest(dn, DirectoryAttributeOperation.Replace, attribute, values));
    }

    public void Delete(string dn)
    {
        using LdapConnection c = Admin();
        c.SendRequest(new DeleteRequest(dn));
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Run(string file, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {args} failed ({p.ExitCode}): {err}");
        }
    }

    private void WriteCertificates()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=HybridCore test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using X509Certificate2 server = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
        File.WriteAllText(Path.Combine(_dir, "ca.pem"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_dir, "server.pem"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_dir, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
