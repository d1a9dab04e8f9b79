using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using HybridCore.ActiveSync;

namespace HybridCore.Redirect;

/// <summary>
/// How the resolver behaves. The defaults are Exchange's behaviour (docs/exchange-conformance.md lists
/// every rule with its source): only on-premises → cloud relationships redirect; the relationship's
/// <c>Enabled</c> flag is not looked at on the EAS path; EAS needs protocol
/// <see cref="MinRedirectProtocolVersion"/> (14.0; OPTIONS is redirected whatever its version); and
/// MobileSyncRedirectBypass is on with the client prefixes of KB 3035227. Immutable.
/// </summary>
public sealed class RedirectPolicy
{
    /// <summary>
    /// Exchange's default <c>MinRedirectProtocolVersion</c> (14.0): the lowest EAS protocol version the resolver
    /// answers with HTTP 451 unless a policy sets another <see cref="MinRedirectProtocolVersion"/>. The diagnostics'
    /// log analysis reports "can follow 451" against it.
    /// </summary>
    /// <remarks>The 451 response and X-MS-Location are [MS-ASHTTP] 3.1.5.2.2, which names no version. The 14.0 floor
    /// is Exchange's: its ActiveSync setting <c>MinRedirectProtocolVersion</c> defaults to 140 and accepts 120 to 140
    /// (and the Exchange team's "Exchange ActiveSync on-boarding to Office 365", 2015: "the EAS version on the
    /// device should be 14 or higher").</remarks>
    public static EasProtocolVersion MinimumRedirectVersion => EasProtocolVersion.V14_0;

    /// <summary>The lowest <see cref="MinRedirectProtocolVersion"/> Exchange accepts (12.0).</summary>
    public static EasProtocolVersion LowestMinRedirectProtocolVersion => EasProtocolVersion.V12_0;

    /// <summary>
    /// The MobileSyncRedirectBypassClientPrefixes that Exchange ships (KB 3035227, "Some Android devices do not
    /// redirect to Exchange Online"), in the KB's order: User-Agent prefixes of mobile clients that get the
    /// target's EAS settings instead of an Autodiscover redirect.
    /// </summary>
    public static ImmutableArray<string> DefaultMobileSyncRedirectBypassClientPrefixes { get; } =
    [
        "Acer", "ADR9", "Ally", "Amazon", "Android", "ASUS", "EasClient", "FUJITSU", "HTC", "HUAWEI", "LG", "LS", "Moto", "Mozilla",
        "NEC", "Nokia", "Palm", "PANASONIC", "PANTECH", "Remoba", "Samsung", "SEMC", "SHARP", "SONY-", "TOSHIBA", "Vortex", "VS", "ZTE",
    ];

    /// <summary>Exchange's behaviour.</summary>
    public static RedirectPolicy Default { get; } = new();

    /// <summary>Creates a policy.</summary>
    /// <param name="allowOffboarding">Opt in: redirect through relationships whose direction is cloud → on-premises.</param>
    /// <param name="allowCrossForest">Opt in: redirect through relationships to another on-premises forest.</param>
    /// <param name="mobileSyncRedirectBypassClientPrefixes">Exchange's <c>MobileSyncRedirectBypassClientPrefixes</c>: User-Agent
    /// prefixes (compared ordinally, ignoring case) of mobile clients that get the target's EAS settings instead of an
    /// Autodiscover redirect (KB 3035227). Null means <see cref="DefaultMobileSyncRedirectBypassClientPrefixes"/>; empty
    /// entries are ignored.</param>
    /// <param name="mobileSyncRedirectBypassEnabled">Exchange's <c>MobileSyncRedirectBypassEnabled</c> (default true). False
    /// turns the bypass off whatever the prefixes.</param>
    /// <param name="requireEnabledRelationship">Opt in: refuse to redirect through a relationship whose <c>Enabled</c> is false
    /// (<see cref="RedirectReason.RelationshipDisabled"/>). Exchange's EAS path does not look at the flag; default false.</param>
    /// <param name="minRedirectProtocolVersion">Exchange's <c>MinRedirectProtocolVersion</c>: the lowest EAS version answered with
    /// 451; 12.0, 12.1 or 14.0. Null (and <see cref="EasProtocolVersion.Unknown"/>) mean 14.0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minRedirectProtocolVersion"/> is outside 12.0–14.0.</exception>
    public RedirectPolicy(
        bool allowOffboarding = false,
        bool allowCrossForest = false,
        IEnumerable<string>? mobileSyncRedirectBypassClientPrefixes = null,
        bool mobileSyncRedirectBypassEnabled = true,
        bool requireEnabledRelationship = false,
        EasProtocolVersion? minRedirectProtocolVersion = null)
    {
        AllowOffboarding = allowOffboarding;
        AllowCrossForest = allowCrossForest;
        MobileSyncRedirectBypassEnabled = mobileSyncRedirectBypassEnabled;
        RequireEnabledRelationship = requireEnabledRelationship;
        if (mobileSyncRedirectBypassClientPrefixes is null)
        {
            MobileSyncRedirectBypassClientPrefixes = DefaultMobileSyncRedirectBypassClientPrefixes;
        }
        else
        {
            var prefixes = ImmutableArray.CreateBuilder<string>();
            foreach (string p in mobileSyncRedirectBypassClientPrefixes)
            {
                if (!string.IsNullOrEmpty(p))
                {
                    prefixes.Add(p);
                }
            }

            MobileSyncRedirectBypassClientPrefixes = prefixes.ToImmutable();
        }

        EasProtocolVersion min = minRedirectProtocolVersion is { IsKnown: true } v ? v : MinimumRedirectVersion;
        if (min < LowestMinRedirectProtocolVersion || min > MinimumRedirectVersion)
        {
            throw new ArgumentOutOfRangeException(nameof(minRedirectProtocolVersion), min.ToString(), "MinRedirectProtocolVersion must be 12.0, 12.1 or 14.0 (Exchange accepts 120 to 140).");
        }

        MinRedirectProtocolVersion = min;
    }

    /// <summary>Redirect through off-boarding (cloud → on-premises) relationships. Exchange does not; default false.</summary>
    public bool AllowOffboarding { get; }

    /// <summary>Redirect through cross-forest relationships. Exchange does not; default false.</summary>
    public bool AllowCrossForest { get; }

    /// <summary>Refuse relationships whose <c>Enabled</c> is false on every path. Exchange looks at the flag only for the
    /// Autodiscover MobileSyncRedirectBypass; default false.</summary>
    public bool RequireEnabledRelationship { get; }

    /// <summary>Exchange's <c>MobileSyncRedirectBypassEnabled</c>: whether the bypass is on (default true).</summary>
    public bool MobileSyncRedirectBypassEnabled { get; }

    /// <summary>Exchange's <c>MobileSyncRedirectBypassClientPrefixes</c>: the bypass User-Agent prefixes.</summary>
    public ImmutableArray<string> MobileSyncRedirectBypassClientPrefixes { get; }

    /// <summary>Exchange's <c>MinRedirectProtocolVersion</c>: requests below it (except OPTIONS) get
    /// <see cref="RedirectReason.ProtocolVersionTooLow"/>. 14.0 unless configured (12.0–14.0).</summary>
    public EasProtocolVersion MinRedirectProtocolVersion { get; }

    internal bool IsBypassUserAgent(ReadOnlySpan<char> userAgent)
    {
        if (!MobileSyncRedirectBypassEnabled || userAgent.IsEmpty)
        {
            return false;
        }

        foreach (string p in MobileSyncRedirectBypassClientPrefixes)
        {
            if (userAgent.StartsWith(p, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
