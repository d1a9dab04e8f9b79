using HybridCore.Addressing;
using HybridCore.DirectoryModel;
using HybridCore.Redirect;
using HybridCore.Tests.Infrastructure;

namespace HybridCore.Tests.Redirect;

[Collection(AllocationCollection.Name)]
public class AllocationTests
{
    private static readonly DirectorySnapshot Snapshot = DirectorySnapshot.FromJson(System.Text.Encoding.UTF8.GetBytes(HybridCore.Tests.DirectoryModel.DirectoryJsonTests.SeedJson));

    [Fact]
    public void RelationshipLookup_FromSpan_AllocatesNothing()
    {
        char[] query = "BATRE.Mail.OnMicrosoft.COM.".ToCharArray();
        bool found = false;
        long bytes = Allocations.Measure(() => found = Snapshot.RelationshipIndex.TryFind(query, out _));
        Assert.True(found);
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void RecipientLookup_ByUpnSmtpAndLogon_AllocatesNothing()
    {
        char[] upn = "USER12@batre.com".ToCharArray();
        char[] smtp = "smtp:User12@Batre.Mail.OnMicrosoft.com.".ToCharArray();
        char[] logon = @"batre\USER12".ToCharArray();
        int found = 0;
        long bytes = Allocations.Measure(() =>
        {
            found = 0;
            found += Snapshot.RecipientIndex.Find(upn).Recipient is not null ? 1 : 0;
            found += Snapshot.RecipientIndex.FindBySmtpAddress(smtp).Recipient is not null ? 1 : 0;
            found += Snapshot.RecipientIndex.Find(logon).Recipient is not null ? 1 : 0;
            found += Snapshot.RecipientIndex.Find("nobody@batre.com").Recipient is null ? 1 : 0;
        });
        Assert.Equal(4, found);
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void DirectLookups_ByUpnLogonAndCanonicalDomain_AllocateNothing()
    {
        char[] upn = "USER12@Batre.COM.".ToCharArray();
        char[] logon = @"BATRE\user12".ToCharArray();
        DomainName domain = DomainName.Parse("batre.onmicrosoft.com");
        int found = 0;
        long bytes = Allocations.Measure(() =>
        {
            found = 0;
            found += Snapshot.RecipientIndex.FindByUserPrincipalName(upn).Recipient is not null ? 1 : 0;
            found += Snapshot.RecipientIndex.FindByLogonName(logon).Recipient is not null ? 1 : 0;
            found += Snapshot.RelationshipIndex.Find(domain) is not null ? 1 : 0;
        });
        Assert.Equal(3, found);
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void Resolve_AllThreeProtocols_AllocatesNothing()
    {
        var resolver = new RedirectResolver(Snapshot.RelationshipIndex, new RedirectPolicy(mobileSyncRedirectBypassClientPrefixes: ["Android"]));
        char[] user = "user12@batre.com".ToCharArray();
        var request = new EasRedirectRequest(false, 14, 1, LogonNameForm.UserPrincipalName);
        string? location = null;
        long bytes = Allocations.Measure(() =>
        {
            RecipientLookupResult who = Snapshot.RecipientIndex.Find(user);
            location = resolver.ResolveEas(request, who).Location;
            _ = resolver.ResolveEas(new EasRedirectRequest(true, 0, 0), RecipientLookupResult.NotFound);
            _ = resolver.ResolveAutodiscover(who, "Android/4.4");
            _ = resolver.ResolveOwa(who);
        });
        Assert.Equal("https://outlook.office365.com/Microsoft-Server-ActiveSync", location);
        Assert.Equal(0, bytes);
    }
}
