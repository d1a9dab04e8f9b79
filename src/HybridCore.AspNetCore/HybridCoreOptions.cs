using HybridCore.ActiveSync;
using HybridCore.Redirect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HybridCore.AspNetCore;

/// <summary>Settings of the HybridCore middleware. Validated when the host starts.</summary>
public sealed class HybridCoreOptions
{
    /// <summary>The smallest accepted <see cref="MaxAutodiscoverRequestBytes"/>.</summary>
    public const int MinAutodiscoverRequestBytes = 256;

    /// <summary>The largest accepted <see cref="MaxAutodiscoverRequestBytes"/>.</summary>
    public const int MaxAutodiscoverRequestBytesLimit = 1024 * 1024;

    /// <summary>The path Exchange ActiveSync devices use ([MS-ASHTTP] 2.2.1.1.1). Matched case-insensitively.</summary>
    public PathString ActiveSyncPath { get; set; } = new("/Microsoft-Server-ActiveSync");

    /// <summary>The path Outlook and mobile clients POST Autodiscover requests to ([MS-OXDSCLI] 3.2.5). Matched case-insensitively.</summary>
    public PathString AutodiscoverPath { get; set; } = new("/autodiscover/autodiscover.xml");

    /// <summary>Autodiscover request bodies larger than this are refused with HTTP 413. Default 32 KiB (a real request is well under 1 KiB).</summary>
    public int MaxAutodiscoverRequestBytes { get; set; } = 32 * 1024;

    /// <summary>The authentication scheme challenged for anonymous callers; null uses the default challenge scheme.</summary>
    public string? ChallengeScheme { get; set; }

    /// <summary>
    /// What to do with an authenticated user the directory does not know. False (default, as Exchange): ActiveSync
    /// gets UserHasNoMailbox, Autodiscover error 500. True: the request goes to the next middleware, for hosts whose
    /// <see cref="IHybridDirectory"/> only holds moved mailboxes.
    /// </summary>
    public bool PassUnknownUsersToNext { get; set; }

    /// <summary>Redirect users of cloud → on-premises (off-boarding) relationships too. Exchange does not; off by default.</summary>
    public bool AllowOffboarding { get; set; }

    /// <summary>Redirect users of relationships to another on-premises organisation (cross-forest moves). Exchange does not; off by default.</summary>
    public bool AllowCrossForest { get; set; }

    /// <summary>Refuse to redirect through a relationship whose <c>Enabled</c> is false. Exchange's EAS path does not look at
    /// the flag (only its Autodiscover MobileSyncRedirectBypass does); off by default.</summary>
    public bool RequireEnabledRelationship { get; set; }

    /// <summary>Exchange's <c>MobileSyncRedirectBypassEnabled</c> (KB 3035227): mobilesync Autodiscover requests whose User-Agent
    /// starts with one of <see cref="MobileSyncRedirectBypassClientPrefixes"/> get the target's EAS settings instead of a
    /// redirect. On by default, as in Exchange.</summary>
    public bool MobileSyncRedirectBypassEnabled { get; set; } = true;

    /// <summary>Exchange's <c>MobileSyncRedirectBypassClientPrefixes</c>: pre-filled with Exchange's list
    /// (<see cref="RedirectPolicy.DefaultMobileSyncRedirectBypassClientPrefixes"/>, KB 3035227). Add to it, or clear it.</summary>
    public IList<string> MobileSyncRedirectBypassClientPrefixes { get; } = new List<string>(RedirectPolicy.DefaultMobileSyncRedirectBypassClientPrefixes);

    /// <summary>Exchange's <c>MinRedirectProtocolVersion</c>: the lowest EAS version answered with 451 (12.0, 12.1 or 14.0;
    /// default 14.0).</summary>
    public EasProtocolVersion MinRedirectProtocolVersion { get; set; } = RedirectPolicy.MinimumRedirectVersion;
}

/// <summary>Checks <see cref="HybridCoreOptions"/> at start-up (registered with <c>ValidateOnStart</c>).</summary>
internal sealed class HybridCoreOptionsValidator : IValidateOptions<HybridCoreOptions>
{
    public ValidateOptionsResult Validate(string? name, HybridCoreOptions options)
    {
        List<string>? failures = null;
        CheckPath(options.ActiveSyncPath, nameof(HybridCoreOptions.ActiveSyncPath), ref failures);
        CheckPath(options.AutodiscoverPath, nameof(HybridCoreOptions.AutodiscoverPath), ref failures);
        if (options.ActiveSyncPath.HasValue && options.AutodiscoverPath.HasValue &&
            options.ActiveSyncPath.Equals(options.AutodiscoverPath, StringComparison.OrdinalIgnoreCase))
        {
            (failures ??= []).Add("ActiveSyncPath and AutodiscoverPath must differ.");
        }

        if (options.MaxAutodiscoverRequestBytes is < HybridCoreOptions.MinAutodiscoverRequestBytes or > HybridCoreOptions.MaxAutodiscoverRequestBytesLimit)
        {
            (failures ??= []).Add(
                $"MaxAutodiscoverRequestBytes must be between {HybridCoreOptions.MinAutodiscoverRequestBytes} and {HybridCoreOptions.MaxAutodiscoverRequestBytesLimit} (was {options.MaxAutodiscoverRequestBytes}).");
        }

        foreach (string agent in options.MobileSyncRedirectBypassClientPrefixes)
        {
            if (string.IsNullOrWhiteSpace(agent))
            {
                (failures ??= []).Add("MobileSyncRedirectBypassClientPrefixes must not contain empty entries.");
                break;
            }
        }

        if (options.MinRedirectProtocolVersion < RedirectPolicy.LowestMinRedirectProtocolVersion || options.MinRedirectProtocolVersion > RedirectPolicy.MinimumRedirectVersion)
        {
            (failures ??= []).Add($"MinRedirectProtocolVersion must be 12.0, 12.1 or 14.0 (was {options.MinRedirectProtocolVersion}).");
        }

        if (options.ChallengeScheme is { Length: 0 })
        {
            (failures ??= []).Add("ChallengeScheme must be null (the default scheme) or a scheme name.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPath(PathString path, string what, ref List<string>? failures)
    {
        if (!path.HasValue || path.Value!.Length < 2)
        {
            (failures ??= []).Add($"{what} must be a path such as /Microsoft-Server-ActiveSync.");
        }
        else if (path.Value.EndsWith('/') || path.Value.Contains('?', StringComparison.Ordinal) || path.Value.Contains('#', StringComparison.Ordinal))
        {
            (failures ??= []).Add($"{what} must not end with '/' or contain a query or fragment (was '{path.Value}').");
        }
    }
}
