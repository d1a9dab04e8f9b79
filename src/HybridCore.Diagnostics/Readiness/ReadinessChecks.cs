using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HybridCore.ActiveSync;
using HybridCore.Diagnostics.Logs;
using HybridCore.DirectoryModel;

namespace HybridCore.Diagnostics.Readiness;

/// <summary>The minimum builds the checks use, by release name in <see cref="ExchangeBuildCatalog"/>.</summary>
public static class ExchangeMinimums
{
    /// <summary>Exchange 2010: the first build that redirects EAS devices with 451 ("Exchange
    /// ActiveSync on-boarding to Office 365", Exchange Team blog 2015: "Exchange Server 2010 SP3 RU9").</summary>
    public const string EasRedirect2010 = "Exchange Server 2010 SP3 RU9";

    /// <summary>Exchange 2013: the first build that redirects EAS devices with 451 (same article: "Exchange Server 2013 CU8").</summary>
    public const string EasRedirect2013 = "Exchange Server 2013 CU8";

    /// <summary>Hybrid modern authentication for Outlook for iOS and Android, Exchange 2013 minimum.
    /// Microsoft Learn, "Using hybrid Modern Authentication with Outlook for iOS and Android",
    /// section "Technical and licensing requirements": "Exchange Server 2019 Cumulative Update 1 (CU1)
    /// or later, Exchange Server 2016 Cumulative Update 8 (CU8) or later, or Exchange Server 2013
    /// CU19 or later on all Exchange servers", and "All Exchange 2007 or Exchange 2010 servers must
    /// be removed". (The 2017 preview, "TAP: Outlook mobile support for Exchange on-premises with Microsoft Enterprise
    /// Mobility + Security", said 2013 CU17 / 2016 CU6; the current text wins.)</summary>
    public const string HybridModernAuth2013 = "Exchange Server 2013 CU19";

    /// <summary>Hybrid modern authentication for Outlook for iOS and Android, Exchange 2016 minimum (same source).</summary>
    public const string HybridModernAuth2016 = "Exchange Server 2016 CU8";

    /// <summary>Hybrid modern authentication for Outlook for iOS and Android, Exchange 2019 minimum (same source).</summary>
    public const string HybridModernAuth2019 = "Exchange Server 2019 CU1";

    /// <summary>The lowest EAS protocol version Exchange Online accepts from 2026-03-01 (Exchange Team
    /// blog, "Exchange Online ActiveSync Device Support Update", 2025-12-15, message center MC1197103):
    /// the text of the core's <see cref="OrganizationRelationship.ExchangeOnlineMinimumEasVersion"/>
    /// (<see cref="CloudProtocolFloors.ExchangeOnline"/>), which the checks use.</summary>
    public const string CloudProtocolFloor = "16.1";
}

/// <summary>Options of the server checks.</summary>
public sealed record ServerCheckOptions
{
    /// <summary>Outlook for iOS and Android uses (or will use) hybrid modern authentication: its
    /// findings are errors instead of warnings.</summary>
    public bool HybridModernAuthForOutlookMobile { get; init; }

    /// <summary>The organisation is hybrid: check that servers run the latest cumulative update or
    /// the one before it, which Microsoft requires of hybrid deployments (same source as
    /// <see cref="ExchangeMinimums.HybridModernAuth2013"/>). Default true.</summary>
    public bool Hybrid { get; init; } = true;

    /// <summary>The date the support check compares end-of-support dates with
    /// (<see cref="ExchangeBuildCatalog.GetEndOfSupport"/>); null (default) means today (UTC).</summary>
    public DateOnly? Today { get; init; }
}

