using HybridCore.ActiveSync;
using HybridCore.Addressing;
using HybridCore.DirectoryModel;
using HybridCore.Redirect;

namespace HybridCore.Tests.Redirect;

public class RedirectResolverTests
{
    private const string Office365Eas = "https://outlook.office365.com/Microsoft-Server-ActiveSync";

    private static readonly EasRedirectRequest V141Sync = new(isOptions: false, 14, 1, LogonNameForm.UserPrincipalName);

    internal static OrganizationRelationship Relationship(
        string domain = "batre.mail.onmicrosoft.com",
        string? owa = "https://outlook.com/owa/batre.com",
        bool enabled = true,
        RelationshipDirection direction = RelationshipDirection.OnPremisesToCloud,
        string? easOverride = null,
        EasProtocolVersionSet min = EasProtocolVersionSet.None,
        string name = "O365") =>
        new(name, [DomainName.Parse(domain)], owa is null ? null : new Uri(owa), enabled, direction: direction,
            easEndpointOverride: easOverride is null ? null : new Uri(easOverride), targetMinimumEasVersion: min);

    internal static RemoteMailbox User12(string? routing = "SMTP:user12@batre.mail.onmicrosoft.com", string upn = "user12@batre.com") =>
        new("user12", routing is null ? null : ProxyAddress.Parse(routing), SmtpAddress.Parse(upn), SmtpAddress.Parse("user12@batre.com"),
            logonName: LogonName.Parse(@"BATRE\user12"));

    private static RedirectResolver Resolver(OrganizationRelationship? r = null, RedirectPolicy? policy = null) =>
        new(new RelationshipIndex(r is null ? [Relationship()] : [r]), policy);

    [Fact]
    public void Eas_SeedScenario_User12_Redirects451ToOffice365()
    {
        // docs/design.md §3 and the redirected IIS line of "Exchange ActiveSync on-boarding to Office 365": status 451, RdirTo:TryToFigureOutEasEndpoint;https://outlook.office365.com/Microsoft-Server-ActiveSync, V141.
        EasRedirectDecision d = Resolver().ResolveEas(V141Sync, RecipientLookupResult.From(User12()));
        Assert.Equal(EasRedirectAction.Redirect, d.Action);
        Assert.Equal(RedirectReason.Redirected, d.Reason);
        Assert.Equal(451, d.HttpStatusCode);
        Assert.Equal(EasHttpStatusCodes.Redirect, d.HttpStatusCode);
        Assert.Equal("X-MS-Location", d.LocationHeaderName);
        Assert.Equal(Office365Eas, d.Location);
        Assert.Equal("O365", d.Relationship!.Name);
        Assert.Null(d.Status);
        Assert.Equal(RedirectWarnings.None, d.Warnings);
    }

    [Fact]
    public void Eas_Redirect_LocationIsTheCachedString()
    {
        RedirectResolver r = Resolver();
        EasRedirectDecision a = r.ResolveEas(V141Sync, RecipientLookupResult.From(User12()));
        EasRedirectDecision b = r.ResolveEas(new EasRedirectRequest(true, 0, 0), RecipientLookupResult.From(User12()));
        Assert.Same(a.Location, b.Location);
        Assert.Same(a.Location, a.Target!.EasEndpointUrl);
    }

    [Fact]
    public void Eas_LocalMailbox_ServesLocally()
    {
        EasRedirectDecision d = Resolver().ResolveEas(V141Sync, RecipientLookupResult.From(new LocalMailbox("admin", primarySmtpAddress: SmtpAddress.Parse("admin@batre.com"))));
        Assert.Equal(EasRedirectAction.ServeLocally, d.Action);
        Assert.Equal(RedirectReason.LocalMailbox, d.Reason);
        Assert.Equal(0, d.HttpStatusCode);
        Assert.Null(d.Location);
    }

    public static TheoryData<string, RedirectReason> NoRedirectCases() => new()
    {
        { "nobody", RedirectReason.RecipientNotFound },
        { "contact", RedirectReason.NotRemoteMailbox },
        { "mailuser", RedirectReason.NotRemoteMailbox },
        { "no-routing", RedirectReason.NoRoutingAddress },
        { "x500-routing", RedirectReason.NoRoutingAddress },
        { "other-domain", RedirectReason.NoRelationshipForRoutingDomain },
        { "parent-domain", RedirectReason.NoRelationshipForRoutingDomain },
        { "suffix-domain", RedirectReason.NoRelationshipForRoutingDomain },
        { "disabled", RedirectReason.RelationshipDisabled },
        { "no-owa", RedirectReason.TargetOwaUrlMissing },
        { "ftp-owa", RedirectReason.TargetOwaUrlNotHttps },
        { "v12.1", RedirectReason.ProtocolVersionTooLow },
        { "v2.5", RedirectReason.ProtocolVersionTooLow },
        { "offboarding", RedirectReason.DirectionNotSupported },
        { "cross-forest", RedirectReason.DirectionNotSupported },
    };

