using System.DirectoryServices.Protocols;
using System.Globalization;
using HybridCore.DirectoryModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HybridCore.Ldap;

/// <summary>What one read of the directory produced.</summary>
/// <param name="Snapshot">The directory, validated and indexed.</param>
/// <param name="BaseDn">The domain naming context searched for recipients.</param>
/// <param name="ConfigurationDn">The configuration naming context searched for relationships.</param>
/// <param name="NetBiosDomain">The NetBIOS domain used for logon names, or null.</param>
/// <param name="ObjectsRead">Entries returned by the server (relationships and recipients).</param>
/// <param name="Skipped">Entries left out, with the reason for each (at most <see cref="LdapDirectoryReader.MaxReportedSkips"/> listed).</param>
/// <param name="SkippedCount">How many entries were left out in all.</param>
public sealed record LdapDirectoryReadResult(
    DirectorySnapshot Snapshot,
    string BaseDn,
    string ConfigurationDn,
    string? NetBiosDomain,
    int ObjectsRead,
    IReadOnlyList<string> Skipped,
    int SkippedCount);

/// <summary>
/// Reads Exchange's organization relationships and recipients from Active Directory into a
/// <see cref="DirectorySnapshot"/>, with RFC 2696 simple paged searches (bounded memory per page; the paging control
/// is critical, so a server without it fails instead of returning a truncated result) and never a silently
/// truncated result: a size or time limit hit is an error.
/// </summary>
/// <remarks>
/// Naming contexts come from the RootDSE (<c>defaultNamingContext</c>, <c>configurationNamingContext</c>, which
/// Active Directory publishes, MS-ADTS 3.1.1.3.2) unless <see cref="LdapDirectoryOptions.BaseDn"/> and
/// <see cref="LdapDirectoryOptions.ConfigurationDn"/> are given. Entries that do not make a valid recipient or
/// relationship (an unparseable address, a duplicate proxy address) are left out and reported in
/// <see cref="LdapDirectoryReadResult.Skipped"/>; the rest of the directory still loads.
/// </remarks>
public sealed class LdapDirectoryReader
{
    /// <summary>How many skipped entries are listed by reason.</summary>
    public const int MaxReportedSkips = 100;

    private readonly LdapConnector _connector;
    private readonly ILogger _logger;

    /// <summary>Creates a reader that connects with <paramref name="connector"/>.</summary>
    public LdapDirectoryReader(LdapConnector connector, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connector);
        _connector = connector;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Reads the whole directory.</summary>
    /// <param name="progress">Receives the number of recipient entries read so far, after each page.</param>
    /// <param name="cancellationToken">Checked between pages.</param>
    /// <exception cref="LdapDirectoryException">The server could not be read completely.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public LdapDirectoryReadResult Read(IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        Read(null, progress, cancellationToken);

    /// <summary>Reads the whole directory again, reusing the recipients of <paramref name="previous"/> that did not change
    /// (see <see cref="DirectorySnapshotBuilder"/>): while a refresh builds the new snapshot, the one in use and the new
    /// one hold what did not change once.</summary>
    /// <param name="previous">The snapshot in use, or null.</param>
    /// <param name="progress">Receives the number of recipient entries read so far, after each page.</param>
    /// <param name="cancellationToken">Checked between pages.</param>
    /// <exception cref="LdapDirectoryException">The server could not be read completely.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public LdapDirectoryReadResult Read(DirectorySnapshot? previous, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        LdapDirectoryOptions options = _connector.Options;
        using LdapConnection connection = _connector.OpenServiceConnection();
        (string? defaultNc, string? configNc) = options.BaseDn is not null && options.ConfigurationDn is not null
            ? (null, null)
            : ReadRootDse(connection);
        string baseDn = options.BaseDn ?? defaultNc
            ?? throw new LdapDirectoryException($"The RootDSE of {options.Server} has no defaultNamingContext (not Active Directory?); give the base DN explicitly.");
        string configDn = options.ConfigurationDn ?? configNc
            ?? throw new LdapDirectoryException($"The RootDSE of {options.Server} has no configurationNamingContext (not Active Directory?); give the configuration DN explicitly.");
        string? netbios = options.NetBiosDomain ?? ReadNetBiosName(connection, configDn, baseDn);

        // Each entry becomes its model as its page arrives (DirectorySnapshotBuilder), and the page is dropped before the
        // next is asked for: memory is the snapshot plus one page, never every entry's plain data besides.
        int read = 0;
        var skipped = new List<string>();
        int skippedCount = 0;
        var builder = new DirectorySnapshotBuilder(previous);
        foreach (SearchResultEntry entry in PagedSearch(connection, configDn, ExchangeAttributes.RelationshipFilter, ExchangeAttributes.RelationshipAttributes, cancellationToken))
        {
            read++;
            OrganizationRelationshipData relationship = LdapEntryMapper.ToRelationship(entry);
            if (!builder.TryAddRelationship(relationship, out IReadOnlyList<DirectoryValidationError> errors))
            {
                Skip(skipped, ref skippedCount, $"relationship '{relationship.Name ?? entry.DistinguishedName}': {errors[0].Message}");
            }
        }

        int recipientEntries = 0;
        foreach (SearchResultEntry entry in PagedSearch(connection, baseDn, ExchangeAttributes.RecipientFilter, ExchangeAttributes.RecipientAttributes, cancellationToken, () => progress?.Report(recipientEntries)))
        {
            read++;
            recipientEntries++;
            if (recipientEntries > options.MaxRecipients)
            {
                throw new LdapDirectoryException(string.Create(CultureInfo.InvariantCulture, $"More than {options.MaxRecipients} recipients under '{baseDn}'; raise the limit or narrow the base DN."));
            }

            if (LdapEntryMapper.ToRecipient(entry, netbios, out string? reason) is not { } recipient)
            {
                Skip(skipped, ref skippedCount, $"{entry.DistinguishedName}: {reason}");
            }
            else if (!builder.TryAddRecipient(recipient, out IReadOnlyList<DirectoryValidationError> errors))
            {
                Skip(skipped, ref skippedCount, $"{entry.DistinguishedName}: {errors[0].Message}");
            }
        }