/// <summary>
/// Readiness checks that need no directory data: the server inventory against the EAS redirect
/// and hybrid modern authentication minimums, and the devices of a log analysis. Checks of the
/// directory (organization relationships, remote mailboxes, credential continuity) come with
/// the directory models of the core.
/// </summary>
public static class ReadinessChecks
{
    /// <summary>Checks the servers of an inventory.</summary>
    /// <param name="inventory">The servers.</param>
    /// <param name="catalog">The build table (default: the embedded one).</param>
    /// <param name="options">Options.</param>
    /// <returns>The findings, one per code, each listing the servers concerned.</returns>
    public static IReadOnlyList<ReadinessFinding> CheckServers(ServerInventory inventory, ExchangeBuildCatalog? catalog = null, ServerCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        catalog ??= ExchangeBuildCatalog.Default;
        options ??= new ServerCheckOptions();
        ReadinessSeverity hmaSeverity = options.HybridModernAuthForOutlookMobile ? ReadinessSeverity.Error : ReadinessSeverity.Warning;

        var unknown = new List<string>();
        var e2007 = new List<string>();
        var noRedirect = new List<string>();
        var hmaLegacy = new List<string>();
        var hmaBuild = new List<string>();
        var notCurrent = new List<string>();
        var ready = new List<string>();

        foreach (InventoryProblem p in inventory.Problems)
        {
            unknown.Add(string.Create(CultureInfo.InvariantCulture, $"line {p.Line} ({p.Reason})"));
        }

        foreach (ExchangeServerInfo server in inventory.Servers)
        {
            ExchangeProduct product = ExchangeBuildCatalog.GetProduct(server.Build);
            string label = Describe(server, catalog);
            if (product == ExchangeProduct.Unknown || !catalog.TryIdentify(server.Build, out _))
            {
                unknown.Add(label);
                continue;
            }

            bool ok = true;
            switch (product)
            {
                case ExchangeProduct.Exchange2007:
                    e2007.Add(label);
                    hmaLegacy.Add(label);
                    ok = false;
                    break;
                case ExchangeProduct.Exchange2010:
                    hmaLegacy.Add(label);
                    if (server.Build < catalog.Get(ExchangeMinimums.EasRedirect2010).Build)
                    {
                        noRedirect.Add(label);
                        ok = false;
                    }

                    break;
                case ExchangeProduct.Exchange2013:
                    if (server.Build < catalog.Get(ExchangeMinimums.EasRedirect2013).Build)
                    {
                        noRedirect.Add(label);
                        ok = false;
                    }

                    if (server.Build < catalog.Get(ExchangeMinimums.HybridModernAuth2013).Build)
                    {
                        hmaBuild.Add(label);
                    }

                    break;
                case ExchangeProduct.Exchange2016:
                    if (server.Build < catalog.Get(ExchangeMinimums.HybridModernAuth2016).Build)
                    {
                        hmaBuild.Add(label);
                    }

                    break;
                case ExchangeProduct.Exchange2019:
                    if (server.Build < catalog.Get(ExchangeMinimums.HybridModernAuth2019).Build)
                    {
                        hmaBuild.Add(label);
                    }

                    break;
            }

            if (options.Hybrid && product >= ExchangeProduct.Exchange2013)
            {
                IReadOnlyList<ExchangeRelease> releases = catalog.GetReleases(product);
                ExchangeRelease floor = releases[Math.Max(0, releases.Count - 2)];
                if (server.Build < floor.Build)
                {
                    notCurrent.Add(label + ", latest " + releases[^1].Name);
                }
            }

            if (ok)
            {
                ready.Add(label);
            }
        }

        var findings = new List<ReadinessFinding>();
        ReadinessFindings.Add(findings, ReadinessSeverity.Error, ReadinessCode.Exchange2007InPath, e2007,
            "Exchange 2007 servers are in the organisation: they speak EAS 12.1 at most and cannot answer a migrated user's device with a 451 redirect.",
            "Make sure no EAS traffic reaches Exchange 2007 (point the ActiveSync namespace at Exchange 2013 or later) and decommission these servers.");
        ReadinessFindings.Add(findings, ReadinessSeverity.Error, ReadinessCode.EasRedirectUnsupportedBuild, noRedirect,
            "These servers are below Exchange 2010 SP3 RU9 / Exchange 2013 CU8 and answer migrated users' devices with UserHasNoMailbox instead of a 451 redirect.",
            "Update them to Exchange 2010 SP3 RU9 or Exchange 2013 CU8 or later (better: a supported current build), or keep them out of the ActiveSync path.");
        ReadinessFindings.Add(findings, hmaSeverity, ReadinessCode.HybridModernAuthLegacyServer, hmaLegacy,
            "Exchange 2007/2010 servers remain; hybrid modern authentication for Outlook for iOS and Android requires all of them to be removed.",
            "Decommission the Exchange 2007/2010 servers before enabling hybrid modern authentication.");
        ReadinessFindings.Add(findings, hmaSeverity, ReadinessCode.HybridModernAuthUnsupportedBuild, hmaBuild,
            "These servers are below the hybrid modern authentication minimum for Outlook for iOS and Android (Exchange 2013 CU19, 2016 CU8, 2019 CU1).",
            "Update every Exchange server to at least Exchange 2013 CU19, 2016 CU8 or 2019 CU1 before enabling hybrid modern authentication.");
        ReadinessFindings.Add(findings, ReadinessSeverity.Warning, ReadinessCode.HybridCumulativeUpdateNotCurrent, notCurrent,
            "These servers run neither the latest cumulative update of their version nor the one before it, which Microsoft requires in hybrid deployments.",
            "Install the latest cumulative update (or the one before it) of the server's version.");
        ReadinessFindings.Add(findings, ReadinessSeverity.Warning, ReadinessCode.UnknownServerBuild, unknown,
            "These inventory entries could not be read or their build is not in the build table, so they were not checked.",
            "Check the inventory (Get-ExchangeServer | Select-Object Name,AdminDisplayVersion | Export-Csv) and the build; newer builds than the table knows need a table update.");
        if (findings.Count == 0 && ready.Count > 0)
        {
            ReadinessFindings.Add(findings, ReadinessSeverity.Info, ReadinessCode.ServersReady, ready,
                "Every server meets the EAS redirect minimums (Exchange 2010 SP3 RU9, Exchange 2013 CU8; 2016 and later always).",
                "Nothing to do for the servers.");
        }

        // Support dates: a separate question from the redirect minimums (an old server can redirect and still be unsupported).
        DateOnly today = options.Today ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var unsupported = new List<string>();
        foreach (ExchangeServerInfo server in inventory.Servers)
        {
            ExchangeProduct product = ExchangeBuildCatalog.GetProduct(server.Build);
            if (ExchangeBuildCatalog.GetEndOfSupport(product) is { } end && end < today)
            {
                unsupported.Add(string.Create(CultureInfo.InvariantCulture, $"{Describe(server, catalog)}: support ended {end:yyyy-MM-dd}"));
            }
        }

        ReadinessFindings.Add(findings, ReadinessSeverity.Warning, ReadinessCode.ServerOutOfSupport, unsupported,
            "These servers run an Exchange version that is out of support (no more security updates); Exchange Server Subscription Edition is the supported version.",
            "Upgrade to Exchange Server Subscription Edition, or move the remaining mailboxes and decommission the servers.");

        return findings;
    }

