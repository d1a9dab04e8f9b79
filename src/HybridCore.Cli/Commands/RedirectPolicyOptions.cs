using System.CommandLine;
using HybridCore.ActiveSync;
using HybridCore.AspNetCore;
using HybridCore.Redirect;

namespace HybridCore.Cli.Commands;

/// <summary>
/// The redirect settings <c>serve</c> and <c>resolve</c> share, named after Exchange's settings
/// (docs/exchange-conformance.md): the default logon domain, MobileSyncRedirectBypassEnabled /
/// MobileSyncRedirectBypassClientPrefixes (KB 3035227), MinRedirectProtocolVersion, and the opt-in
/// refusal of disabled relationships.
/// </summary>
internal sealed class RedirectPolicyOptions
{
    public Option<string?> DefaultDomain { get; } = new("--default-domain")
    {
        Description = "Default logon domain (NetBIOS name, e.g. CONTOSO), as IIS Basic authentication's: a bare user name such as user12 is taken as CONTOSO\\user12.",
        CustomParser = r =>
        {
            string text = r.Tokens.Single().Value;
            if (text.Length is 0 or > 255 || text.Any(c => c is '\\' or '@' or '/' || char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                r.AddError($"--default-domain must be a domain name such as CONTOSO, without \\, @, / or spaces (was '{text}').");
                return null;
            }

            return text;
        },
    };

    public Option<bool> BypassEnabled { get; } = new("--mobilesync-redirect-bypass-enabled")
    {
        Description = "Exchange's MobileSyncRedirectBypassEnabled (KB 3035227): mobilesync Autodiscover clients whose User-Agent starts with a listed prefix get the target's EAS settings instead of a redirect.",
        DefaultValueFactory = _ => true,
    };

    public Option<string[]?> BypassPrefixes { get; } = new("--mobilesync-redirect-bypass-client-prefixes")
    {
        Description = "Exchange's MobileSyncRedirectBypassClientPrefixes, comma separated as in Autodiscover's web.config; empty for none. Default: Exchange's list (Acer,ADR9,Ally,Amazon,Android,… KB 3035227).",
        CustomParser = r => r.Tokens.Single().Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
    };

    public Option<EasProtocolVersion> MinRedirectProtocolVersion { get; } = new("--min-redirect-protocol-version")
    {
        Description = "Exchange's MinRedirectProtocolVersion: the lowest EAS version answered with 451 (12.0, 12.1 or 14.0).",
        DefaultValueFactory = _ => RedirectPolicy.MinimumRedirectVersion,
        CustomParser = r =>
        {
            string text = r.Tokens.Single().Value;
            if (EasProtocolVersion.TryParse(text, out EasProtocolVersion v) && v >= RedirectPolicy.LowestMinRedirectProtocolVersion && v <= RedirectPolicy.MinimumRedirectVersion)
            {
                return v;
            }

            r.AddError($"--min-redirect-protocol-version must be 12.0, 12.1 or 14.0 (was '{text}').");
            return default;
        },
    };

    public Option<bool> RequireEnabledRelationship { get; } = new("--require-enabled-relationship")
    {
        Description = "Refuse to redirect through disabled organization relationships (stricter than Exchange, whose ActiveSync path ignores Enabled).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(DefaultDomain);
        command.Options.Add(BypassEnabled);
        command.Options.Add(BypassPrefixes);
        command.Options.Add(MinRedirectProtocolVersion);
        command.Options.Add(RequireEnabledRelationship);
    }

    public RedirectPolicy CreatePolicy(ParseResult parse) => new(
        mobileSyncRedirectBypassClientPrefixes: Prefixes(parse),
        mobileSyncRedirectBypassEnabled: parse.GetValue(BypassEnabled),
        requireEnabledRelationship: parse.GetValue(RequireEnabledRelationship),
        minRedirectProtocolVersion: parse.GetValue(MinRedirectProtocolVersion));

    /// <summary>The prefixes given, or null when the option is absent (an array option reads as empty then, which would
    /// mean "no prefixes" instead of Exchange's list).</summary>
    private string[]? Prefixes(ParseResult parse) => parse.GetResult(BypassPrefixes) is null ? null : parse.GetValue(BypassPrefixes);

    /// <summary>Copies the settings into the middleware options (what <c>serve</c> runs).</summary>
    public Action<HybridCoreOptions> Configure(ParseResult parse)
    {
        string[]? prefixes = Prefixes(parse);
        bool enabled = parse.GetValue(BypassEnabled);
        bool requireEnabled = parse.GetValue(RequireEnabledRelationship);
        EasProtocolVersion min = parse.GetValue(MinRedirectProtocolVersion);
        return o =>
        {
            o.MobileSyncRedirectBypassEnabled = enabled;
            if (prefixes is not null)
            {
                o.MobileSyncRedirectBypassClientPrefixes.Clear();
                foreach (string p in prefixes)
                {
                    o.MobileSyncRedirectBypassClientPrefixes.Add(p);
                }
            }

            o.RequireEnabledRelationship = requireEnabled;
            o.MinRedirectProtocolVersion = min;
        };
    }
}
