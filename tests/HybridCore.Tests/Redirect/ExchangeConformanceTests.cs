using HybridCore.ActiveSync;
using HybridCore.Addressing;
using HybridCore.DirectoryModel;
using HybridCore.Redirect;

namespace HybridCore.Tests.Redirect;

/// <summary>
/// One test per redirect rule of docs/exchange-conformance.md ("Exchange does X - source - HybridCore does X"), named
/// after the rule. The HTTP side of the same rules runs over real Kestrel in HybridCore.AspNetCore.Tests
/// (ExchangeConformanceHttpTests).
/// </summary>
public class ExchangeConformanceTests
{
    private const string Office365Eas = "https://outlook.office365.com/Microsoft-Server-ActiveSync";
    private const string Cloud = "batre.mail.onmicrosoft.com";

    private static readonly EasRedirectRequest V141 = new(false, 14, 1);

    private static RedirectResolver Resolver(string? owa = "https://outlook.com/owa/batre.com", bool enabled = true, RedirectPolicy? policy = null) =>
        new(new RelationshipIndex([RedirectResolverTests.Relationship(owa: owa, enabled: enabled)]), policy);

    private static RecipientLookupResult User12() => RecipientLookupResult.From(RedirectResolverTests.User12());

    private static RecipientLookupResult MailUser(bool contact = false, string? external = "SMTP:cutover5@" + Cloud) =>
        RecipientLookupResult.From(new MailUser(
            "cutover5",
            isContact: contact,
            externalEmailAddress: external is null ? null : ProxyAddress.Parse(external),
            userPrincipalName: SmtpAddress.Parse("cutover5@batre.com"),
            primarySmtpAddress: SmtpAddress.Parse("cutover5@batre.com"),
            displayName: "Cutover User 5"));

    [Theory]
    [InlineData("http://outlook.com/owa/batre.com")]
    [InlineData("http://outlook.com:8080/owa/batre.com?x=1")]
    [InlineData("https://outlook.com/owa/batre.com")]
    public void Rule01_TargetOwaUrlHttp_IsAccepted_OnlyTheHostIsUsed_EndpointIsHttps(string owa)
    {
        EasRedirectDecision d = Resolver(owa).ResolveEas(V141, User12());
        Assert.Equal(EasRedirectAction.Redirect, d.Action);
        Assert.Equal(Office365Eas, d.Location);
    }

    [Fact]
    public void Rule01_TargetOwaUrlHttp_OnPremisesHost_EndpointIsHttpsOnThatHost()
    {
        Assert.Equal("https://mail.fabrikam.com/Microsoft-Server-ActiveSync", Resolver("http://mail.fabrikam.com:81/owa").ResolveEas(V141, User12()).Location);
    }

    [Fact]
    public void Rule02_OutlookComHost_BecomesOutlookOffice365Com() =>
        Assert.Equal(Office365Eas, Resolver("https://OUTLOOK.COM./owa/").ResolveEas(V141, User12()).Location);

    [Theory]
    [InlineData("https://myoutlook.com.evil.example/owa", "https://myoutlook.com.evil.example/Microsoft-Server-ActiveSync")]
    [InlineData("https://outlook.com.evil.example/owa", "https://outlook.com.evil.example/Microsoft-Server-ActiveSync")]
    public void Rule02_Differs_LookalikeHostIsNotMappedToOffice365(string owa, string expected) =>
        Assert.Equal(expected, Resolver(owa).ResolveEas(V141, User12()).Location);

    [Fact]
    public void Rule03_OwaRedirect_KeepsHttpTargetOwaUrlAsGiven_WithWarning()
    {
        OwaRedirectDecision d = Resolver("http://outlook.com/owa/batre.com").ResolveOwa(User12());
        Assert.Equal(OwaRedirectAction.Redirect, d.Action);
        Assert.Equal("http://outlook.com/owa/batre.com", d.TargetUrl);
        Assert.True(d.Warnings.HasFlag(RedirectWarnings.TargetOwaUrlIsHttp));
        Assert.False(Resolver().ResolveOwa(User12()).Warnings.HasFlag(RedirectWarnings.TargetOwaUrlIsHttp));
    }