    /// <summary>Turns a log analysis into findings: stuck devices, devices that cannot follow a 451,
    /// and redirected devices below the EAS version the target accepts (the analysis's
    /// <see cref="LogAnalysisTotals.CloudProtocolFloor"/>, by default Exchange Online's 16.1).</summary>
    /// <param name="report">The analysis.</param>
    /// <returns>The findings (none when the logs show no problem).</returns>
    public static IReadOnlyList<ReadinessFinding> CheckLogReport(LogAnalysisReport report) => CheckLogReport(report, directory: null);

    /// <summary>Turns a log analysis into findings, using the directory to find each redirected device's
    /// organization relationship and its <see cref="OrganizationRelationship.TargetMinimumEasVersion"/>.
    /// The relationship is the one the user's routing domain leads to (found by UPN, SMTP address or
    /// <c>DOMAIN\user</c>), else the one whose EAS endpoint is the logged redirect URL when all such
    /// relationships agree. Its minimum, when set, is the floor; an on-premises → cloud relationship
    /// without one gets Exchange Online's (<see cref="CloudProtocolFloors.ExchangeOnline"/>), a
    /// cross-forest or off-boarding one none. Devices whose relationship is not known get the analysis's
    /// <see cref="LogAnalysisTotals.CloudProtocolFloor"/> (by default Exchange Online's).</summary>
    /// <param name="report">The analysis.</param>
    /// <param name="directory">The directory, or null to use the analysis's floor for every device.</param>
    /// <returns>The findings (none when the logs show no problem).</returns>
    public static IReadOnlyList<ReadinessFinding> CheckLogReport(LogAnalysisReport report, DirectorySnapshot? directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        static string Label(DeviceActivity d) =>
            string.Create(CultureInfo.InvariantCulture, $"{d.User} / {(d.DeviceId.Length == 0 ? "-" : d.DeviceId)} ({d.DeviceType ?? "?"}, EAS {d.ProtocolVersion ?? "?"})");

        var belowFloor = new List<string>();
        var floors = new SortedSet<EasProtocolVersion>();
        foreach (DeviceActivity d in report.Devices)
        {
            if (d.Counts.Redirected == 0 || !d.Version.IsKnown)
            {
                continue;
            }

            EasProtocolVersion floor = TargetFloor(d, directory, report.Totals.CloudProtocolFloor, out OrganizationRelationship? relationship);
            if (floor.IsKnown && d.Version < floor)
            {
                floors.Add(floor);
                belowFloor.Add(relationship is null
                    ? Label(d)
                    : string.Create(CultureInfo.InvariantCulture, $"{Label(d)}: relationship {relationship.Name} needs EAS {floor}"));
            }
        }

        string floorText = floors.Count == 0 ? CloudProtocolFloors.ExchangeOnline.ToString() : string.Join(" / ", floors);
        var findings = new List<ReadinessFinding>();
        ReadinessFindings.Add(findings, ReadinessSeverity.Error, ReadinessCode.DevicesStuckWithUserHasNoMailbox,
            report.Devices.Where(d => d.LastOutcome == ActiveSyncOutcome.UserHasNoMailbox).Select(Label).ToList(),
            "These devices' latest request was answered UserHasNoMailbox: no redirect happened.",
            "Check each user is a remote mailbox whose routing domain matches an organization relationship with a TargetOWAURL, that the server handling EAS is Exchange 2010 SP3 RU9 / 2013 CU8 or later, and that the device speaks EAS 14.0 or later; otherwise re-create the account on the device.");
        ReadinessFindings.Add(findings, ReadinessSeverity.Warning, ReadinessCode.DevicesCannotFollowRedirect,
            report.Devices.Where(d => d.CanFollow451 == false).Select(Label).ToList(),
            "These devices speak an EAS version below 14.0 and cannot follow a 451 redirect.",
            "Update the device's mail app or reconfigure the account by hand after the mailbox move.");
        ReadinessFindings.Add(findings, ReadinessSeverity.Error, ReadinessCode.RedirectedDevicesBelowCloudProtocolFloor, belowFloor,
            floors.Count == 1 && floors.Min == CloudProtocolFloors.ExchangeOnline
                ? "These devices were redirected to Exchange Online but speak an EAS version below 16.1, which Exchange Online refuses since 2026-03-01."
                : "These devices were redirected but speak an EAS version below what the target accepts (" + floorText + "; Exchange Online refuses EAS below 16.1 since 2026-03-01).",
            "Update the device's mail app to one that speaks EAS " + floorText + " (or use Outlook for iOS and Android).");
        return findings;
    }

