using System;
using HybridCore.Directory;

namespace HybridCore.Redirect;

/// <summary>
/// The rule that turns a relationship into the EAS endpoint sent in <c>X-MS-Location</c>.
/// <list type="number">
/// <item>If the relationship has an <see cref="OrganizationRelationship.EasEndpointOverride"/>, that URL.</item>
/// <item>Otherwise <c>https://{host}/Microsoft-Server-ActiveSync</c>, where host is the host of
/// TargetOWAURL (which must be https), except that <c>outlook.com</c> becomes
/// <c>outlook.office365.com</c> — what Exchange logs as
/// <c>RdirTo:TryToFigureOutEasEndpoint;https://outlook.office365.com/Microsoft-Server-ActiveSync</c>.
/// The port and path of TargetOWAURL are not used.</item>
/// </list>
/// The result is always an absolute https URL without user info, query or fragment; the
/// resolver never answers 451 without one ([MS-ASHTTP] 3.1.5.2.2: a 451 without X-MS-Location
/// sends the client through the whole Autodiscover process).
/// </summary>
public static class EasEndpoint
{
    /// <summary>The EAS virtual directory path.</summary>
    public const string Path = "/Microsoft-Server-ActiveSync";

    /// <summary>Derives the endpoint.</summary>
    /// <param name="relationship">The relationship.</param>
    /// <param name="endpoint">The absolute https endpoint, or null.</param>
    /// <returns><see cref="RedirectReason.None"/> on success, else <see cref="RedirectReason.TargetOwaUrlMissing"/>
    /// or <see cref="RedirectReason.TargetOwaUrlNotHttps"/>.</returns>
    public static RedirectReason TryDerive(OrganizationRelationship relationship, out string? endpoint)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        endpoint = null;
        if (relationship.EasEndpointOverride is { } over)
        {
            endpoint = over.AbsoluteUri;
            return RedirectReason.None;
        }

        Uri? owa = relationship.TargetOwaUrl;
        if (owa is null)
        {
            return RedirectReason.TargetOwaUrlMissing;
        }

        if (owa.Scheme != Uri.UriSchemeHttps || string.IsNullOrEmpty(owa.IdnHost))
        {
            return RedirectReason.TargetOwaUrlNotHttps;
        }

        string host = owa.IdnHost.ToLowerInvariant();
        if (host == "outlook.com")
        {
            host = "outlook.office365.com";
        }

        string candidate = "https://" + host + Path;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out Uri? uri) || !IsValid(uri))
        {
            return RedirectReason.TargetOwaUrlNotHttps;
        }

        endpoint = uri.AbsoluteUri;
        return RedirectReason.None;
    }

    /// <summary>True for an absolute https URL with a host and without user info, query or fragment,
    /// whose text has no control characters (safe as an HTTP header value).</summary>
    /// <param name="uri">The URL.</param>
    /// <returns>True when usable as X-MS-Location.</returns>
    public static bool IsValid(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps || string.IsNullOrEmpty(uri.Host)
            || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return false;
        }

        foreach (char c in uri.AbsoluteUri)
        {
            if (char.IsControl(c) || c == ' ')
            {
                return false;
            }
        }

        return true;
    }
}
