using HybridCore.DirectoryModel;

namespace HybridCore.Ldap.Tests;

/// <summary>Entries read from a real directory server that take what an entry read before them has: each is left out
/// and reported, and the rest of the directory loads.</summary>
public sealed class ReaderConflictTests : IDisposable
{
    private readonly SlapdServer _slapd = new();

    public void Dispose() => _slapd.Dispose();

    [Fact]
    public void A_recipient_and_a_relationship_that_take_an_earlier_entrys_address_or_domain_are_left_out_and_reported()
    {
        _slapd.Add($"cn=dup12,{SlapdServer.UsersDn}",
            ("objectClass", ["user"]), ("cn", ["dup12"]), ("sAMAccountName", ["dup12"]),
            ("proxyAddresses", ["SMTP:dup12@batre.msftonlinerepro.com", "smtp:USER12@batre.mail.onmicrosoft.com"]),
            ("targetAddress", ["SMTP:dup12@batre.mail.onmicrosoft.com"]), ("msExchRecipientTypeDetails", ["2147483648"]));
        _slapd.Add($"cn=Second tenant,{SlapdServer.FederationDn}",
            ("objectClass", ["msExchFedSharingRelationship"]), ("cn", ["Second tenant"]),
            ("msExchFedDomainNames", ["fabrikam.mail.onmicrosoft.com", "Batre.Mail.OnMicrosoft.com"]),
            ("msExchFedTargetOWAURL", ["https://outlook.com/owa/fabrikam.com"]), ("msExchFedIsEnabled", ["TRUE"]));

        using var connector = new LdapConnector(_slapd.Options());
        LdapDirectoryReadResult result = new LdapDirectoryReader(connector).Read();

        Assert.Equal(2, result.SkippedCount);
        Assert.Contains(
            result.Skipped,
            s => s.StartsWith("The domain 'batre.mail.onmicrosoft.com' of relationship 'Second tenant' is already claimed by relationship 'On Premises to O365' (relationships[", StringComparison.Ordinal));
        Assert.Contains("The SMTP address 'USER12@batre.mail.onmicrosoft.com' of 'dup12' already belongs to 'user12'.", result.Skipped);

        DirectorySnapshot snapshot = result.Snapshot;
        Assert.Equal(6, snapshot.Recipients.Length);
        Assert.Equal("user12", snapshot.RecipientIndex.Find("user12@batre.mail.onmicrosoft.com").Recipient!.Identity);
        Assert.Null(snapshot.RecipientIndex.Find("dup12@batre.msftonlinerepro.com").Recipient);
        Assert.DoesNotContain(snapshot.Relationships, r => r.Name == "Second tenant");
        Assert.False(snapshot.RelationshipIndex.TryFind("fabrikam.mail.onmicrosoft.com", out _));
        Assert.True(snapshot.RelationshipIndex.TryFind("batre.mail.onmicrosoft.com", out RelationshipTarget? hcw));
        Assert.Equal("On Premises to O365", hcw.Relationship.Name);
    }
}
