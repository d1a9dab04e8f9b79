using HybridCore.Diagnostics.Readiness;
using HybridCore.DirectoryModel;

namespace HybridCore.Diagnostics.Tests.Readiness;

public class DirectoryChecksTests
{
    private static OrganizationRelationshipData Office365(string? url = "https://outlook.office.com/mail", bool enabled = true, string name = "O365", string domain = "contoso.mail.onmicrosoft.com") => new()
    {
        Name = name,
        DomainNames = [domain],
        Enabled = enabled,
        TargetOwaUrl = url,
    };

    private static RecipientData Remote(string id, string? routing, string? upn = null, string? primary = null, string? logon = null) => new()
    {
        Kind = "RemoteMailbox",
        Identity = id,
        RemoteRoutingAddress = routing,
        UserPrincipalName = upn ?? (logon is null ? id + "@contoso.com" : null),
        PrimarySmtpAddress = primary ?? id + "@contoso.com",
        LogonName = logon,
    };

    private static DirectoryDocument Healthy() => new()
    {
        Relationships = [Office365()],
        Recipients =
        [
            Remote("ann", "SMTP:ann@contoso.mail.onmicrosoft.com"),
            new RecipientData { Kind = "LocalMailbox", Identity = "bob", UserPrincipalName = "bob@contoso.com", PrimarySmtpAddress = "bob@contoso.com" },
        ],
    };

    private static ReadinessFinding Single(IReadOnlyList<ReadinessFinding> findings, ReadinessCode code) => Assert.Single(findings, f => f.Code == code);

    [Fact]
    public void Check_HealthyDirectory_HasNoFindings()
    {
        Assert.Empty(DirectoryChecks.Check(Healthy()));
    }

    [Fact]
    public void Check_RelationshipWithoutTargetOwaUrl_IsAnErrorNamingItsMailboxCount()
    {
        DirectoryDocument d = Healthy();
        d.Relationships[0] = Office365(url: null);

        ReadinessFinding f = Single(DirectoryChecks.Check(d), ReadinessCode.RelationshipWithoutTargetOwaUrl);

        Assert.Equal(ReadinessSeverity.Error, f.Severity);
        Assert.Equal(["O365 (contoso.mail.onmicrosoft.com; 1 recipient routed here)"], f.Objects);
    }

    [Fact]
    public void Check_HttpTargetOwaUrl_IsOnlyInformation()
    {
        // KB 2952804: the wizard's TargetOWAURL is http://outlook.com/owa/<domain>; only the host is used.
        DirectoryDocument d = Healthy();
        d.Relationships[0] = Office365(url: "http://outlook.office.com/mail");

        IReadOnlyList<ReadinessFinding> findings = DirectoryChecks.Check(d);
        ReadinessFinding f = Single(findings, ReadinessCode.RelationshipTargetOwaUrlIsHttp);

        Assert.Equal(ReadinessSeverity.Info, f.Severity);
        Assert.Contains("http://outlook.office.com/mail", f.Objects[0], StringComparison.Ordinal);
        Assert.DoesNotContain(findings, x => x.Severity != ReadinessSeverity.Info);
    }

    [Fact]
    public void Check_DisabledRelationship_IsAWarningBecauseExchangesEasPathIgnoresIt()
    {
        DirectoryDocument d = Healthy();
        d.Relationships[0] = Office365(enabled: false);
        d.Relationships.Add(Office365(enabled: false, name: "Old", domain: "old.example"));

        IReadOnlyList<ReadinessFinding> f = DirectoryChecks.Check(d);

        Assert.Equal(
            [(ReadinessSeverity.Warning, "O365 (contoso.mail.onmicrosoft.com; 1 recipient routed here)"), (ReadinessSeverity.Warning, "Old (old.example; 0 recipients routed here)")],
            f.Where(x => x.Code == ReadinessCode.RelationshipDisabled).Select(x => (x.Severity, Assert.Single(x.Objects))).ToArray());
    }

    [Fact]
    public void Check_MailUserWithSmtpTargetAddress_IsCountedAndReported()
    {
        DirectoryDocument d = Healthy();
        d.Recipients.Add(new RecipientData { Kind = "MailUser", Identity = "cut1", ExternalEmailAddress = "SMTP:cut1@contoso.mail.onmicrosoft.com" });
        d.Recipients.Add(new RecipientData { Kind = "MailContact", Identity = "cut2", ExternalEmailAddress = "SMTP:cut2@nowhere.example" });

        IReadOnlyList<ReadinessFinding> f = DirectoryChecks.Check(d);

        Assert.Equal(["cut1 (MailUser, cut1@contoso.mail.onmicrosoft.com)"], Single(f, ReadinessCode.MailUsersRedirected).Objects);
        Assert.Contains("cut2 (MailContact, cut2@nowhere.example)", Single(f, ReadinessCode.RoutingDomainNotCovered).Objects);
    }