    [Theory]
    [MemberData(nameof(NoRedirectCases))]
    public void Eas_EachFailedCondition_UserHasNoMailboxWithItsReason(string scenario, RedirectReason expected)
    {
        OrganizationRelationship rel = scenario switch
        {
            "disabled" => Relationship(enabled: false),
            "no-owa" => Relationship(owa: null),
            "ftp-owa" => Relationship(owa: "ftp://outlook.com/owa/batre.com"),
            "offboarding" => Relationship(direction: RelationshipDirection.CloudToOnPremises),
            "cross-forest" => Relationship(direction: RelationshipDirection.CrossForest),
            _ => Relationship(),
        };
        Recipient? recipient = scenario switch
        {
            "nobody" => null,
            // Without an SMTP targetAddress (with one they are redirected: ExchangeConformanceTests).
            "contact" => new MailUser("c", isContact: true, externalEmailAddress: ProxyAddress.Parse("X500:/o=Batre/cn=c")),
            "mailuser" => new MailUser("m"),
            "no-routing" => User12(routing: null),
            "x500-routing" => User12(routing: "X500:/o=Batre/cn=user12"),
            "other-domain" => User12(routing: "SMTP:user12@fabrikam.mail.onmicrosoft.com"),
            "parent-domain" => User12(routing: "SMTP:user12@mail.onmicrosoft.com"),
            "suffix-domain" => User12(routing: "SMTP:user12@evilbatre.mail.onmicrosoft.com"),
            _ => User12(),
        };
        EasRedirectRequest request = scenario switch
        {
            "v12.1" => new EasRedirectRequest(false, 12, 1),
            "v2.5" => new EasRedirectRequest(false, 2, 5),
            _ => V141Sync,
        };

        // Disabled relationships are refused only by the opt-in policy (Exchange's EAS path ignores Enabled).
        RedirectPolicy? policy = scenario == "disabled" ? new RedirectPolicy(requireEnabledRelationship: true) : null;
        EasRedirectDecision d = Resolver(rel, policy).ResolveEas(request, RecipientLookupResult.From(recipient));
        Assert.Equal(EasRedirectAction.UserHasNoMailbox, d.Action);
        Assert.Equal(expected, d.Reason);

        // As Exchange: HTTP 200 with Status 123 in the body from 14.0, else 403.
        Assert.Equal(request.ProtocolMajor >= 14 ? 200 : 403, d.HttpStatusCode);
        Assert.Equal(EasStatus.UserHasNoMailbox, d.Status);
        Assert.Equal(123, (int)d.Status!.Value);
        Assert.Null(d.Location);
        Assert.Null(d.LocationHeaderName);

        // [MS-ASCMD] 2.2.2: Status 123 is defined from 14.0; older requests get the HTTP status only.
        Assert.Equal(request.ProtocolMajor >= 14, d.StatusInResponseBody);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 5)]
    [InlineData(12, 1)]
    [InlineData(16, 1)]
    public void Eas_Options_RedirectsWhateverTheVersion(int major, int minor)
    {
        EasRedirectDecision d = Resolver().ResolveEas(new EasRedirectRequest(isOptions: true, major, minor), RecipientLookupResult.From(User12()));
        Assert.Equal(EasRedirectAction.Redirect, d.Action);
        Assert.Equal(Office365Eas, d.Location);
    }

    [Fact]
    public void Eas_OptionsWithoutRedirect_HasNoStatusBody()
    {
        EasRedirectDecision d = Resolver().ResolveEas(new EasRedirectRequest(true, 16, 1), RecipientLookupResult.NotFound);
        Assert.Equal(EasRedirectAction.UserHasNoMailbox, d.Action);
        Assert.False(d.StatusInResponseBody);
    }

    [Theory]
    [InlineData(14, 0, true)]
    [InlineData(14, 1, true)]
    [InlineData(16, 0, true)]
    [InlineData(16, 1, false)]
    public void Eas_BelowTargetMinimum_RedirectsWithWarning(int major, int minor, bool warn)
    {
        EasRedirectDecision d = Resolver(Relationship(min: OrganizationRelationship.ExchangeOnlineMinimumEasVersion))
            .ResolveEas(new EasRedirectRequest(false, major, minor), RecipientLookupResult.From(User12()));
        Assert.Equal(EasRedirectAction.Redirect, d.Action);
        Assert.Equal(warn, d.Warnings.HasFlag(RedirectWarnings.ProtocolVersionBelowTargetMinimum));
    }

    [Fact]
    public void Eas_DownLevelLogonAndUpnMismatch_AreWarningsNotBlocks()
    {
        EasRedirectDecision d = Resolver().ResolveEas(new EasRedirectRequest(false, 14, 1, LogonNameForm.DownLevel), RecipientLookupResult.From(User12(upn: "user12@corp.batre.local")));
        Assert.Equal(EasRedirectAction.Redirect, d.Action);
        Assert.Equal(RedirectWarnings.DownLevelLogonName | RedirectWarnings.UpnDiffersFromPrimarySmtpAddress, d.Warnings);
    }

    [Theory]
    [InlineData(@"BATRE\user12", LogonNameForm.DownLevel)]
    [InlineData("user12@batre.com", LogonNameForm.UserPrincipalName)]
    [InlineData("user12", LogonNameForm.Other)]
    [InlineData("", LogonNameForm.Unspecified)]
    public void ClassifyLogonName_ByShape(string userName, LogonNameForm expected) =>
        Assert.Equal(expected, EasRedirectRequest.ClassifyLogonName(userName));

    [Fact]
    public void Eas_NoUpn_Warns()
    {
        var user = new RemoteMailbox("u", ProxyAddress.Parse("SMTP:u@batre.mail.onmicrosoft.com"), primarySmtpAddress: SmtpAddress.Parse("u@batre.com"));
        Assert.Equal(RedirectWarnings.NoUserPrincipalName, Resolver().ResolveEas(V141Sync, RecipientLookupResult.From(user)).Warnings);
    }

    [Theory]
    [InlineData(RelationshipDirection.CloudToOnPremises, true, false)]
    [InlineData(RelationshipDirection.CrossForest, false, true)]
    public void Eas_OptInPolicies_RedirectOffboardingAndCrossForest(RelationshipDirection direction, bool off, bool cross)
    {
        OrganizationRelationship rel = Relationship(owa: "https://mail.fabrikam.com/owa", direction: direction);
        EasRedirectDecision d = Resolver(rel, new RedirectPolicy(allowOffboarding: off, allowCrossForest: cross))
            .ResolveEas(V141Sync, RecipientLookupResult.From(User12()));
        Assert.Equal(EasRedirectAction.Redirect, d.Action);
        Assert.Equal("https://mail.fabrikam.com/Microsoft-Server-ActiveSync", d.Location);

        // The other opt-in does not open this direction.
        EasRedirectDecision other = Resolver(rel, new RedirectPolicy(allowOffboarding: !off, allowCrossForest: !cross))
            .ResolveEas(V141Sync, RecipientLookupResult.From(User12()));
        Assert.Equal(RedirectReason.DirectionNotSupported, other.Reason);
    }

    [Theory]
    [InlineData("https://outlook.com/owa/batre.com", null, "https://outlook.office365.com/Microsoft-Server-ActiveSync")]
    [InlineData("https://OUTLOOK.COM/owa/", null, "https://outlook.office365.com/Microsoft-Server-ActiveSync")]
    [InlineData("https://mail.fabrikam.com:8443/owa/?realm=x#y", null, "https://mail.fabrikam.com/Microsoft-Server-ActiveSync")]
    [InlineData("https://outlook.office.com/owa/", null, "https://outlook.office.com/Microsoft-Server-ActiveSync")]
    [InlineData("https://bücher.example/owa", null, "https://xn--bcher-kva.example/Microsoft-Server-ActiveSync")]
    [InlineData(null, "https://eas.fabrikam.com/Microsoft-Server-ActiveSync", "https://eas.fabrikam.com/Microsoft-Server-ActiveSync")]
    [InlineData("http://outlook.com/owa", "https://eas.fabrikam.com/x", "https://eas.fabrikam.com/x")]
    public void EasEndpoint_DerivationRule(string? owa, string? over, string expected)
    {
        Assert.Equal(RedirectReason.None, EasEndpoint.TryDerive(Relationship(owa: owa, easOverride: over), out string? endpoint));
        Assert.Equal(expected, endpoint);
        Assert.True(EasEndpoint.IsValid(new Uri(endpoint!)));
    }

    [Fact]
    public void Autodiscover_RemoteMailbox_RedirectAddrToRoutingAddress()
    {
        AutodiscoverRedirectDecision d = Resolver().ResolveAutodiscover(RecipientLookupResult.From(User12()), "Microsoft Office/16.0");
        Assert.Equal(AutodiscoverRedirectAction.RedirectAddress, d.Action);
        Assert.Equal(RedirectReason.Redirected, d.Reason);
        Assert.Equal("user12@batre.mail.onmicrosoft.com", d.RedirectAddress);
        Assert.Null(d.EasEndpointUrl);
    }

    [Fact]
    public void Autodiscover_BypassUserAgent_GetsTargetSettings()
    {
        var policy = new RedirectPolicy(mobileSyncRedirectBypassClientPrefixes: ["Android", "TestActiveSyncConnectivity"]);
        AutodiscoverRedirectDecision d = Resolver(policy: policy).ResolveAutodiscover(RecipientLookupResult.From(User12()), "android/4.4.2-EAS-1.3");
        Assert.Equal(AutodiscoverRedirectAction.TargetSettings, d.Action);
        Assert.Equal(RedirectReason.MobileSyncRedirectBypass, d.Reason);
        Assert.Equal(Office365Eas, d.EasEndpointUrl);

        // Not on the list, or no usable target: the ordinary redirect.
        Assert.Equal(AutodiscoverRedirectAction.RedirectAddress, Resolver(policy: policy).ResolveAutodiscover(RecipientLookupResult.From(User12()), "Apple-iPhone9C1/1402.100").Action);
        Assert.Equal(AutodiscoverRedirectAction.RedirectAddress, Resolver(Relationship(enabled: false), policy).ResolveAutodiscover(RecipientLookupResult.From(User12()), "Android").Action);
        Assert.Equal(AutodiscoverRedirectAction.RedirectAddress, Resolver(policy: new RedirectPolicy(mobileSyncRedirectBypassClientPrefixes: [])).ResolveAutodiscover(RecipientLookupResult.From(User12()), "Android").Action);
    }

    [Fact]
    public void Autodiscover_OtherOutcomes()
    {
        RedirectResolver r = Resolver();
        Assert.Equal((AutodiscoverRedirectAction.ServeLocally, RedirectReason.LocalMailbox), Pair(r.ResolveAutodiscover(RecipientLookupResult.From(new LocalMailbox("a")))));
        Assert.Equal((AutodiscoverRedirectAction.NoMailbox, RedirectReason.RecipientNotFound), Pair(r.ResolveAutodiscover(RecipientLookupResult.NotFound)));
        Assert.Equal((AutodiscoverRedirectAction.NoMailbox, RedirectReason.NoRoutingAddress), Pair(r.ResolveAutodiscover(RecipientLookupResult.From(User12(routing: null)))));
        Assert.Equal((AutodiscoverRedirectAction.NoMailbox, RedirectReason.NotRemoteMailbox), Pair(r.ResolveAutodiscover(RecipientLookupResult.From(new MailUser("m")))));

        // Exchange's Autodiscover redirects to the targetAddress even without a relationship for its domain.
        Assert.Equal((AutodiscoverRedirectAction.RedirectAddress, RedirectReason.Redirected), Pair(r.ResolveAutodiscover(RecipientLookupResult.From(User12(routing: "SMTP:user12@fabrikam.com")))));

        static (AutodiscoverRedirectAction, RedirectReason) Pair(AutodiscoverRedirectDecision d) => (d.Action, d.Reason);
    }

    [Fact]
    public void Owa_RemoteMailbox_RedirectsToTargetOwaUrl()
    {
        OwaRedirectDecision d = Resolver().ResolveOwa(RecipientLookupResult.From(User12()));
        Assert.Equal(OwaRedirectAction.Redirect, d.Action);
        Assert.Equal("https://outlook.com/owa/batre.com", d.TargetUrl);
    }

    [Fact]
    public void Owa_OtherOutcomes()
    {
        Assert.Equal(OwaRedirectAction.ServeLocally, Resolver().ResolveOwa(RecipientLookupResult.From(new LocalMailbox("a"))).Action);
        Assert.Equal(RedirectReason.TargetOwaUrlMissing, Resolver(Relationship(owa: null, easOverride: "https://eas.x.com/Microsoft-Server-ActiveSync")).ResolveOwa(RecipientLookupResult.From(User12())).Reason);
        Assert.Equal(RedirectReason.TargetOwaUrlNotHttps, Resolver(Relationship(owa: "ftp://outlook.com/owa")).ResolveOwa(RecipientLookupResult.From(User12())).Reason);
        Assert.Equal(RedirectReason.RelationshipDisabled, Resolver(Relationship(enabled: false), new RedirectPolicy(requireEnabledRelationship: true)).ResolveOwa(RecipientLookupResult.From(User12())).Reason);
        Assert.Equal(OwaRedirectAction.NoMailbox, Resolver().ResolveOwa(RecipientLookupResult.NotFound).Action);
    }
}
