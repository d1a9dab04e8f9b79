using HybridCore.DirectoryModel;

namespace HybridCore.Ldap.Tests;

public sealed class ReaderTests : IDisposable
{
    private readonly SlapdServer _slapd = new();

    public void Dispose() => _slapd.Dispose();

    private LdapDirectoryReadResult Read(LdapDirectoryOptions? options = null)
    {
        using var connector = new LdapConnector(options ?? _slapd.Options());
        return new LdapDirectoryReader(connector).Read();
    }

    [Fact]
    public void Reads_the_demo_lab_like_the_embedded_demo_directory()
    {
        LdapDirectoryReadResult result = Read();
        Assert.Equal("CONTOSO", result.NetBiosDomain);
        Assert.Equal(0, result.SkippedCount);
        DirectorySnapshot demo = HybridCore.Cli.HybridDirectoryFile.Parse(HybridCore.Cli.DirectoryLoader.ReadDemoBytes()).Snapshot;
        Assert.Equal(demo.Recipients.OrderBy(r => r.Identity, StringComparer.Ordinal), result.Snapshot.Recipients.OrderBy(r => r.Identity, StringComparer.Ordinal));
        OrganizationRelationship hcw = Assert.Single(result.Snapshot.Relationships, r => r.Name == "On Premises to O365");
        Assert.Equal("batre.mail.onmicrosoft.com", Assert.Single(hcw.DomainNames).Value);
        Assert.Equal("https://outlook.com/owa/batre.msftonlinerepro.com", hcw.TargetOwaUrl!.OriginalString);
        Assert.True(hcw.MailboxMoveEnabled);
        Assert.True(hcw.Enabled);
        Assert.Equal("outlook.com", hcw.TargetApplicationUri);
        OrganizationRelationship manual = Assert.Single(result.Snapshot.Relationships, r => r.Name == "Contoso tenant (no OWA URL)");
        Assert.Null(manual.TargetOwaUrl);
        Assert.False(manual.MailboxMoveEnabled);
    }

    [Fact]
    public void Paging_reads_every_page()
    {
        for (int i = 0; i < 35; i++)
        {
            _slapd.Add($"cn=bulk{i},{SlapdServer.UsersDn}",
                ("objectClass", ["user"]), ("cn", [$"bulk{i}"]), ("sAMAccountName", [$"bulk{i}"]),
                ("proxyAddresses", [$"SMTP:bulk{i}@batre.msftonlinerepro.com"]), ("targetAddress", [$"SMTP:bulk{i}@batre.mail.onmicrosoft.com"]),
                ("msExchRecipientTypeDetails", ["2147483648"]));
        }

        var pages = new List<int>();
        var options = _slapd.Options();
        options.PageSize = 10;
        using var connector = new LdapConnector(options);
        LdapDirectoryReadResult result = new LdapDirectoryReader(connector).Read(new SyncProgress(pages));
        Assert.Equal(41, result.Snapshot.Recipients.Length);
        Assert.Equal(44, result.ObjectsRead);

        // 41 entries in pages of 10: progress after each of the 5 pages, then the final count.
        Assert.Equal([10, 20, 30, 40, 41, 41], pages);
        Assert.IsType<RemoteMailbox>(result.Snapshot.RecipientIndex.Find("bulk33@batre.msftonlinerepro.com").Recipient);
    }

    [Fact]
    public void A_server_size_limit_is_an_error_never_a_truncated_directory()
    {
        using var limited = new SlapdServer(sizeLimit: "size.soft=3 size.hard=3 size.prtotal=3");
        LdapDirectoryOptions options = limited.Options();
        options.PageSize = 10;
        using var connector = new LdapConnector(options);
        var e = Assert.Throws<LdapDirectoryException>(() => new LdapDirectoryReader(connector).Read());
        Assert.Contains("SizeLimitExceeded", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_entry_is_left_out_and_reported()
    {
        _slapd.Add($"cn=broken,{SlapdServer.UsersDn}",
            ("objectClass", ["user"]), ("cn", ["broken"]), ("sAMAccountName", ["broken"]),
            ("proxyAddresses", ["SMTP:not an address"]), ("msExchRecipientTypeDetails", ["1"]));
        _slapd.Add($"cn=group,{SlapdServer.UsersDn}",
            ("objectClass", ["user"]), ("cn", ["group"]), ("msExchRecipientTypeDetails", ["256"]));
        LdapDirectoryReadResult result = Read();
        Assert.Equal(6, result.Snapshot.Recipients.Length);
        Assert.Equal(2, result.SkippedCount);
        Assert.Contains(result.Skipped, s => s.StartsWith("cn=broken", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(result.Skipped, s => s.Contains("256", StringComparison.Ordinal));
    }

    [Fact]
    public void Mail_users_and_contacts_map_their_target_address_to_the_external_address()
    {
        _slapd.Add($"cn=partner,{SlapdServer.UsersDn}",
            ("objectClass", ["contact"]), ("cn", ["partner"]), ("mail", ["partner@fabrikam.com"]),
            ("targetAddress", ["SMTP:partner@fabrikam.com"]), ("msExchRecipientTypeDetails", ["64"]));
        _slapd.Add($"cn=cutover1,{SlapdServer.UsersDn}",
            ("objectClass", ["user"]), ("cn", ["cutover1"]), ("sAMAccountName", ["cutover1"]),
            ("proxyAddresses", ["SMTP:cutover1@batre.msftonlinerepro.com"]),
            ("targetAddress", ["SMTP:cutover1@batre.mail.onmicrosoft.com"]), ("msExchRecipientTypeDetails", ["128"]));
        LdapDirectoryReadResult result = Read();
        MailUser contact = Assert.IsType<MailUser>(result.Snapshot.RecipientIndex.Find("partner@fabrikam.com").Recipient);
        Assert.Equal(RecipientKind.MailContact, contact.Kind);
        Assert.Equal("partner@fabrikam.com", contact.ExternalEmailAddress!.Smtp!.Value);
        MailUser user = Assert.IsType<MailUser>(result.Snapshot.RecipientIndex.Find("CONTOSO\\cutover1").Recipient);
        Assert.Equal(RecipientKind.MailUser, user.Kind);
    }

    [Fact]
    public void Without_explicit_naming_contexts_the_rootdse_is_asked_and_openldap_has_none()
    {
        LdapDirectoryOptions options = _slapd.Options();
        options.BaseDn = null;
        var e = Assert.Throws<LdapDirectoryException>(() => Read(options));
        Assert.Contains("defaultNamingContext", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_service_password_is_an_error_that_says_so()
    {
        LdapDirectoryOptions options = _slapd.Options();
        options.BindPassword = "wrong";
        var e = Assert.Throws<LdapDirectoryException>(() => Read(options));
        Assert.Contains("service account", e.Message, StringComparison.Ordinal);
        Assert.Contains("49", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stopped_server_is_an_error()
    {
        _slapd.Stop();
        var e = Assert.Throws<LdapDirectoryException>(() => Read());
        Assert.Contains("unreachable", e.Message, StringComparison.Ordinal);
    }

    private sealed class SyncProgress(List<int> values) : IProgress<int>
    {
        public void Report(int value) => values.Add(value);
    }
}