    [Theory]
    [InlineData(null, "carl")]
    [InlineData("X500:/o=Contoso/ou=Exchange/cn=Recipients/cn=carl", "carl (X500:/o=Contoso/ou=Exchange/cn=Recipients/cn=carl)")]
    public void Check_RemoteMailboxWithoutSmtpRoutingAddress_IsAnError(string? routing, string expected)
    {
        DirectoryDocument d = Healthy();
        d.Recipients.Add(Remote("carl", routing));

        ReadinessFinding f = Single(DirectoryChecks.Check(d), ReadinessCode.RemoteMailboxWithoutRoutingAddress);

        Assert.Equal([expected], f.Objects);
    }

    [Fact]
    public void Check_MalformedRoutingAddress_IsReportedWithItsPath()
    {
        DirectoryDocument d = Healthy();
        d.Recipients.Add(Remote("dora", "SMTP:dora@@bad"));

        IReadOnlyList<ReadinessFinding> f = DirectoryChecks.Check(d);

        Assert.StartsWith("recipients[2].remoteRoutingAddress: ", Assert.Single(Single(f, ReadinessCode.RemoteMailboxWithoutRoutingAddress).Objects), StringComparison.Ordinal);
        Assert.DoesNotContain(f, x => x.Code == ReadinessCode.InvalidDirectoryEntry);
    }

    [Fact]
    public void Check_RoutingDomainNoRelationshipClaims_IsAnError()
    {
        DirectoryDocument d = Healthy();
        d.Recipients.Add(Remote("eve", "SMTP:eve@fabrikam.mail.onmicrosoft.com"));
        d.Recipients.Add(Remote("evil", "SMTP:evil@evilcontoso.mail.onmicrosoft.com"));

        ReadinessFinding f = Single(DirectoryChecks.Check(d), ReadinessCode.RoutingDomainNotCovered);

        Assert.Equal(["eve (eve@fabrikam.mail.onmicrosoft.com)", "evil (evil@evilcontoso.mail.onmicrosoft.com)"], f.Objects);
    }

    [Fact]
    public void Check_SameDomainOnTwoRelationships_IsAnError()
    {
        DirectoryDocument d = Healthy();
        d.Relationships.Add(Office365(name: "Second"));

        ReadinessFinding f = Single(DirectoryChecks.Check(d), ReadinessCode.DuplicateRelationshipDomain);

        Assert.Equal(ReadinessSeverity.Error, f.Severity);
        Assert.Contains("contoso.mail.onmicrosoft.com", Assert.Single(f.Objects), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CredentialContinuityRisks_AreWarnings()
    {
        DirectoryDocument d = Healthy();
        d.Recipients.Add(Remote("fred", "SMTP:fred@contoso.mail.onmicrosoft.com", logon: "CONTOSO\\fred"));
        d.Recipients.Add(Remote("gina", "SMTP:gina@contoso.mail.onmicrosoft.com", upn: "gina@corp.contoso.local", primary: "gina@contoso.com"));

        IReadOnlyList<ReadinessFinding> f = DirectoryChecks.Check(d);

        ReadinessFinding logon = Single(f, ReadinessCode.LogonNameOnly);
        Assert.Equal((ReadinessSeverity.Warning, "fred (CONTOSO\\fred)"), (logon.Severity, Assert.Single(logon.Objects)));
        ReadinessFinding upn = Single(f, ReadinessCode.UpnDiffersFromPrimarySmtpAddress);
        Assert.Equal((ReadinessSeverity.Warning, "gina (UPN gina@corp.contoso.local, SMTP gina@contoso.com)"), (upn.Severity, Assert.Single(upn.Objects)));
        Assert.Equal(0, new ReadinessReport(f).ExitCode);
    }

    [Fact]
    public void Check_UnusableEntry_IsReportedAndStopsTheOtherChecks()
    {
        DirectoryDocument d = Healthy();
        d.Recipients.Add(new RecipientData { Kind = "Spaceship", Identity = "x" });
        d.Relationships[0] = Office365(url: null);

        IReadOnlyList<ReadinessFinding> f = DirectoryChecks.Check(d);

        ReadinessFinding bad = Assert.Single(f);
        Assert.Equal(ReadinessCode.InvalidDirectoryEntry, bad.Code);
        Assert.StartsWith("recipients[2].kind: ", Assert.Single(bad.Objects), StringComparison.Ordinal);
        Assert.Equal(1, new ReadinessReport(f).ExitCode);
    }
}
