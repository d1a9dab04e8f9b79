using System.IO.Compression;
using System.Text;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Diagnostics.Tests.Logs;

/// <summary>Reading on several threads (files in parallel, large files cut into chunks) gives the report one thread
/// gives, byte for byte: devices, first/last seen, last and worst outcome, totals and broken-line samples.</summary>
public sealed class ParallelAnalysisTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "hc-par-" + Guid.NewGuid().ToString("N"));

    public ParallelAnalysisTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Json(LogAnalysisReport report)
    {
        using var ms = new MemoryStream();
        LogReportWriter.WriteJson(report, ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private (string Path, GeneratedLogTruth Truth) Write(string name, IisLogGeneratorOptions options, bool gzip = false)
    {
        string path = Path.Combine(_dir, name);
        using FileStream file = File.Create(path);
        if (gzip)
        {
            using var gz = new GZipStream(file, CompressionLevel.Fastest);
            return (path, IisLogGenerator.Generate(gz, options));
        }

        return (path, IisLogGenerator.Generate(file, options));
    }

    [Theory]
    [InlineData(2, 4 << 10)]
    [InlineData(3, 4 << 10)]
    [InlineData(2, 64 << 10)]
    [InlineData(8, 16 << 10)]
    public void AnalyzePaths_OneLargeFileInChunks_SameReportAsOneThread(int threads, int chunkBytes)
    {
        // Directives change mid-file (other column order), so chunks must pick up the directive in force; broken lines
        // check that sample line numbers count from the start of the file.
        (string path, GeneratedLogTruth truth) = Write("big.log", new IisLogGeneratorOptions
        {
            Seed = 11, Users = 40, TargetBytes = 600_000, FieldChangeEvery = 700, BrokenLineRate = 0.01, Base64QueryShare = 0.3,
        });
        Assert.True(new FileInfo(path).Length > 8L * chunkBytes);

        LogAnalysisReport one = ActiveSyncLogAnalyzer.AnalyzePaths([path], new LogAnalysisOptions { Threads = 1 });
        LogAnalysisReport many = ActiveSyncLogAnalyzer.AnalyzePaths([path], new LogAnalysisOptions { Threads = threads, ChunkBytes = chunkBytes });

        Assert.Equal(truth.ActiveSyncLines, one.Totals.ActiveSyncLines);
        Assert.Equal(truth.BrokenLines, one.Totals.BrokenLines);
        Assert.NotEmpty(one.BrokenLines);
        Assert.Equal(Json(one), Json(many));
        Assert.Equal(one.Totals, many.Totals with { InvalidQueriesByReason = one.Totals.InvalidQueriesByReason });
    }

    [Fact]
    public void AnalyzePaths_ChunkedReport_MatchesTheGeneratorsTruth()
    {
        (string path, GeneratedLogTruth truth) = Write("truth.log", new IisLogGeneratorOptions { Seed = 5, Users = 30, TargetBytes = 400_000 });

        LogAnalysisReport report = ActiveSyncLogAnalyzer.AnalyzePaths([path], new LogAnalysisOptions { Threads = 2, ChunkBytes = 8 << 10 });

        Assert.Equal(truth.Devices.Count, report.Devices.Count);
        foreach (GeneratedDevice expected in truth.Devices)
        {
            DeviceActivity actual = Assert.Single(report.Devices, d => d.User == expected.User && d.DeviceId == expected.DeviceId);
            Assert.Equal(expected.Counts, actual.Counts);
            Assert.Equal(expected.WorstOutcome, actual.WorstOutcome);
            Assert.Equal(expected.FirstSeen, actual.FirstSeen);
            Assert.Equal(expected.LastSeen, actual.LastSeen);
            Assert.Equal(expected.RedirectTarget, actual.RedirectTarget);
        }
    }

    [Fact]
    public void AnalyzePaths_ADirectoryOfPlainAndGzipFiles_SameReportAsOneThread()
    {
        for (int i = 0; i < 5; i++)
        {
            Write($"u_ex26010{i}.log", new IisLogGeneratorOptions { Seed = i, Users = 15, TargetBytes = 120_000, BrokenLineRate = 0.02, Start = new DateTime(2026, 1, 1 + i, 0, 0, 0, DateTimeKind.Utc) }, gzip: i % 2 == 1);
        }

        LogAnalysisReport one = ActiveSyncLogAnalyzer.AnalyzePaths([_dir], new LogAnalysisOptions { Threads = 1 });
        LogAnalysisReport many = ActiveSyncLogAnalyzer.AnalyzePaths([_dir], new LogAnalysisOptions { Threads = 3, ChunkBytes = 16 << 10 });

        Assert.Equal(5, many.Totals.Inputs);
        Assert.Equal(Json(one), Json(many));
    }

    [Fact]
    public void AnalyzePaths_SameSecondOnBothSidesOfACut_LaterLineWins()
    {
        // Every request in the same second: "latest" is decided by input order alone, also across chunks.
        var text = new StringBuilder("#Fields: date time cs-uri-stem cs-uri-query sc-status\r\n");
        for (int i = 0; i < 4000; i++)
        {
            string status = i == 3999 ? "451" : i % 2 == 0 ? "200" : "503";
            text.Append("2026-01-05 10:00:00 /Microsoft-Server-ActiveSync User=a&DeviceId=D1&DeviceType=iPhone&Cmd=Sync ").Append(status).Append("\r\n");
        }

        string path = Path.Combine(_dir, "tie.log");
        File.WriteAllText(path, text.ToString());
        LogAnalysisReport one = ActiveSyncLogAnalyzer.AnalyzePaths([path], new LogAnalysisOptions { Threads = 1 });
        LogAnalysisReport many = ActiveSyncLogAnalyzer.AnalyzePaths([path], new LogAnalysisOptions { Threads = 2, ChunkBytes = 4 << 10 });

        Assert.Equal(ActiveSyncOutcome.Redirected, one.Devices[0].LastOutcome);
        Assert.Equal(Json(one), Json(many));
    }

    [Fact]
    public void AnalyzePaths_ThreadsBelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ActiveSyncLogAnalyzer.AnalyzePaths([_dir], new LogAnalysisOptions { Threads = 0 }));

    [Fact]
    public void AnalyzePaths_CancelledWhileReadingInParallel_ThrowsOperationCanceled()
    {
        (string path, _) = Write("c.log", new IisLogGeneratorOptions { TargetBytes = 300_000 });
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(_ => cts.Cancel());
        Assert.ThrowsAny<OperationCanceledException>(() => ActiveSyncLogAnalyzer.AnalyzePaths([path], new LogAnalysisOptions { Threads = 2, ChunkBytes = 8 << 10 }, progress, cts.Token));
    }

    private sealed class SyncProgress(Action<LogAnalysisProgress> report) : IProgress<LogAnalysisProgress>
    {
        public void Report(LogAnalysisProgress value) => report(value);
    }
}
