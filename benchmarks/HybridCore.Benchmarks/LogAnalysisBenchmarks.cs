using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Benchmarks;

/// <summary>
/// Throughput of the IIS log analyser over a generated 32 MiB Exchange front-end log held in
/// memory (no disk), one thread. Baseline: counting the lines that contain "UserHasNoMailbox"
/// with a vectorised search, the in-process equivalent of <c>grep -c UserHasNoMailbox</c>.
/// The MB/s column is the log size divided by the mean time. For the tool-level comparison with
/// the real grep over 1 GiB see benchmarks/scripts/log-throughput.sh.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class LogAnalysisBenchmarks
{
    internal const int LogBytes = 32 << 20;

    private static byte[] s_log = [];
    private static string s_file = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var ms = new MemoryStream(LogBytes + (1 << 16));
        IisLogGenerator.Generate(ms, new IisLogGeneratorOptions { Users = 5000, MaxDevicesPerUser = 2, TargetBytes = LogBytes });
        s_log = ms.ToArray();
        // The file-level benchmarks read the same bytes from a file (page cache after the first iteration).
        s_file = Path.Combine(Path.GetTempPath(), "hybridcore-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".log");
        File.WriteAllBytes(s_file, s_log);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(s_file);
        File.Delete(s_file + ".parquet");
    }

    [Benchmark(Baseline = true)]
    public int CountUserHasNoMailboxLines()
    {
        ReadOnlySpan<byte> rest = s_log;
        int count = 0;
        int at;
        while ((at = rest.IndexOf("UserHasNoMailbox"u8)) >= 0)
        {
            count++;
            int nl = rest.Slice(at).IndexOf((byte)'\n');
            if (nl < 0)
            {
                break;
            }

            rest = rest.Slice(at + nl + 1);
        }

        return count;
    }

    [Benchmark]
    public long ReadLinesOnly()
    {
        using var reader = new W3CLogReader();
        reader.Read(new MemoryStream(s_log, writable: false), "bench.log", new NullVisitor());
        return reader.Statistics.DataLines;
    }

    [Benchmark]
    public int AnalyzeActiveSync()
    {
        var analyzer = new ActiveSyncLogAnalyzer();
        using var reader = new W3CLogReader();
        reader.Read(new MemoryStream(s_log, writable: false), "bench.log", analyzer);
        return analyzer.BuildReport(reader.Statistics).Devices.Count;
    }

    /// <summary>The file on one thread (the same work as <see cref="AnalyzeActiveSync"/> plus file reads).</summary>
    [Benchmark]
    public int AnalyzeFileOneThread() =>
        ActiveSyncLogAnalyzer.AnalyzePaths([s_file], new LogAnalysisOptions { Threads = 1 }).Devices.Count;

    /// <summary>The file on every core, cut into 4 MiB chunks merged in order.</summary>
    [Benchmark]
    public int AnalyzeFileAllCores() =>
        ActiveSyncLogAnalyzer.AnalyzePaths([s_file], new LogAnalysisOptions { ChunkBytes = 4 << 20 }).Devices.Count;

    /// <summary>The Parquet export of the file (one row per ActiveSync request).</summary>
    [Benchmark]
    public long ExportParquet() =>
        ActiveSyncParquetExporter.ExportAsync([s_file], s_file + ".parquet").GetAwaiter().GetResult().Rows;

    private sealed class NullVisitor : IW3CLogVisitor
    {
        public void OnLine(in W3CLogLine line)
        {
        }

        public void OnBrokenLine(in W3CBrokenLine line)
        {
        }
    }

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig() => AddColumn(new MegabytesPerSecondColumn());
    }

    private sealed class MegabytesPerSecondColumn : IColumn
    {
        public string Id => "MBps";

        public string ColumnName => "MB/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Log megabytes (10^6 bytes) processed per second";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
            // The benchmark runs in another process: use the target size (the last line overshoots it by < 1 KB).
            return meanNs is > 0 ? (LogBytes / 1e6 / (meanNs.Value / 1e9)).ToString("F0", CultureInfo.InvariantCulture) : "?";
        }

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
