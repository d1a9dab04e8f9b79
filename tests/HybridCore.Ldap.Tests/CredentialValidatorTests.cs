using System.DirectoryServices.Protocols;
using System.Net;

namespace HybridCore.Ldap.Tests;

public sealed class CredentialValidatorTests : IDisposable
{
    private readonly SlapdServer _slapd = new();
    private readonly LdapConnector _connector;
    private readonly LdapCredentialValidator _validator;

    public CredentialValidatorTests()
    {
        _connector = new LdapConnector(_slapd.Options());
        _validator = new LdapCredentialValidator(_connector, SlapdServer.BaseDn, "CONTOSO") { SuccessCacheDuration = TimeSpan.Zero };
    }

    public void Dispose()
    {
        _connector.Dispose();
        _slapd.Dispose();
    }

    private string? Check(string user, string password) => Run(_validator, user, password);

    private static string? Run(LdapCredentialValidator validator, string user, string password) =>
        Task.Run(async () => await validator.ValidateAsync(user, password, default)).GetAwaiter().GetResult();

    [Theory]
    [InlineData("user12@batre.msftonlinerepro.com")]
    [InlineData("CONTOSO\\user12")]
    [InlineData("contoso\\USER12")]
    [InlineData("user12")]
    [InlineData("user12@batre.mail.onmicrosoft.com")]
    public void The_right_password_logs_on_by_upn_logon_name_bare_name_or_smtp_address(string user)
    {
        Assert.Equal("user12", Check(user, SlapdServer.DemoPassword));
    }

    [Fact]
    public void A_wrong_password_and_an_unknown_user_get_the_same_answer_and_both_cost_a_bind()
    {
        int before = _validator.UserBinds;
        Assert.Null(Check("user12@batre.msftonlinerepro.com", "wrong"));
        Assert.Null(Check("nobody@batre.msftonlinerepro.com", SlapdServer.DemoPassword));
        Assert.Equal(before + 2, _validator.UserBinds);
    }

    [Fact]
    public void A_foreign_netbios_domain_is_refused()
    {
        Assert.Null(Check("FABRIKAM\\user12", SlapdServer.DemoPassword));
    }

    [Fact]
    public void An_empty_password_is_refused_before_any_bind_although_the_server_would_accept_it()
    {
        // The server (like AD) answers a DN + empty password simple bind with success: an unauthenticated bind,
        // RFC 4513 section 5.1.2. Show that, then show the validator never gets there.
        using (var raw = new LdapConnection(new LdapDirectoryIdentifier("127.0.0.1", _slapd.Port)) { AuthType = AuthType.Basic })
        {
            raw.SessionOptions.ProtocolVersion = 3;
            raw.Bind(new NetworkCredential("cn=user12," + SlapdServer.UsersDn, string.Empty));
        }

        int before = _validator.UserBinds;
        Assert.Null(Check("user12@batre.msftonlinerepro.com", string.Empty));
        Assert.Equal(before, _validator.UserBinds);
    }

    [Fact]
    public void Filter_metacharacters_in_the_user_name_do_not_widen_the_search()
    {
        Assert.Null(Check("*", SlapdServer.DemoPassword));
        Assert.Null(Check("user1*", SlapdServer.DemoPassword));
        Assert.Null(Check("*)(sAMAccountName=user12", SlapdServer.DemoPassword));
    }

    [Fact]
    public void A_server_that_is_down_is_an_error_never_a_logon()
    {
        _slapd.Stop();
        Assert.Throws<LdapDirectoryException>(() => Check("user12@batre.msftonlinerepro.com", SlapdServer.DemoPassword));
    }

    [Fact]
    public void A_wrong_service_password_is_an_error_never_a_logon()
    {
        LdapDirectoryOptions options = _slapd.Options();
        options.BindPassword = "wrong";
        using var connector = new LdapConnector(options);
        var validator = new LdapCredentialValidator(connector, SlapdServer.BaseDn, "CONTOSO");
        Assert.Throws<LdapDirectoryException>(() => Run(validator, "user12", SlapdServer.DemoPassword));
    }

    [Fact]
    public void A_password_change_in_the_directory_applies_to_the_next_check()
    {
        Assert.Equal("user12", Check("user12", SlapdServer.DemoPassword));
        _slapd.Replace("cn=user12," + SlapdServer.UsersDn, "userPassword", "N3w-password");
        Assert.Null(Check("user12", SlapdServer.DemoPassword));
        Assert.Equal("user12", Check("user12", "N3w-password"));
    }
}
