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
    /// <summary>EAS clients below this version (14.0, written 140) cannot follow HTTP 451.
    /// <see cref="MinimumRedirectVersion"/> as a number (its <see cref="EasProtocolVersion.EncodedValue"/>).</summary>
    public const int MinimumRedirectProtocolVersion = 140;

    /// <summary>EAS clients below this version (14.0) cannot follow HTTP 451 (DESIGN §1.1; [MS-ASHTTP] 3.1.5.2.2).</summary>
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
