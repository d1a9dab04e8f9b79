using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using HybridCore.ActiveSync;

namespace HybridCore.Redirect;

/// <summary>
/// How the resolver behaves. The defaults are Exchange's behaviour: only on-premises → cloud
/// relationships redirect, EAS needs protocol 14.0 (OPTIONS is redirected whatever its version),
/// and no MobileSyncRedirectBypass User-Agents are configured. Immutable.
/// </summary>
public sealed class RedirectPolicy
{
    /// <summary>
    /// The lowest EAS protocol version the resolver answers with HTTP 451 (14.0): older clients cannot
    /// follow the redirect, so a non-OPTIONS request below it gets <see cref="RedirectReason.ProtocolVersionTooLow"/>.
    /// This is the one source of that rule: <see cref="RedirectResolver.ResolveEas(in EasRedirectRequest, HybridCore.Directory.RecipientLookupResult)"/>
    /// applies it, and the diagnostics' log analysis reports "can follow 451" against it.
    /// </summary>
    /// <remarks>The 451 response and X-MS-Location are [MS-ASHTTP] 3.1.5.2.2, which names no version; the 14.0
    /// floor is Exchange's on-boarding behaviour ("the EAS version on the device should be 14 or higher", the
    /// Exchange team's "Exchange ActiveSync on-boarding to Office 365", 2015; docs/design.md §4 rule 6).</remarks>
    public static EasProtocolVersion MinimumRedirectVersion => EasProtocolVersion.V14_0;

    /// <summary>Exchange's behaviour.</summary>
    public static RedirectPolicy Default { get; } = new();

    /// <summary>Creates a policy.</summary>
    /// <param name="allowOffboarding">Opt in: redirect through relationships whose direction is cloud → on-premises.</param>
    /// <param name="allowCrossForest">Opt in: redirect through relationships to another on-premises forest.</param>
    /// <param name="mobileSyncRedirectBypassUserAgentPrefixes">User-Agent prefixes (compared ordinally, ignoring case) of
    /// mobile clients known not to follow Autodiscover redirects; they get the target's settings directly (KB 3035227).</param>
    public RedirectPolicy(bool allowOffboarding = false, bool allowCrossForest = false, IEnumerable<string>? mobileSyncRedirectBypassUserAgentPrefixes = null)
    {
        AllowOffboarding = allowOffboarding;
        AllowCrossForest = allowCrossForest;
        var prefixes = ImmutableArray.CreateBuilder<string>();
        foreach (string p in mobileSyncRedirectBypassUserAgentPrefixes ?? [])
        {
            if (!string.IsNullOrEmpty(p))
            {
                prefixes.Add(p);
            }
        }

        MobileSyncRedirectBypassUserAgentPrefixes = prefixes.ToImmutable();
    }

    /// <summary>Redirect through off-boarding (cloud → on-premises) relationships. Exchange does not; default false.</summary>
    public bool AllowOffboarding { get; }

    /// <summary>Redirect through cross-forest relationships. Exchange does not; default false.</summary>
    public bool AllowCrossForest { get; }

    /// <summary>The MobileSyncRedirectBypass User-Agent prefixes.</summary>
    public ImmutableArray<string> MobileSyncRedirectBypassUserAgentPrefixes { get; }

    internal bool IsBypassUserAgent(ReadOnlySpan<char> userAgent)
    {
        foreach (string p in MobileSyncRedirectBypassUserAgentPrefixes)
        {
            if (userAgent.StartsWith(p, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
