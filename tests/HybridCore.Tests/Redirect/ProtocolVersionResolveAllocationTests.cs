using HybridCore.ActiveSync;
using HybridCore.DirectoryModel;
using HybridCore.Redirect;
using HybridCore.Tests.Infrastructure;

namespace HybridCore.Tests.Redirect;

[Collection(AllocationCollection.Name)]
public class ProtocolVersionResolveAllocationTests
{
    [Fact]
    public void ResolveEas_ProtocolVersionOverload_AllocatesNothing()
    {
        var resolver = new RedirectResolver(new RelationshipIndex([RedirectResolverTests.Relationship(min: OrganizationRelationship.ExchangeOnlineMinimumEasVersion)]));
        RecipientLookupResult who = RecipientLookupResult.From(RedirectResolverTests.User12());
        EasRedirectDecision last = default;
        long bytes = Allocations.Measure(() =>
        {
            last = resolver.ResolveEas(isOptions: false, EasProtocolVersion.V14_1, who, LogonNameForm.UserPrincipalName);
            _ = resolver.ResolveEas(isOptions: true, EasProtocolVersion.Unknown, RecipientLookupResult.NotFound);
            _ = resolver.ResolveEas(new EasRedirectRequest(false, EasProtocolVersion.V12_1), who);
        });
        Assert.Equal(EasRedirectAction.Redirect, last.Action);
        Assert.Equal(RedirectWarnings.ProtocolVersionBelowTargetMinimum, last.Warnings);
        Assert.Equal(0, bytes);
    }
}
