namespace HybridCore.Ldap.Tests;

public sealed class OptionsTests
{
    [Theory]
    [InlineData("ldap://127.0.0.1:389", LdapTransport.Plain)]
    [InlineData("ldap://localhost", LdapTransport.Plain)]
    [InlineData("ldap://[::1]:3890", LdapTransport.Plain)]
    [InlineData("ldap://dc1.contoso.com", LdapTransport.StartTls)]
    [InlineData("ldaps://dc1.contoso.com", LdapTransport.Ldaps)]
    public void Auto_transport_is_plain_only_to_loopback(string url, LdapTransport expected)
    {
        Assert.Equal(expected, new LdapDirectoryOptions { Server = new Uri(url) }.Validate());
    }

    [Fact]
    public void Plain_ldap_to_a_remote_host_needs_the_opt_in()
    {
        var options = new LdapDirectoryOptions { Server = new Uri("ldap://dc1.contoso.com"), Transport = LdapTransport.Plain };
        var e = Assert.Throws<LdapDirectoryException>(() => options.Validate());
        Assert.Contains("unencrypted", e.Message, StringComparison.Ordinal);
        options.AllowPlainLdap = true;
        Assert.Equal(LdapTransport.Plain, options.Validate());
    }

    [Theory]
    [InlineData("http://dc1.contoso.com")]
    [InlineData("ldap://user:pw@dc1.contoso.com")]
    [InlineData("ldap://dc1.contoso.com/dc=contoso,dc=com")]
    public void Urls_other_than_scheme_host_port_are_refused(string url)
    {
        Assert.Throws<LdapDirectoryException>(() => new LdapDirectoryOptions { Server = new Uri(url) }.Validate());
    }

    [Fact]
    public void A_bind_dn_without_a_password_is_refused()
    {
        var options = new LdapDirectoryOptions { Server = new Uri("ldaps://dc1"), BindDn = "cn=svc" };
        Assert.Contains("unauthenticated", Assert.Throws<LdapDirectoryException>(() => options.Validate()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_password_comes_from_the_first_line_of_a_file_or_an_environment_variable()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "s3cret pass\n");
            Assert.Equal("s3cret pass", LdapSecrets.ReadPassword(file, null));
            File.WriteAllText(file, "\n");
            Assert.Throws<LdapDirectoryException>(() => LdapSecrets.ReadPassword(file, null));
        }
        finally
        {
            File.Delete(file);
        }

        string name = "HYBRIDCORE_TEST_LDAP_PW_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "from-env");
        try
        {
            Assert.Equal("from-env", LdapSecrets.ReadPassword(null, name));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        Assert.Throws<LdapDirectoryException>(() => LdapSecrets.ReadPassword(null, name));
        Assert.Null(LdapSecrets.ReadPassword(null, null));
    }

    [Theory]
    [InlineData("a*b", "a\\2ab")]
    [InlineData("(x)", "\\28x\\29")]
    [InlineData("back\\slash", "back\\5cslash")]
    [InlineData("nul\0", "nul\\00")]
    [InlineData("é", "\\c3\\a9")]
    public void Filter_values_are_escaped(string value, string expected) => Assert.Equal(expected, LdapFilter.Escape(value));
}
