using System;
using HybridCore.Addressing;
using HybridCore.DirectoryModel;

namespace HybridCore.Redirect;

/// <summary>
/// The rule that turns a relationship into the EAS endpoint sent in <c>X-MS-Location</c>.
/// <list type="number">
/// <item>If the relationship has an <see cref="OrganizationRelationship.EasEndpointOverride"/>, that URL.</item>
/// <item>Otherwise <c>https://{host}/Microsoft-Server-ActiveSync</c>, where host is the host of
/// TargetOWAURL (an absolute <c>http</c> or <c>https</c> URL: the Hybrid Configuration Wizard writes
/// <c>http://outlook.com/owa/&lt;domain&gt;</c>, KB 2952804) in <see cref="DomainName"/>'s canonical form (punycode, lower
/// case, no trailing dot), except that <c>outlook.com</c> — however written — becomes
/// <c>outlook.office365.com</c>: what Exchange logs as
/// <c>RdirTo:TryToFigureOutEasEndpoint;https://outlook.office365.com/Microsoft-Server-ActiveSync</c>.
/// The scheme, port (default or not), path, query and fragment of TargetOWAURL are not used: Exchange takes
/// only the host and always writes <c>https://</c>. (Exchange maps every host that merely <em>contains</em>
/// <c>outlook.com</c>; HybridCore maps only <c>outlook.com</c> itself, so a look-alike host is never turned
/// into Exchange Online: see docs/exchange-conformance.md.)</item>
/// </list>
/// The result is always an absolute https URL without user info, query or fragment; the
/// resolver never answers 451 without one ([MS-ASHTTP] 3.1.5.2.2: a 451 without X-MS-Location
/// sends the client through the whole Autodiscover process).
/// </summary>
public static class EasEndpoint
{
    /// <summary>The EAS virtual directory path.</summary>
    public const string Path = "/Microsoft-Server-ActiveSync";

    /// <summary>Exchange Online's EAS host, where devices of an <c>outlook.com</c> TargetOWAURL are sent.</summary>
    private const string ExchangeOnlineEasHost = "outlook.office365.com";

    /// <summary>The TargetOWAURL host of Exchange Online relationships (e.g. <c>https://outlook.com/owa/contoso.com</c>).
    /// Immutable (a canonical string in a readonly struct), so not mutable static state.</summary>
    private static readonly DomainName ExchangeOnlineOwaHost = DomainName.Parse("outlook.com");

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

        if ((owa.Scheme != Uri.UriSchemeHttps && owa.Scheme != Uri.UriSchemeHttp) || string.IsNullOrEmpty(owa.IdnHost))
        {
            return RedirectReason.TargetOwaUrlNotHttps;
        }

        string host = EndpointHost(owa);
        string candidate = "https://" + host + Path;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out Uri? uri) || !IsValid(uri))
        {
            return RedirectReason.TargetOwaUrlNotHttps;
        }

        endpoint = uri.AbsoluteUri;
        return RedirectReason.None;
    }

    /// <summary>
    /// The host of the endpoint: TargetOWAURL's host in <see cref="DomainName"/>'s canonical form (punycode,
    /// lower case, no trailing dot), so <c>OUTLOOK.COM</c>, <c>outlook.com.</c> and <c>outlook.com</c> are one
    /// host and all become <c>outlook.office365.com</c>. A host <see cref="DomainName"/> refuses (an IPv6
    /// literal, a name with <c>_</c>) is kept as <see cref="Uri"/> writes it. The port is never part of it.
    /// </summary>
    private static string EndpointHost(Uri owa)
    {
        if (DomainName.TryParse(owa.IdnHost, out DomainName name))
        {
            return name == ExchangeOnlineOwaHost ? ExchangeOnlineEasHost : name.Value;
        }

        return owa.HostNameType == UriHostNameType.IPv6 ? owa.Host : owa.IdnHost.ToLowerInvariant();
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
