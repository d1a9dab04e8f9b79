using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using HybridCore.Addressing;

namespace HybridCore.DirectoryModel;

/// <summary>
/// An immutable in-memory recipient index for hosts that keep the directory in memory: find a
/// recipient by UPN, by any SMTP proxy address (primary or secondary, with or without an
/// <c>SMTP:</c>/<c>smtp:</c> prefix) or by <c>DOMAIN\sam</c>. Case-insensitive; domains compared
/// canonically. Lookups from spans allocate nothing unless the domain part is internationalised
/// (non-ASCII), which is normalised first.
/// </summary>
public sealed class RecipientIndex
{
    /// <summary>Longest <c>DOMAIN\user</c> built from a bare name and a default domain (the down-level logon name
    /// limits are 15 + 1 + 20 characters; anything much longer cannot be a logon name).</summary>
    private const int MaxQualifiedLogonName = 256;

    private readonly SpanLookup<Recipient> _byUpn;
    private readonly SpanLookup<Recipient> _bySmtp;
    private readonly SpanLookup<Recipient> _byLogon;

    /// <summary>Builds the index.</summary>
    /// <param name="recipients">The recipients.</param>
    /// <exception cref="DirectoryValidationException">Two recipients share a UPN, an SMTP address or a logon name; every conflict is listed.</exception>
    public RecipientIndex(IEnumerable<Recipient> recipients)
        : this(recipients, leftOut: null)
    {
    }

    /// <summary>Builds the index, leaving out (when <paramref name="leftOut"/> is given) each recipient that has a UPN,
    /// SMTP address or logon name an earlier recipient has, instead of failing.</summary>
    /// <param name="recipients">The recipients.</param>
    /// <param name="leftOut">Null to throw on a conflict. Otherwise receives each recipient left out, by position, with
    /// its first conflict; the earlier recipient keeps the value. A recipient left out still has, while the later ones are
    /// checked, the values it was the first to have: a later recipient that shares one of them is left out too.</param>
    internal RecipientIndex(IEnumerable<Recipient> recipients, List<LeftOutEntry>? leftOut)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        var upn = new Dictionary<string, Recipient>(StringComparer.OrdinalIgnoreCase);
        var smtp = new Dictionary<string, Recipient>(StringComparer.OrdinalIgnoreCase);
        var logon = new Dictionary<string, Recipient>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<DirectoryValidationError>();
        HashSet<Recipient>? removed = null;
        int i = 0;
        int left = 0;
        foreach (Recipient r in recipients)
        {
            int before = errors.Count;
            if (r is null)
            {
                errors.Add(new DirectoryValidationError(DirectoryErrorCode.MissingValue, Path(i, string.Empty), "Null recipient."));
            }
            else
            {
                if (r.UserPrincipalName is not null)
                {
                    Add(upn, r.UserPrincipalName.Value, r, i, ".userPrincipalName", "UPN", errors);
                }

                foreach (SmtpAddress a in r.GetSmtpAddresses())
                {
                    Add(smtp, a.Value, r, i, ".emailAddresses", "SMTP address", errors);
                }

                if (r.LogonName is not null)
                {
                    Add(logon, r.LogonName.Value, r, i, ".logonName", "logon name", errors);
                }
            }

            if (leftOut is not null && errors.Count > before)
            {
                leftOut.Add(new LeftOutEntry(i, errors[before]));
                left++;
                if (r is not null)
                {
                    (removed ??= new HashSet<Recipient>(ReferenceEqualityComparer.Instance)).Add(r);
                }
            }

            i++;
        }

        if (leftOut is null && errors.Count > 0)
        {
            throw new DirectoryValidationException(errors);
        }

        if (removed is not null)
        {
            // Only now: until every recipient was checked, a recipient left out kept the values it was first to have.
            Forget(upn, removed);
            Forget(smtp, removed);
            Forget(logon, removed);
        }

        Count = i - left;

