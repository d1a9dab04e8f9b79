namespace HybridCore.Ldap.Tests;

public sealed class TlsTests : IDisposable
{
    private readonly SlapdServer _slapd = new(tls: true);

    public void Dispose() => _slapd.Dispose();

    private LdapDirectoryReadResult Read(LdapDirectoryOptions options)
    {
        using var connector = new LdapConnector(options);
        return new LdapDirectoryReader(connector).Read();
    }

    [Fact]
    public void Ldaps_with_the_ca_file_reads_the_directory()
    {
        LdapDirectoryOptions options = _slapd.Options(_slapd.LdapsUrl);
        options.CaCertificateFile = _slapd.CaFile;
        Assert.Equal(6, Read(options).Snapshot.Recipients.Length);
    }

    [Fact]
    public void Ldaps_without_the_ca_file_is_refused()
    {
        LdapDirectoryOptions options = _slapd.Options(_slapd.LdapsUrl);
        var e = Assert.Throws<LdapDirectoryException>(() => Read(options));
        Assert.Contains("TLS", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartTls_with_the_ca_file_reads_the_directory()
    {
        LdapDirectoryOptions options = _slapd.Options();
        options.Transport = LdapTransport.StartTls;
        options.CaCertificateFile = _slapd.CaFile;
        Assert.Equal(6, Read(options).Snapshot.Recipients.Length);
    }

    [Fact]
    public void StartTls_without_the_ca_file_is_refused()
    {
        LdapDirectoryOptions options = _slapd.Options();
        options.Transport = LdapTransport.StartTls;
        Assert.Contains("StartTLS", Assert.Throws<LdapDirectoryException>(() => Read(options)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_check_over_ldaps_binds_as_the_user()
    {
        LdapDirectoryOptions options = _slapd.Options(_slapd.LdapsUrl);
        options.CaCertificateFile = _slapd.CaFile;
        using var connector = new LdapConnector(options);
        var validator = new LdapCredentialValidator(connector, SlapdServer.BaseDn, "CONTOSO");
        Assert.Equal("user12", await validator.ValidateAsync("user12@batre.msftonlinerepro.com", SlapdServer.DemoPassword, default));
    }
}