    [Theory]
    [InlineData(14, 0)]
    [InlineData(14, 1)]
    [InlineData(16, 1)]
    public void Rule04_UserHasNoMailbox_At14OrLater_IsHttp200WithStatus123InTheBody(int major, int minor)
    {
        EasRedirectDecision d = Resolver().ResolveEas(new EasRedirectRequest(false, major, minor), RecipientLookupResult.NotFound);
        Assert.Equal(EasRedirectAction.UserHasNoMailbox, d.Action);
        Assert.True(d.StatusInResponseBody);
        Assert.Equal(200, d.HttpStatusCode);
        Assert.Equal(EasStatus.UserHasNoMailbox, d.Status);
    }

    [Theory]
    [InlineData(false, 12, 1)]
    [InlineData(false, 2, 5)]
    [InlineData(true, 14, 1)]
    [InlineData(true, 0, 0)]
    public void Rule05_UserHasNoMailbox_Below14OrOptions_IsHttp403WithoutBody(bool options, int major, int minor)
    {
        EasRedirectDecision d = Resolver().ResolveEas(new EasRedirectRequest(options, major, minor), RecipientLookupResult.NotFound);
        Assert.Equal(EasRedirectAction.UserHasNoMailbox, d.Action);
        Assert.False(d.StatusInResponseBody);
        Assert.Equal(403, d.HttpStatusCode);
        Assert.Equal(403, EasRedirectDecision.HttpStatusCodeWithoutBody);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rule06_MailUserOrContactWithSmtpTargetAddress_IsRedirected_WithItsOwnWarning(bool contact)
    {
        RedirectResolver r = Resolver();
        EasRedirectDecision eas = r.ResolveEas(V141, MailUser(contact));
        Assert.Equal(EasRedirectAction.Redirect, eas.Action);
        Assert.Equal(RedirectReason.Redirected, eas.Reason);
        Assert.Equal(Office365Eas, eas.Location);
        Assert.True(eas.Warnings.HasFlag(RedirectWarnings.RecipientIsNotRemoteMailbox));

        AutodiscoverRedirectDecision ad = r.ResolveAutodiscover(MailUser(contact), "Microsoft Office/16.0");
        Assert.Equal(AutodiscoverRedirectAction.RedirectAddress, ad.Action);
        Assert.Equal("cutover5@" + Cloud, ad.RedirectAddress);
        Assert.True(ad.Warnings.HasFlag(RedirectWarnings.RecipientIsNotRemoteMailbox));

        // A remote mailbox never carries the warning.
        Assert.False(r.ResolveEas(V141, User12()).Warnings.HasFlag(RedirectWarnings.RecipientIsNotRemoteMailbox));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("X500:/o=Batre/cn=cutover5")]
    public void Rule06_MailUserWithoutSmtpTargetAddress_GetsUserHasNoMailbox(string? external)
    {
        EasRedirectDecision d = Resolver().ResolveEas(V141, MailUser(external: external));
        Assert.Equal(EasRedirectAction.UserHasNoMailbox, d.Action);
        Assert.Equal(RedirectReason.NotRemoteMailbox, d.Reason);
    }

    [Fact]
    public void Rule07_BypassClientPrefixes_DefaultIsTheKb3035227List()
    {
        string[] kb = ["Acer", "ADR9", "Ally", "Amazon", "Android", "ASUS", "EasClient", "FUJITSU", "HTC", "HUAWEI", "LG", "LS", "Moto", "Mozilla",
            "NEC", "Nokia", "Palm", "PANASONIC", "PANTECH", "Remoba", "Samsung", "SEMC", "SHARP", "SONY-", "TOSHIBA", "Vortex", "VS", "ZTE"];
        Assert.Equal(kb, RedirectPolicy.DefaultMobileSyncRedirectBypassClientPrefixes);
        Assert.Equal(kb, RedirectPolicy.Default.MobileSyncRedirectBypassClientPrefixes);
        Assert.True(RedirectPolicy.Default.MobileSyncRedirectBypassEnabled);
    }

    [Theory]
    [InlineData("Android-EAS/3.10", true)]
    [InlineData("SAMSUNG-SM-G930F/101.60001", true)]
    [InlineData("SONY-G8341/1.0", true)]
    [InlineData("Sony Xperia", false)]
    [InlineData("Apple-iPhone9C1/1402.100", false)]
    [InlineData("Outlook-iOS-Android/1.0", false)]
    public void Rule07_BypassIsOnByDefault_ForTheListedPrefixes(string userAgent, bool bypass)
    {
        AutodiscoverRedirectDecision d = Resolver().ResolveAutodiscover(User12(), userAgent);
        Assert.Equal(bypass ? AutodiscoverRedirectAction.TargetSettings : AutodiscoverRedirectAction.RedirectAddress, d.Action);
        Assert.Equal(bypass ? RedirectReason.MobileSyncRedirectBypass : RedirectReason.Redirected, d.Reason);
    }

    [Fact]
    public void Rule07_BypassCanBeTurnedOff()
    {
        var off = new RedirectPolicy(mobileSyncRedirectBypassEnabled: false);
        Assert.Equal(AutodiscoverRedirectAction.RedirectAddress, Resolver(policy: off).ResolveAutodiscover(User12(), "Android-EAS/3.10").Action);
        var none = new RedirectPolicy(mobileSyncRedirectBypassClientPrefixes: []);
        Assert.Equal(AutodiscoverRedirectAction.RedirectAddress, Resolver(policy: none).ResolveAutodiscover(User12(), "Android-EAS/3.10").Action);
    }

    [Fact]
    public void Rule08_BypassAnswer_CarriesTargetAddressAndDisplayName()
    {
        AutodiscoverRedirectDecision d = Resolver().ResolveAutodiscover(MailUser(), "Android-EAS/3.10");
        Assert.Equal(AutodiscoverRedirectAction.TargetSettings, d.Action);
        Assert.Equal(Office365Eas, d.EasEndpointUrl);
        Assert.Equal("cutover5@" + Cloud, d.RedirectAddress);
        Assert.Equal("Cutover User 5", d.DisplayName);
    }

    [Fact]
    public void Rule09_BypassChecksEnabled_DisabledRelationshipFallsBackToRedirect()
    {
        AutodiscoverRedirectDecision d = Resolver(enabled: false).ResolveAutodiscover(User12(), "Android-EAS/3.10");
        Assert.Equal(AutodiscoverRedirectAction.RedirectAddress, d.Action);
        Assert.Equal(RedirectReason.Redirected, d.Reason);
    }

    [Fact]
    public void Rule10_EasIgnoresEnabled_DisabledRelationshipStillRedirects()
    {
        EasRedirectDecision d = Resolver(enabled: false).ResolveEas(V141, User12());
        Assert.Equal(EasRedirectAction.Redirect, d.Action);
        Assert.Equal(Office365Eas, d.Location);
        Assert.False(RedirectPolicy.Default.RequireEnabledRelationship);
    }

    [Fact]
    public void Rule10_RequireEnabledRelationship_IsAStricterOptIn()
    {
        EasRedirectDecision d = Resolver(enabled: false, policy: new RedirectPolicy(requireEnabledRelationship: true)).ResolveEas(V141, User12());
        Assert.Equal(EasRedirectAction.UserHasNoMailbox, d.Action);
        Assert.Equal(RedirectReason.RelationshipDisabled, d.Reason);
    }

    [Fact]
    public void Rule11_MinRedirectProtocolVersion_DefaultIs14_0()
    {
        Assert.Equal(EasProtocolVersion.V14_0, RedirectPolicy.Default.MinRedirectProtocolVersion);
        Assert.Equal(RedirectReason.ProtocolVersionTooLow, Resolver().ResolveEas(new EasRedirectRequest(false, 12, 1), User12()).Reason);
        Assert.Equal(RedirectReason.Redirected, Resolver().ResolveEas(new EasRedirectRequest(false, 14, 0), User12()).Reason);
    }

    [Theory]
    [InlineData(120, 12, 0, true)]
    [InlineData(120, 2, 5, false)]
    [InlineData(121, 12, 0, false)]
    [InlineData(121, 12, 1, true)]
    public void Rule11_MinRedirectProtocolVersion_IsConfigurableDownTo12_0(byte min, int major, int minor, bool redirected)
    {
        var policy = new RedirectPolicy(minRedirectProtocolVersion: EasProtocolVersion.TryFromEncodedValue(min, out EasProtocolVersion v) ? v : default);
        EasRedirectDecision d = Resolver(policy: policy).ResolveEas(new EasRedirectRequest(false, major, minor), User12());
        Assert.Equal(redirected, d.Action == EasRedirectAction.Redirect);

        // Status 123 in a body stays a 14.0+ rule whatever the redirect floor.
        EasRedirectDecision none = Resolver(policy: policy).ResolveEas(new EasRedirectRequest(false, major, minor), RecipientLookupResult.NotFound);
        Assert.Equal(403, none.HttpStatusCode);
    }

    [Theory]
    [InlineData(25)]
    [InlineData(141)]
    [InlineData(161)]
    public void Rule11_MinRedirectProtocolVersion_OutsideExchangesRange_IsRefused(byte value)
    {
        Assert.True(EasProtocolVersion.TryFromEncodedValue(value, out EasProtocolVersion v));
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => new RedirectPolicy(minRedirectProtocolVersion: v));
        Assert.Contains("12.0", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(12, 1)]
    public void Rule12_Options_IsRedirectedWhateverTheVersion(int major, int minor) =>
        Assert.Equal(Office365Eas, Resolver().ResolveEas(new EasRedirectRequest(true, major, minor), User12()).Location);

    [Fact]
    public void Rule13_DefaultDomain_BareNameIsTheDomainUser()
    {
        var index = new RecipientIndex([RedirectResolverTests.User12()]);
        Assert.Null(index.Find("user12").Recipient);
        Assert.Equal("user12", index.Find("user12", "BATRE").Recipient?.Identity);
        Assert.Equal("user12", index.Find("user12", "batre").Recipient?.Identity);
        Assert.Null(index.Find("user12", "OTHER").Recipient);

        // Qualified names are left alone; absurd lengths find nobody instead of throwing.
        Assert.Equal("user12", index.Find(@"BATRE\user12", "OTHER").Recipient?.Identity);
        Assert.Null(index.Find(new string('u', 300), "BATRE").Recipient);
    }

    [Fact]
    public void Rule13_DefaultDomain_LookupAllocatesNothing()
    {
        var index = new RecipientIndex([RedirectResolverTests.User12()]);
        _ = index.Find("user12", "BATRE");
        long before = GC.GetAllocatedBytesForCurrentThread();
        RecipientLookupResult r = index.Find("user12", "BATRE");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.NotNull(r.Recipient);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Rule14_AutodiscoverRedirectAddr_NeedsNoRelationship()
    {
        var r = new RedirectResolver(new RelationshipIndex([]));
        AutodiscoverRedirectDecision d = r.ResolveAutodiscover(User12());
        Assert.Equal(AutodiscoverRedirectAction.RedirectAddress, d.Action);
        Assert.Equal("user12@" + Cloud, d.RedirectAddress);
        Assert.Equal(EasRedirectAction.UserHasNoMailbox, r.ResolveEas(V141, User12()).Action);
    }
}
