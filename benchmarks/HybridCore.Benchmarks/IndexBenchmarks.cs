using System.Globalization;
using BenchmarkDotNet.Attributes;
using HybridCore.DirectoryModel;

namespace HybridCore.Benchmarks;

/// <summary>
/// Relationship lookup by domain from a span: the frozen-dictionary index against a naive LINQ scan.
/// </summary>
[MemoryDiagnoser]
public class IndexBenchmarks
{
    private OrganizationRelationship[] _relationships = [];
    private RelationshipIndex _index = null!;
    private char[] _query = [];

    [Params(10, 10_000, 1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _relationships = SyntheticDirectory.Relationships(SyntheticDirectory.Domains(N));
        _index = new RelationshipIndex(_relationships);
        _query = string.Create(CultureInfo.InvariantCulture, $"Tenant{N / 2}.MAIL.onmicrosoft.com.").ToCharArray();
    }

    [Benchmark(Baseline = true)]
    public OrganizationRelationship? NaiveLinqScan()
    {
        string q = new(_query);
        return _relationships.FirstOrDefault(r => r.DomainNames.Any(d => d.Matches(q)));
    }

    [Benchmark]
    public OrganizationRelationship? IndexTryFind() => _index.TryFind(_query, out RelationshipTarget? t) ? t.Relationship : null;
}
