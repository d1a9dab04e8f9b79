using DuckDB.NET.Data;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Diagnostics.Tests.Logs;

/// <summary>The Parquet export is read back by a real engine (DuckDB, embedded) and checked against the generator's
/// truth and against the analyser's report, with the queries docs/parquet-export.md gives admins.</summary>
public sealed class ParquetExportTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hc-pq-" + Guid.NewGuid().ToString("N"));

    public ParquetExportTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (string Logs, List<GeneratedLogTruth> Truths) WriteLogs()
    {
        string logs = Path.Combine(_dir, "logs");
        Directory.CreateDirectory(logs);
        var truths = new List<GeneratedLogTruth>();
        for (int day = 0; day < 2; day++)
        {
            using FileStream f = File.Create(Path.Combine(logs, $"u_ex2601{5 + day:00}.log"));
            truths.Add(IisLogGenerator.Generate(f, new IisLogGeneratorOptions
            {
                Seed = 20 + day, Users = 25, TargetBytes = 250_000, BrokenLineRate = 0.01, Base64QueryShare = 0.2,
                Start = new DateTime(2026, 1, 5 + day, 0, 0, 0, DateTimeKind.Utc),
            }));
        }

        return (logs, truths);
    }

    private static object? Scalar(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static Dictionary<string, long> Rows(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, long>();
        while (reader.Read())
        {
            rows[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }

        return rows;
    }

    [Fact]
    public async Task Export_OneFile_DuckDbCountsEveryRequestAndEachOutcome()
    {
        (string logs, List<GeneratedLogTruth> truths) = WriteLogs();
        string output = Path.Combine(_dir, "requests.parquet");

        ParquetExportResult result = await ActiveSyncParquetExporter.ExportAsync([logs], output, new ParquetExportOptions { RowGroupRows = 1000 });

        long expected = truths.Sum(t => t.ActiveSyncLines);
        Assert.Equal(expected, result.Rows);
        Assert.Equal([output], result.Files);
        Assert.Equal(expected, Convert.ToInt64(Scalar($"SELECT count(*) FROM read_parquet('{output}')"), System.Globalization.CultureInfo.InvariantCulture));
        // Several row groups were written (1000 rows each).
        Assert.True(Convert.ToInt64(Scalar($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{output}')"), System.Globalization.CultureInfo.InvariantCulture) > 1);

        Dictionary<string, long> byOutcome = Rows($"SELECT outcome, count(*) FROM read_parquet('{output}') GROUP BY outcome");
        OutcomeCounts truth = default;
        foreach (GeneratedDevice d in truths.SelectMany(t => t.Devices))
        {
            truth += d.Counts;
        }

        foreach (ActiveSyncOutcome outcome in Enum.GetValues<ActiveSyncOutcome>())
        {
            Assert.Equal(truth[outcome], byOutcome.GetValueOrDefault(outcome.ToString()));
        }

        long noMailboxLines = truths.Sum(t => t.LinesContainingUserHasNoMailbox);
        Assert.Equal(noMailboxLines, Convert.ToInt64(Scalar($"SELECT count(*) FROM read_parquet('{output}') WHERE error = 'UserHasNoMailbox'"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Export_DocumentedQueries_ReproduceTheReportsStuckAndBelowFloorCounts()
    {
        (string logs, _) = WriteLogs();
        string output = Path.Combine(_dir, "requests.parquet");
        await ActiveSyncParquetExporter.ExportAsync([logs], output);
        LogAnalysisReport report = ActiveSyncLogAnalyzer.AnalyzePaths([logs], new LogAnalysisOptions { Threads = 1 });
        Assert.True(report.Totals.DevicesStuck > 0);
        Assert.True(report.Totals.RedirectedBelowCloudFloor > 0);

        string stuck = DocQuery("stuck-devices-duckdb").Replace("'requests.parquet'", $"'{output}'", StringComparison.Ordinal);
        string belowFloor = DocQuery("below-floor-duckdb").Replace("'requests.parquet'", $"'{output}'", StringComparison.Ordinal);

        Assert.Equal((long)report.Totals.DevicesStuck, Convert.ToInt64(Scalar($"SELECT count(*) FROM ({stuck})"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((long)report.Totals.RedirectedBelowCloudFloor, Convert.ToInt64(Scalar($"SELECT count(*) FROM ({belowFloor})"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Export_PartitionedByDate_OneFolderPerDayReadAsHivePartitions()
    {
        (string logs, List<GeneratedLogTruth> truths) = WriteLogs();
        string output = Path.Combine(_dir, "out");

        ParquetExportResult result = await ActiveSyncParquetExporter.ExportAsync([logs], output, new ParquetExportOptions { PartitionByDate = true });

        Assert.Equal(2, result.Files.Count);
        Assert.All(result.Files, f => Assert.Contains("date=2026-01-0", f, StringComparison.Ordinal));
        Dictionary<string, long> byDay = Rows($"SELECT CAST(date AS VARCHAR), count(*) FROM read_parquet('{output}/*/*.parquet', hive_partitioning = true) GROUP BY 1");
        Assert.Equal(truths.Sum(t => t.ActiveSyncLines), byDay.Values.Sum());
        Assert.Equal(2, byDay.Count);
    }

    /// <summary>A query from docs/parquet-export.md: the SQL between <c>-- query: NAME</c> and the closing fence.</summary>
    private static string DocQuery(string name)
    {
        string doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "parquet-export.md"));
        int at = doc.IndexOf("-- query: " + name + "\n", StringComparison.Ordinal);
        Assert.True(at >= 0, $"docs/parquet-export.md has no query '{name}'");
        int start = doc.IndexOf('\n', at) + 1;
        int end = doc.IndexOf("```", start, StringComparison.Ordinal);
        return doc[start..end].Trim().TrimEnd(';');
    }

    private static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "HybridCore.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("HybridCore.sln not found above the test binaries.");
    }
}
