using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Diagnostics.Tests.Logs;

/// <summary>
/// Every row of the Parquet export, read back with DuckDB, against values computed here from the log text (split on
/// spaces under the last <c>#Fields:</c> directive) and against the generator's truth per device: pins the values and
/// the order of the rows, whatever the exporter caches, batches or writes in the background.
/// </summary>
public sealed class ParquetExportRowTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hc-pqrow-" + Guid.NewGuid().ToString("N"));

    public ParquetExportRowTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed record Row(
        long? TimeMs, string? Date, string? Server, string? ClientIp, string? User, string? DeviceId, string? DeviceType,
        string? Command, string? Version, int? Status, string Outcome, string? Redirect, string? Error, string? Exception,
        string? Agent, int? TimeTaken, string Source, long Line);

    private (string Logs, List<GeneratedLogTruth> Truths) WriteLogs(int days)
    {
        string logs = Path.Combine(_dir, "logs");
        Directory.CreateDirectory(logs);
        var truths = new List<GeneratedLogTruth>();
        for (int day = 0; day < days; day++)
        {
            using FileStream f = File.Create(Path.Combine(logs, $"u_ex2601{5 + day:00}.log"));
            truths.Add(IisLogGenerator.Generate(f, new IisLogGeneratorOptions
            {
                Seed = 40 + day, Users = 30, TargetBytes = 300_000, BrokenLineRate = 0.01, Base64QueryShare = 0.2,
                FieldChangeEvery = 500, Start = new DateTime(2026, 1, 5 + day, 23, 59, 30, DateTimeKind.Utc),
            }));
        }

        return (logs, truths);
    }

    private static List<Row> ReadRows(string parquet)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT epoch_ms(time), date, server, client_ip, "user", device_id, device_type, command, protocol_version,
                   http_status, outcome, redirect_target, error, exception, user_agent, time_taken_ms, source_file, line
            FROM read_parquet('{parquet}', file_row_number = true, hive_partitioning = false) ORDER BY file_row_number
            """;
        using var reader = command.ExecuteReader();
        var rows = new List<Row>();
        while (reader.Read())
        {
            string? S(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            int? I(int i) => reader.IsDBNull(i) ? null : Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture);
            rows.Add(new Row(
                reader.IsDBNull(0) ? null : Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
                S(1), S(2), S(3), S(4), S(5), S(6), S(7), S(8), I(9), S(10)!, S(11), S(12), S(13), S(14), I(15), S(16)!,
                Convert.ToInt64(reader.GetValue(17), CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    /// <summary>The ActiveSync data lines of a log, in order: line number and field values by name.</summary>
    private static List<(long Line, Dictionary<string, string> Fields)> ActiveSyncLines(string path)
    {
        var result = new List<(long, Dictionary<string, string>)>();
        string[] names = [];
        long number = 0;
        foreach (string text in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (text.StartsWith("#Fields:", StringComparison.Ordinal))
            {
                names = text["#Fields:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                continue;
            }

            string[] values = text.Split(' ');
            if (text.StartsWith('#') || values.Length != names.Length)
            {
                continue; // directives and broken lines (the generator's broken lines have a wrong field count)
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < names.Length; i++)
            {
                fields[names[i]] = values[i];
            }

            if (fields.TryGetValue("cs-uri-stem", out string? stem) && stem.StartsWith("/Microsoft-Server-ActiveSync", StringComparison.OrdinalIgnoreCase))
            {
                result.Add((number, fields));
            }
        }

        return result;
    }

    private static string? Field(Dictionary<string, string> fields, string name)
        => fields.TryGetValue(name, out string? v) && v != "-" ? v : null;

    [Fact]
    public async Task Export_SmallRowGroups_EveryRowMatchesItsLogLineInInputOrder()
    {
        (string logs, List<GeneratedLogTruth> truths) = WriteLogs(days: 2);
        string output = Path.Combine(_dir, "requests.parquet");

        // Row groups of 7 rows: hundreds of hand-overs to the background writer and reuses of the batch arrays.
        ParquetExportResult result = await ActiveSyncParquetExporter.ExportAsync([logs], output, new ParquetExportOptions { RowGroupRows = 7 });
        List<Row> rows = ReadRows(output);

        var expected = new List<(string Source, long Line, Dictionary<string, string> Fields)>();
        foreach (string file in Directory.GetFiles(logs).Order(StringComparer.Ordinal))
        {
            expected.AddRange(ActiveSyncLines(file).Select(l => (file, l.Line, l.Fields)));
        }

        Assert.Equal(truths.Sum(t => t.ActiveSyncLines), result.Rows);
        Assert.Equal(expected.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Row row = rows[i];
            (string source, long line, Dictionary<string, string> f) = expected[i];
            Assert.Equal(source, row.Source);
            Assert.Equal(line, row.Line);
            DateTime time = DateTime.Parse(f["date"] + "T" + f["time"] + "Z", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            Assert.Equal(new DateTimeOffset(time).ToUnixTimeMilliseconds(), row.TimeMs);
            Assert.Equal(f["date"], row.Date);
            Assert.Equal(Field(f, "s-ip"), row.Server);
            Assert.Equal(Field(f, "c-ip"), row.ClientIp);
            Assert.Equal(Field(f, "cs(User-Agent)"), row.Agent);
            Assert.Equal(int.Parse(f["sc-status"], CultureInfo.InvariantCulture), row.Status);
            Assert.Equal(int.Parse(f["time-taken"], CultureInfo.InvariantCulture), row.TimeTaken);
            string query = f["cs-uri-query"];
            Assert.Equal(query.Contains("Error:UserHasNoMailbox", StringComparison.Ordinal), row.Error == "UserHasNoMailbox");
            Assert.Equal(query.Contains("RdirTo:", StringComparison.Ordinal), row.Redirect is not null);
            if (row.DeviceId is not null && query.Contains("DeviceId=", StringComparison.Ordinal))
            {
                Assert.Contains("DeviceId=" + row.DeviceId, query, StringComparison.Ordinal);
            }
        }

        // Per device, the rows add up to the generator's truth.
        foreach (GeneratedDevice device in truths.SelectMany(t => t.Devices).GroupBy(d => (d.User, d.DeviceId)).Select(g => g.Last()))
        {
            List<Row> mine = rows.Where(r => r.User == device.User && (r.DeviceId ?? string.Empty) == device.DeviceId).ToList();
            OutcomeCounts counts = truths.SelectMany(t => t.Devices).Where(d => d.User == device.User && d.DeviceId == device.DeviceId)
                .Aggregate(default(OutcomeCounts), (a, d) => a + d.Counts);
            foreach (ActiveSyncOutcome outcome in Enum.GetValues<ActiveSyncOutcome>())
            {
                Assert.Equal(counts[outcome], mine.LongCount(r => r.Outcome == outcome.ToString()));
            }
        }

        // Same rows, same order, with the default row group size.
        string single = Path.Combine(_dir, "single.parquet");
        await ActiveSyncParquetExporter.ExportAsync([logs], single);
        Assert.Equal(rows, ReadRows(single));
    }

    [Fact]
    public async Task Export_PartitionedWithSmallRowGroups_HoldsTheSameRowsPerDay()
    {
        (string logs, _) = WriteLogs(days: 2);
        string single = Path.Combine(_dir, "single.parquet");
        string folder = Path.Combine(_dir, "by-date");
        await ActiveSyncParquetExporter.ExportAsync([logs], single);
        ParquetExportResult result = await ActiveSyncParquetExporter.ExportAsync([logs], folder, new ParquetExportOptions { PartitionByDate = true, RowGroupRows = 5 });

        // The logs start at 23:59:30, so each file spans two dates: three days in all, rows of two dates held at once.
        Assert.Equal(3, result.Files.Count);
        List<Row> all = ReadRows(single);
        foreach (string file in result.Files)
        {
            string date = Path.GetFileName(Path.GetDirectoryName(file)!)["date=".Length..];
            List<Row> part = ReadRows(file);
            Assert.Equal(all.Where(r => r.Date == date).ToList(), part);
        }
    }
}
