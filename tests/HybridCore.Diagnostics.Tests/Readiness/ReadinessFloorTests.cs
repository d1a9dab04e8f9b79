using HybridCore.ActiveSync;
using HybridCore.Diagnostics.Logs;
using HybridCore.Diagnostics.Readiness;
using HybridCore.Diagnostics.Tests.Logs;
using HybridCore.DirectoryModel;

namespace HybridCore.Diagnostics.Tests.Readiness;

/// <summary>The redirected-device protocol floor: per relationship when the directory says, else Exchange Online's.</summary>
public class ReadinessFloorTests
{
    private static DirectorySnapshot Directory() => DirectorySnapshot.Load(new DirectoryDocument
    {
        Relationships =
        [
            // An explicit per-relationship minimum (HybridCore setting), here lower than Exchange Online's.
            new OrganizationRelationshipData { Name = "O365", DomainNames = ["contoso.mail.onmicrosoft.com"], Enabled = true, TargetOwaUrl = "https://outlook.office365.com/owa/contoso.com", TargetMinimumEasVersion = "16.0" },
            // On-premises → cloud without a minimum: Exchange Online's applies.
            new OrganizationRelationshipData { Name = "O365-legacy", DomainNames = ["contoso2.mail.onmicrosoft.com"], Enabled = true, TargetOwaUrl = "https://outlook.office365.com/owa/contoso2.com" },
            // Another on-premises forest without a minimum: no cloud floor.
            new OrganizationRelationshipData { Name = "Fabrikam", DomainNames = ["fabrikam.com"], Enabled = true, TargetOwaUrl = "https://mail.fabrikam.com/owa", Direction = "CrossForest" },
        ],
        Recipients =
        [
            Remote("ann", "contoso.mail.onmicrosoft.com"),
            Remote("bob", "contoso2.mail.onmicrosoft.com"),
            Remote("carl", "fabrikam.com"),
        ],
    });

    private static RecipientData Remote(string id, string routingDomain) => new()
    {
        Kind = "RemoteMailbox",
        Identity = id,
        RemoteRoutingAddress = "SMTP:" + id + "@" + routingDomain,
        UserPrincipalName = id + "@contoso.com",
        PrimarySmtpAddress = id + "@contoso.com",
    };

    private static string Line(string user, string device, string url, string version) =>
        "/Microsoft-Server-ActiveSync User=" + user.Replace("@", "%40", StringComparison.Ordinal) + "&DeviceId=" + device + "&DeviceType=iPhone&Cmd=Ping&Log=RdirTo:TryToFigureOutEasEndpoint%3b"
        + Uri.EscapeDataString(url) + "_V" + version + "_ - 451\n";

    private static LogAnalysisReport Report(DirectorySnapshot dir, LogAnalysisOptions? options = null)
    {
        string cloud = dir.RelationshipIndex.Find(dir.Relationships[0].DomainNames[0])!.EasEndpointUrl!;
        string fabrikam = dir.RelationshipIndex.Find(dir.Relationships[2].DomainNames[0])!.EasEndpointUrl!;
        Assert.Equal(cloud, dir.RelationshipIndex.Find(dir.Relationships[1].DomainNames[0])!.EasEndpointUrl);
        string log = "#Fields: cs-uri-stem cs-uri-query cs-username sc-status\n"
            + Line("ann@contoso.com", "A16", cloud, "160")
            + Line("ann@contoso.com", "A14", cloud, "141")
            + Line("bob@contoso.com", "B16", cloud, "160")
            + Line("carl@contoso.com", "C14", fabrikam, "141")
            + Line("dave@contoso.com", "D16", cloud, "160");
        return ActiveSyncLogAnalyzerTests.Analyze(log, options);
    }

    private static ReadinessFinding BelowFloor(IReadOnlyList<ReadinessFinding> findings) =>
        Assert.Single(findings, f => f.Code == ReadinessCode.RedirectedDevicesBelowCloudProtocolFloor);

