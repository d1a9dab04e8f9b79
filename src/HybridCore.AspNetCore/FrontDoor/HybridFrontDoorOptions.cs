using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HybridCore.AspNetCore.FrontDoor;

/// <summary>Who may ask the Autodiscover v2 endpoint (<c>/autodiscover/autodiscover.json</c>) about a moved mailbox.</summary>
public enum AutodiscoverV2Access
{
    /// <summary>
    /// Anyone, as Exchange answers it: Outlook for iOS and Android and new Outlook call it before they have
    /// credentials. An anonymous caller learns whether an address belongs to a moved mailbox and the tenant it
    /// moved to (see docs/aspnetcore.md, "Autodiscover v2"). The default.
    /// </summary>
    Anonymous = 0,

    /// <summary>Only authenticated callers get an answer; anonymous ones are challenged (HTTP 401).</summary>
    RequireAuthentication = 1,
}

/// <summary>
/// Settings of the front-door middleware: modern-auth pass-through, Autodiscover v2, OWA and the limiter of failed
/// log-ons. Validated when the host starts.
/// </summary>
public sealed class HybridFrontDoorOptions
{
    /// <summary>The Autodiscover v2 path; both <c>{path}?Email=…&amp;Protocol=…</c> and <c>{path}/v1.0/{address}?Protocol=…</c> are answered.</summary>
    public PathString AutodiscoverV2Path { get; set; } = new("/autodiscover/autodiscover.json");

    /// <summary>Whether Autodiscover v2 answers anonymous callers (as Exchange does) or requires authentication.</summary>
    public AutodiscoverV2Access AutodiscoverV2Access { get; set; } = AutodiscoverV2Access.Anonymous;

    /// <summary>
    /// The most redirects an Autodiscover v2 request may have been through: a request whose <c>RedirectCount</c>
    /// is already this high is answered with an error instead of another redirect. Default 10, the limit Microsoft
    /// documents for Autodiscover clients ("RedirectUrl (POX)": stop after 10 redirects).
    /// </summary>
    public int MaxAutodiscoverV2Redirects { get; set; } = 10;

    /// <summary>The Outlook on the web path. Matched case-insensitively, with everything under it.</summary>
    public PathString OwaPath { get; set; } = new("/owa");

    /// <summary>
    /// Authorization schemes that are not HybridCore's to judge: requests that carry them skip HybridCore and go to
    /// the back end untouched (Exchange validates OAuth tokens of hybrid modern authentication and Kerberos/NTLM
    /// itself). Default <c>Bearer</c>, <c>Negotiate</c>, <c>NTLM</c>.
    /// </summary>
    public IList<string> BackendAuthenticationSchemes { get; } = new List<string> { "Bearer", "Negotiate", "NTLM" };

    /// <summary>
    /// True when a back end is there to answer anonymous requests: they then go to it, and HybridCore adds its own
    /// challenge to the back end's 401 so that both Basic clients and modern-auth clients can proceed. False (no back
    /// end): anonymous requests are challenged by HybridCore alone, with <see cref="AdditionalChallenges"/>.
    /// </summary>
    public bool AnonymousToBackend { get; set; }

    /// <summary>Extra <c>WWW-Authenticate</c> values sent beside HybridCore's own challenge when no back end answers anonymous requests.</summary>
    public IList<string> AdditionalChallenges { get; } = new List<string>();

    /// <summary>Failed Basic log-ons allowed per client IP address in <see cref="FailedLogonWindow"/>; 0 turns the per-IP limit off. Default 20.</summary>
    public int FailedLogonsPerAddress { get; set; } = 20;

    /// <summary>
    /// Failed Basic log-ons allowed per user name in <see cref="FailedLogonWindow"/>; 0 turns the per-user limit off.
    /// Default 5: keep it below the directory's account lockout threshold, so that a password spray through the
    /// front door is refused here before it can lock the account in Active Directory.
    /// </summary>
    public int FailedLogonsPerUser { get; set; } = 5;

    /// <summary>The window the failed log-on limits count in. Default 5 minutes.</summary>
    public TimeSpan FailedLogonWindow { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Checks <see cref="HybridFrontDoorOptions"/> at start-up.</summary>
internal sealed class HybridFrontDoorOptionsValidator : IValidateOptions<HybridFrontDoorOptions>
{
    public ValidateOptionsResult Validate(string? name, HybridFrontDoorOptions options)
    {
        List<string> failures = [];
        CheckPath(options.AutodiscoverV2Path, nameof(options.AutodiscoverV2Path), failures);
        CheckPath(options.OwaPath, nameof(options.OwaPath), failures);
        if (!Enum.IsDefined(options.AutodiscoverV2Access))
        {
            failures.Add($"AutodiscoverV2Access must be Anonymous or RequireAuthentication (was {(int)options.AutodiscoverV2Access}).");
        }

        if (options.MaxAutodiscoverV2Redirects is < 1 or > 100)
        {
            failures.Add($"MaxAutodiscoverV2Redirects must be between 1 and 100 (was {options.MaxAutodiscoverV2Redirects}).");
        }

        foreach (string scheme in options.BackendAuthenticationSchemes)
        {
            if (string.IsNullOrWhiteSpace(scheme) || scheme.Any(c => c is ' ' or ',' || char.IsControl(c)))
            {
                failures.Add($"BackendAuthenticationSchemes must hold scheme names such as Bearer (was '{scheme}').");
            }
            else if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add("BackendAuthenticationSchemes must not contain Basic: Basic log-ons are the ones HybridCore judges.");
            }
        }

        foreach (string challenge in options.AdditionalChallenges)
        {
            if (string.IsNullOrWhiteSpace(challenge) || challenge.Any(char.IsControl))
            {
                failures.Add("AdditionalChallenges must not contain empty values or control characters.");
            }
        }

        if (options.FailedLogonsPerAddress < 0 || options.FailedLogonsPerUser < 0)
        {
            failures.Add("FailedLogonsPerAddress and FailedLogonsPerUser must be 0 (off) or more.");
        }

        if (options.FailedLogonWindow < TimeSpan.FromMilliseconds(100) || options.FailedLogonWindow > TimeSpan.FromDays(1))
        {
            failures.Add($"FailedLogonWindow must be between 100 ms and 1 day (was {options.FailedLogonWindow}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPath(PathString path, string what, List<string> failures)
    {
        if (!path.HasValue || path.Value!.Length < 2 || path.Value.EndsWith('/'))
        {
            failures.Add($"{what} must be a path such as /owa, without a trailing '/' (was '{path.Value}').");
        }
    }
}