        _byUpn = new SpanLookup<Recipient>(upn);
        _bySmtp = new SpanLookup<Recipient>(smtp);
        _byLogon = new SpanLookup<Recipient>(logon);
    }

    /// <summary>How many recipients the index holds.</summary>
    public int Count { get; }

    /// <summary>Finds by user name as a device sends it: <c>DOMAIN\sam</c> when it has a backslash,
    /// else the UPN, else any SMTP address.</summary>
    /// <param name="userName">The user name.</param>
    /// <returns>What was found.</returns>
    public RecipientLookupResult Find(ReadOnlySpan<char> userName)
    {
        if (userName.Contains('\\'))
        {
            return FindByLogonName(userName);
        }

        RecipientLookupResult r = FindByUserPrincipalName(userName);
        return r.Recipient is not null ? r : FindBySmtpAddress(userName);
    }

    /// <summary>
    /// Finds by user name as IIS Basic authentication with a default domain accepts it: a bare name (no <c>\</c>,
    /// no <c>@</c>) such as <c>user12</c> is looked up as <c>{defaultDomain}\user12</c>; other names as
    /// <see cref="Find(ReadOnlySpan{char})"/>. Allocation-free.
    /// </summary>
    /// <param name="userName">The user name.</param>
    /// <param name="defaultDomain">The default (NetBIOS) domain, e.g. <c>CONTOSO</c>; empty means none.</param>
    /// <returns>What was found.</returns>
    public RecipientLookupResult Find(ReadOnlySpan<char> userName, ReadOnlySpan<char> defaultDomain)
    {
        if (defaultDomain.IsEmpty || userName.IsEmpty || userName.Contains('\\') || userName.Contains('@'))
        {
            return Find(userName);
        }

        int length = defaultDomain.Length + 1 + userName.Length;
        if (length > MaxQualifiedLogonName)
        {
            return RecipientLookupResult.NotFound;
        }

        Span<char> qualified = stackalloc char[MaxQualifiedLogonName];
        defaultDomain.CopyTo(qualified);
        qualified[defaultDomain.Length] = '\\';
        userName.CopyTo(qualified[(defaultDomain.Length + 1)..]);
        return FindByLogonName(qualified[..length]);
    }

    /// <summary>Finds by UPN.</summary>
    /// <param name="userPrincipalName">The UPN.</param>
    /// <returns>What was found.</returns>
    public RecipientLookupResult FindByUserPrincipalName(ReadOnlySpan<char> userPrincipalName) => FindAddress(_byUpn, userPrincipalName);

    /// <summary>Finds by any SMTP address of the recipient; an <c>SMTP:</c>/<c>smtp:</c> prefix is accepted.</summary>
    /// <param name="address">The address.</param>
    /// <returns>What was found.</returns>
    public RecipientLookupResult FindBySmtpAddress(ReadOnlySpan<char> address)
    {
        if (address.Length > 5 && address[..5].Equals("smtp:", StringComparison.OrdinalIgnoreCase))
        {
            address = address[5..];
        }

        return FindAddress(_bySmtp, address);
    }

    /// <summary>Finds by <c>DOMAIN\sam</c>.</summary>
    /// <param name="logonName">The logon name.</param>
    /// <returns>What was found.</returns>
    public RecipientLookupResult FindByLogonName(ReadOnlySpan<char> logonName) =>
        RecipientLookupResult.From(_byLogon.TryGetValue(logonName, out Recipient? r) ? r : null);

    private static RecipientLookupResult FindAddress(SpanLookup<Recipient> map, ReadOnlySpan<char> address)
    {
        if (!SmtpAddress.TrySplit(address, out _, out ReadOnlySpan<char> domain))
        {
            return RecipientLookupResult.NotFound;
        }

        ReadOnlySpan<char> trimmed = DomainName.TrimTrailingDot(domain);
        if (trimmed.Length != domain.Length)
        {
            // The trailing dot is the last character: drop it from the whole span.
            address = address[..^1];
            domain = trimmed;
        }

        if (Ascii.IsValid(domain))
        {
            return RecipientLookupResult.From(map.TryGetValue(address, out Recipient? r) ? r : null);
        }

        // Internationalised domain: canonicalise (allocates).
        return SmtpAddress.TryParse(address, out SmtpAddress? parsed) && map.TryGetValue(parsed.Value, out Recipient? found)
            ? RecipientLookupResult.From(found)
            : RecipientLookupResult.NotFound;
    }

    /// <summary>An error's path (made only for an error: not one string per recipient of a large directory).</summary>
    private static string Path(int index, string member) => string.Create(CultureInfo.InvariantCulture, $"recipients[{index}]{member}");

    /// <summary>Removes the values whose owner is one of <paramref name="removed"/>.</summary>
    private static void Forget(Dictionary<string, Recipient> map, HashSet<Recipient> removed)
    {
        foreach (KeyValuePair<string, Recipient> entry in map)
        {
            if (removed.Contains(entry.Value))
            {
                map.Remove(entry.Key);
            }
        }
    }

    private static void Add(Dictionary<string, Recipient> map, string key, Recipient r, int index, string member, string what, List<DirectoryValidationError> errors)
    {
        if (map.TryGetValue(key, out Recipient? existing))
        {
            if (!ReferenceEquals(existing, r))
            {
                errors.Add(new DirectoryValidationError(DirectoryErrorCode.DuplicateAddress, Path(index, member), string.Create(CultureInfo.InvariantCulture, $"The {what} '{key}' of '{r.Identity}' already belongs to '{existing.Identity}'.")));
            }

            return;
        }

        map.Add(key, r);
    }
}
