using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HybridCore.DirectoryModel;
using HybridCore.Redirect;

namespace HybridCore.Tests.Redirect;

public class ResolverPropertyTests
{
    private static Gen<(OrganizationRelationship[], Recipient[], EasRedirectRequest[], RedirectPolicy, string)> Scenario { get; } =
        from domains in Generators.DistinctDomains(1, 6)
        from extra in Generators.Domain
        from rels in Generators.Relationships(domains)
        from recs in Generators.Recipients(domains.Append(DomainName(extra)).ToArray())
        from reqs in Gen.ArrayOf(Generators.Request, 4)
        from policy in Generators.Policy
        from ua in Gen.Elements("", "Android/4.4", "Apple-iPhone/1402", "Outlook-iOS-Android/1.0")
        select (rels, recs, reqs, policy, ua);

    private static string DomainName(string d) => HybridCore.Addressing.DomainName.Parse(d).Value;

    [Property(MaxTest = 300)]
    public Property Resolve_IsTotalAndDeterministic_AndEveryDecisionExplainsItself()
    {
        return Prop.ForAll(Arb.From(Scenario), ((OrganizationRelationship[] Rels, Recipient[] Recs, EasRedirectRequest[] Reqs, RedirectPolicy Policy, string Ua) t) =>
        {
            var resolver = new RedirectResolver(new RelationshipIndex(t.Rels), t.Policy);
            IEnumerable<RecipientLookupResult> who = t.Recs.Select(RecipientLookupResult.From).Append(RecipientLookupResult.NotFound);
            foreach (RecipientLookupResult r in who)
            {
                foreach (EasRedirectRequest q in t.Reqs)
                {
                    EasRedirectDecision a = resolver.ResolveEas(q, r);
                    EasRedirectDecision b = resolver.ResolveEas(q, r);
                    if (a.Action != b.Action || a.Reason != b.Reason || a.Warnings != b.Warnings || !ReferenceEquals(a.Location, b.Location))
                    {
                        return false;
                    }

                    bool consistent = a.Action switch
                    {
                        EasRedirectAction.Redirect => a.Reason == RedirectReason.Redirected && a.HttpStatusCode == 451
                            && Uri.TryCreate(a.Location, UriKind.Absolute, out Uri? u) && u.Scheme == "https" && a.Location!.EndsWith(EasEndpoint.Path, StringComparison.Ordinal) | t.Rels.Any(x => x.EasEndpointOverride is not null)
                            && (r.Outcome == RecipientLookupOutcome.RemoteMailbox || r.Recipient is MailUser { RoutingSmtpAddress: not null })
                            && (a.Relationship!.Enabled || !resolver.Policy.RequireEnabledRelationship),
                        EasRedirectAction.ServeLocally => a.Reason == RedirectReason.LocalMailbox && r.Outcome == RecipientLookupOutcome.LocalMailbox && a.Location is null,
                        EasRedirectAction.UserHasNoMailbox => a.Reason is not (RedirectReason.None or RedirectReason.Redirected or RedirectReason.LocalMailbox) && a.HttpStatusCode == (a.StatusInResponseBody ? 200 : 403) && a.Location is null,
                        _ => false,
                    };
                    if (!consistent)
                    {
                        return false;
                    }
                }

                AutodiscoverRedirectDecision ad = resolver.ResolveAutodiscover(r, t.Ua);
                OwaRedirectDecision od = resolver.ResolveOwa(r);
                if (ad.Action == AutodiscoverRedirectAction.None || ad.Reason == RedirectReason.None
                    || od.Action == OwaRedirectAction.None || od.Reason == RedirectReason.None
                    || (ad.Action == AutodiscoverRedirectAction.RedirectAddress) != (ad.RedirectAddress is not null && ad.Reason == RedirectReason.Redirected)
                    || (od.Action == OwaRedirectAction.Redirect) != (od.TargetUrl is not null && (od.TargetUrl.StartsWith("https://", StringComparison.Ordinal) || od.TargetUrl.StartsWith("http://", StringComparison.Ordinal))))
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Fact]
    public void Resolve_DefaultValues_StillDecide()
    {
        var resolver = new RedirectResolver(new RelationshipIndex([]));
        EasRedirectDecision d = resolver.ResolveEas(default, default);
        Assert.Equal(EasRedirectAction.UserHasNoMailbox, d.Action);
        Assert.Equal(RedirectReason.RecipientNotFound, d.Reason);
        Assert.Equal(AutodiscoverRedirectAction.NoMailbox, resolver.ResolveAutodiscover(default).Action);
        Assert.Equal(OwaRedirectAction.NoMailbox, resolver.ResolveOwa(default).Action);
    }
}