        progress?.Report(recipientEntries);
        // Every entry was checked on its own when added, and an entry that conflicts with an earlier one is left out
        // (not thrown). A relationship whose TargetOwaUrl is http:// is kept (the Hybrid Configuration Wizard writes
        // http://outlook.com/owa/<domain>, KB 2952804); the resolver reports it per request.
        var conflicts = new List<DirectoryValidationError>();
        DirectorySnapshot snapshot = builder.Build(conflicts);

        foreach (DirectoryValidationError conflict in conflicts)
        {
            // The message names both owners ("The SMTP address 'x' of 'b' already belongs to 'a'.").
            Skip(skipped, ref skippedCount, conflict.Message);
        }

        if (skippedCount > 0)
        {
            _logger.LogWarning("LDAP directory read: {Skipped} entries left out; first: {First}", skippedCount, skipped[0]);
        }

        return new LdapDirectoryReadResult(snapshot, baseDn, configDn, netbios, read, skipped, skippedCount);
    }

    private static void Skip(List<string> skipped, ref int count, string reason)
    {
        count++;
        if (skipped.Count < MaxReportedSkips)
        {
            skipped.Add(reason);
        }
    }

    private (string? DefaultNc, string? ConfigNc) ReadRootDse(LdapConnection connection)
    {
        var request = new SearchRequest(string.Empty, "(objectClass=*)", SearchScope.Base, "defaultNamingContext", "configurationNamingContext");
        SearchResponse response = Send(connection, request, "read the RootDSE");
        if (response.Entries.Count == 0)
        {
            return (null, null);
        }

        SearchResultEntry root = response.Entries[0];
        return (LdapEntryMapper.Single(root, "defaultNamingContext"), LdapEntryMapper.Single(root, "configurationNamingContext"));
    }

    private string? ReadNetBiosName(LdapConnection connection, string configDn, string baseDn)
    {
        // The domain's crossRef object under CN=Partitions holds its NetBIOS name (MS-ADTS 6.1.1.2.1.1.1: crossRef
        // objects of domain naming contexts carry nETBIOSName).
        var request = new SearchRequest(
            "CN=Partitions," + configDn,
            $"(&(objectClass=crossRef)({ExchangeAttributes.NcName}={LdapFilter.Escape(baseDn)}))",
            SearchScope.OneLevel,
            ExchangeAttributes.NetBiosName);
        try
        {
            SearchResponse response = Send(connection, request, "read the domain's NetBIOS name");
            return response.Entries.Count == 1 ? LdapEntryMapper.Single(response.Entries[0], ExchangeAttributes.NetBiosName) : null;
        }
        catch (LdapDirectoryException e) when (e.InnerException is DirectoryOperationException { Response.ResultCode: ResultCode.NoSuchObject })
        {
            _logger.LogInformation("No CN=Partitions under {ConfigurationDn}: logon names (DOMAIN\\user) are not read; give the NetBIOS domain explicitly.", configDn);
            return null;
        }
    }

    /// <summary>An RFC 2696 simple paged search; each page is one request bounded by the search timeout.</summary>
    private IEnumerable<SearchResultEntry> PagedSearch(LdapConnection connection, string baseDn, string filter, string[] attributes, CancellationToken cancellationToken, Action? afterPage = null)
    {
        LdapDirectoryOptions options = _connector.Options;
        var page = new PageResultRequestControl(options.PageSize) { IsCritical = true };
        var request = new SearchRequest(baseDn, filter, SearchScope.Subtree, attributes)
        {
            TimeLimit = options.SearchTimeout,
            SizeLimit = 0,
        };
        request.Controls.Add(page);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SearchResponse response = Send(connection, request, $"search '{baseDn}' for {filter}");
            foreach (SearchResultEntry entry in response.Entries)
            {
                yield return entry;
            }

            afterPage?.Invoke();
            PageResultResponseControl? result = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault();
            if (result is null || result.Cookie is not { Length: > 0 })
            {
                yield break;
            }

            page.Cookie = result.Cookie;
        }
    }

    private SearchResponse Send(LdapConnection connection, SearchRequest request, string what)
    {
        try
        {
            var response = (SearchResponse)connection.SendRequest(request, _connector.Options.SearchTimeout);
            if (response.ResultCode != ResultCode.Success)
            {
                throw new LdapDirectoryException($"LDAP {what} ended with {response.ResultCode}: {response.ErrorMessage}");
            }

            return response;
        }
        catch (DirectoryOperationException e)
        {
            ResultCode code = e.Response?.ResultCode ?? ResultCode.Other;
            string hint = code switch
            {
                ResultCode.SizeLimitExceeded => " The server's size limit cut the result short; nothing was loaded (raise the limit for the service account, e.g. MaxPageSize/MaxResultSetSize in AD or 'limits' in slapd).",
                ResultCode.TimeLimitExceeded => " The server's time limit was reached.",
                ResultCode.InsufficientAccessRights => " The service account lacks read access (see docs/ldap.md).",
                ResultCode.UnavailableCriticalExtension => " The server does not support simple paged results (RFC 2696).",
                _ => string.Empty,
            };
            throw new LdapDirectoryException($"LDAP {what} failed: {code} {e.Response?.ErrorMessage ?? e.Message}.{hint}", e);
        }
        catch (LdapException e)
        {
            throw _connector.Describe(e, what);
        }
    }

}