    [Fact]
    public void CheckLogReport_WithoutDirectory_EveryRedirectedDeviceBelowExchangeOnlinesFloor()
    {
        ReadinessFinding f = BelowFloor(ReadinessChecks.CheckLogReport(Report(Directory())));

        Assert.Equal(5, f.Objects.Count);
        Assert.Contains("16.1, which Exchange Online refuses", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckLogReport_WithDirectory_UsesEachRelationshipsTargetMinimum()
    {
        DirectorySnapshot dir = Directory();

        ReadinessFinding f = BelowFloor(ReadinessChecks.CheckLogReport(Report(dir), dir));

        Assert.Equal(
            [
                // O365 sets 16.0: the 16.0 device passes, the 14.1 one does not.
                "ann@contoso.com / A14 (iPhone, EAS 14.1): relationship O365 needs EAS 16.0",
                // O365-legacy sets nothing: on-premises → cloud, so Exchange Online's 16.1.
                "bob@contoso.com / B16 (iPhone, EAS 16.0): relationship O365-legacy needs EAS 16.1",
                // Not in the directory, and the two cloud relationships disagree: the analysis's floor (16.1).
                "dave@contoso.com / D16 (iPhone, EAS 16.0)",
            ],
            f.Objects.Order(StringComparer.Ordinal).ToArray());
        // carl's cross-forest relationship sets no minimum: no floor.
        Assert.Contains("16.0 / 16.1", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckLogReport_UnknownUserWithOneMatchingEndpoint_UsesThatRelationship()
    {
        DirectorySnapshot dir = Directory();
        string fabrikam = dir.RelationshipIndex.Find(dir.Relationships[2].DomainNames[0])!.EasEndpointUrl!;
        LogAnalysisReport report = ActiveSyncLogAnalyzerTests.Analyze("#Fields: cs-uri-stem cs-uri-query cs-username sc-status\n" + Line("erin@elsewhere.example", "E1", fabrikam, "121"));

        Assert.Equal(EasProtocolVersion.Unknown, ReadinessChecks.TargetFloor(report.Devices[0], dir, CloudProtocolFloors.ExchangeOnline, out OrganizationRelationship? r));
        Assert.Equal("Fabrikam", r?.Name);
        Assert.DoesNotContain(ReadinessChecks.CheckLogReport(report, dir), f => f.Code == ReadinessCode.RedirectedDevicesBelowCloudProtocolFloor);
        Assert.Contains(ReadinessChecks.CheckLogReport(report), f => f.Code == ReadinessCode.RedirectedDevicesBelowCloudProtocolFloor);
    }

    [Fact]
    public void CheckLogReport_AnalysisFloorOption_IsTheFallback()
    {
        LogAnalysisReport report = Report(Directory(), new LogAnalysisOptions { CloudProtocolFloor = EasProtocolVersion.V16_0 });

        ReadinessFinding f = BelowFloor(ReadinessChecks.CheckLogReport(report));

        Assert.Equal(EasProtocolVersion.V16_0, report.Totals.CloudProtocolFloor);
        Assert.Equal(2, report.Totals.RedirectedBelowCloudFloor); // the two 14.1 devices
        Assert.Equal(2, f.Objects.Count);
    }

    [Fact]
    public void ExchangeOnlineFloor_IsTheCoresRelationshipConstant()
    {
        Assert.True(EasProtocolVersion.TryFromFlag(OrganizationRelationship.ExchangeOnlineMinimumEasVersion, out EasProtocolVersion core));
        Assert.Equal(core, CloudProtocolFloors.ExchangeOnline);
        Assert.Equal(ExchangeMinimums.CloudProtocolFloor, CloudProtocolFloors.ExchangeOnline.ToString());
        Assert.Equal(CloudProtocolFloors.ExchangeOnline, new LogAnalysisOptions().CloudProtocolFloor);
    }
}