    /// <summary>The lowest EAS version the device's redirect target accepts (see
    /// <see cref="CheckLogReport(LogAnalysisReport, DirectorySnapshot?)"/>); <see cref="EasProtocolVersion.Unknown"/> for none.</summary>
    internal static EasProtocolVersion TargetFloor(DeviceActivity device, DirectorySnapshot? directory, EasProtocolVersion fallback, out OrganizationRelationship? relationship)
    {
        relationship = null;
        RelationshipTarget? target = directory is null ? null : FindTarget(device, directory);
        if (target is null)
        {
            return fallback;
        }

        relationship = target.Relationship;
        if (target.TargetMinimumEasVersion.IsKnown)
        {
            return target.TargetMinimumEasVersion;
        }

        return target.Relationship.Direction == RelationshipDirection.OnPremisesToCloud ? CloudProtocolFloors.ExchangeOnline : EasProtocolVersion.Unknown;
    }

    private static RelationshipTarget? FindTarget(DeviceActivity device, DirectorySnapshot directory)
    {
        // The resolver's own path (docs/design.md §3 step 4): the user's routing domain, matched exactly.
        if (directory.RecipientIndex.Find(device.User).Recipient is RemoteMailbox { RoutingSmtpAddress: { } routing }
            && directory.RelationshipIndex.Find(routing.Domain) is { } byUser)
        {
            return byUser;
        }

        // Otherwise the relationships whose EAS endpoint is where the device was sent, if they agree.
        if (device.RedirectTarget is not { } url)
        {
            return null;
        }

        RelationshipTarget? found = null;
        foreach (OrganizationRelationship r in directory.Relationships)
        {
            // Every domain of a relationship leads to the same (cached) target; a relationship has at least one.
            if (directory.RelationshipIndex.Find(r.DomainNames[0]) is { } t && string.Equals(t.EasEndpointUrl, url, StringComparison.OrdinalIgnoreCase))
            {
                if (found is not null && (found.TargetMinimumEasVersion != t.TargetMinimumEasVersion || found.Relationship.Direction != t.Relationship.Direction))
                {
                    return null;
                }

                found ??= t;
            }
        }

        return found;
    }

    private static string Describe(ExchangeServerInfo server, ExchangeBuildCatalog catalog) =>
        catalog.TryIdentify(server.Build, out ExchangeRelease? r)
            ? string.Create(CultureInfo.InvariantCulture, $"{server.Name} ({r.Name}, {server.Build})")
            : string.Create(CultureInfo.InvariantCulture, $"{server.Name} ({server.Build})");
}
