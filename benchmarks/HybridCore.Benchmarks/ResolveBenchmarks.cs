using System.Globalization;
using BenchmarkDotNet.Attributes;
using HybridCore.ActiveSync;
using HybridCore.Addressing;
using HybridCore.DirectoryModel;
using HybridCore.Redirect;

namespace HybridCore.Benchmarks;

/// <summary>
/// Builds a synthetic directory: <c>n</c> relationship domains (spread over at most 1 000 relationships)
/// and <c>n</c> remote mailboxes, each routed to one of those domains.
/// </summary>
internal static class SyntheticDirectory
{
    public static DomainName[] Domains(int n)
    {
        var domains = new DomainName[n];
        for (int i = 0; i < n; i++)
        {
            domains[i] = DomainName.Parse(string.Create(CultureInfo.InvariantCulture, $"tenant{i}.mail.onmicrosoft.com"));
        }

        return domains;
    }

    public static OrganizationRelationship[] Relationships(DomainName[] domains)
    {
        int perRelationship = Math.Max(1, domains.Length / 1000);
        var relationships = new List<OrganizationRelationship>();
        for (int start = 0; start < domains.Length; start += perRelationship)
        {
            relationships.Add(new OrganizationRelationship(
                string.Create(CultureInfo.InvariantCulture, $"rel{start}"),
                domains.Skip(start).Take(perRelationship),
                new Uri("https://outlook.com/owa/contoso.com"),
                targetMinimumEasVersion: EasProtocolVersionSet.V16_1));
        }

        return relationships.ToArray();
    }

    public static RemoteMailbox[] Recipients(DomainName[] domains)
    {
        var recipients = new RemoteMailbox[domains.Length];
        for (int i = 0; i < domains.Length; i++)
        {
            SmtpAddress upn = SmtpAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"user{i}@contoso.com"));
            ProxyAddress routing = ProxyAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"SMTP:user{i}@{domains[i].Value}"));
            recipients[i] = new RemoteMailbox(string.Create(CultureInfo.InvariantCulture, $"u{i}"), routing, upn, upn, logonName: LogonName.Parse(string.Create(CultureInfo.InvariantCulture, $"CONTOSO\\u{i}")));
        }

        return recipients;
    }
}

/// <summary>EAS resolve for one authenticated user: find the recipient by UPN, decide. Indexed vs a naive LINQ scan.</summary>
[MemoryDiagnoser]
public class ResolveBenchmarks
{
    private OrganizationRelationship[] _relationships = [];
    private RemoteMailbox[] _recipients = [];
    private RecipientIndex _recipientIndex = null!;
    private RedirectResolver _resolver = null!;
    private string _user = "";
    private readonly EasRedirectRequest _request = new(false, 14, 1, LogonNameForm.UserPrincipalName);

    [Params(10, 10_000, 1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        DomainName[] domains = SyntheticDirectory.Domains(N);
        _relationships = SyntheticDirectory.Relationships(domains);
        _recipients = SyntheticDirectory.Recipients(domains);
        _recipientIndex = new RecipientIndex(_recipients);
        _resolver = new RedirectResolver(new RelationshipIndex(_relationships));

        // The user in the middle: a linear scan pays about N/2 comparisons.
        _user = _recipients[N / 2].UserPrincipalName!.Value.ToUpperInvariant();
    }

    [Benchmark(Baseline = true)]
    public string? NaiveLinqScan()
    {
        // What a first implementation would do: scan the lists, derive the endpoint on each call.
        RemoteMailbox? who = _recipients.FirstOrDefault(r => string.Equals(r.UserPrincipalName?.Value, _user, StringComparison.OrdinalIgnoreCase));
        if (who?.RoutingSmtpAddress is not { } routing || _request.ProtocolMajor < 14)
        {
            return null;
        }

        OrganizationRelationship? rel = _relationships.FirstOrDefault(r => r.Enabled && r.DomainNames.Any(d => d.Matches(routing.Domain.Value)));
        return rel is null || EasEndpoint.TryDerive(rel, out string? endpoint) != RedirectReason.None ? null : endpoint;
    }

    [Benchmark]
    public string? IndexedResolve() => _resolver.ResolveEas(_request, _recipientIndex.Find(_user)).Location;
}
