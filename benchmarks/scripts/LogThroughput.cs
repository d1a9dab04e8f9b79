#:project ../../src/HybridCore.Diagnostics/HybridCore.Diagnostics.csproj
#:project ../../tests/HybridCore.TestSupport/HybridCore.TestSupport.csproj
#:property TargetFramework=net10.0
#:property PublishAot=false

// Throughput of the IIS log analyser on one core, from a file-based app (.NET 10):
//   dotnet run benchmarks/scripts/LogThroughput.cs -- generate /tmp/hc-iis.log 1024   (MiB)
//   dotnet run benchmarks/scripts/LogThroughput.cs -- analyze [--threads N] /tmp/hc-iis.log
//   dotnet run benchmarks/scripts/LogThroughput.cs -- export /tmp/hc-iis.log /tmp/hc-iis.parquet
// benchmarks/scripts/log-throughput.sh runs both and times `grep -c UserHasNoMailbox` on the same file.
using System.Diagnostics;
using HybridCore.Diagnostics.Logs;
using HybridCore.TestSupport;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: generate FILE MIB | analyze [--threads N] FILE... | export FILE OUT.parquet");
    return 2;
}

if (args[0] == "generate")
{
    long mib = long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
    var sw = Stopwatch.StartNew();
    using FileStream f = File.Create(args[1]);
    GeneratedLogTruth truth = IisLogGenerator.Generate(f, new IisLogGeneratorOptions { Users = 5000, MaxDevicesPerUser = 2, TargetBytes = mib << 20 });
    Console.WriteLine($"generated {truth.Bytes / 1048576.0:F0} MiB, {truth.Lines} lines, {truth.ActiveSyncLines} ActiveSync, {truth.LinesContainingUserHasNoMailbox} UserHasNoMailbox lines, {truth.Devices.Count} devices in {sw.Elapsed.TotalSeconds:F1} s");
    return 0;
}

if (args[0] == "export")
{
    // export FILE OUT.parquet: the Parquet export, one thread.
    var watch = Stopwatch.StartNew();
    TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    ParquetExportResult result = await ActiveSyncParquetExporter.ExportAsync([args[1]], args[2]);
    watch.Stop();
    double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
    double inMb = result.BytesRead / 1e6;
    Console.WriteLine($"exported {inMb:F0} MB in {watch.Elapsed.TotalSeconds:F2} s = {inMb / watch.Elapsed.TotalSeconds:F0} MB/s (cpu {cpuSeconds:F2} s = {inMb / cpuSeconds:F0} MB/s); " +
        $"{result.Rows} rows, parquet {result.BytesWritten / 1e6:F1} MB ({100.0 * result.BytesWritten / result.BytesRead:F1}% of the log)");
    return 0;
}

// analyze [--threads N] FILE...
int? threads = null;
var rest = args.Skip(1).ToList();
if (rest.Count > 1 && rest[0] == "--threads")
{
    threads = int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture);
    rest.RemoveRange(0, 2);
}

var files = rest.ToArray();
var stopwatch = Stopwatch.StartNew();
TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
long gcBefore = GC.CollectionCount(0);
LogAnalysisReport report = ActiveSyncLogAnalyzer.AnalyzePaths(files, new LogAnalysisOptions { Threads = threads });
stopwatch.Stop();
double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
double mb = report.Totals.Bytes / 1e6;
Console.WriteLine($"analyzed (threads {threads?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"}) {mb:F0} MB in {stopwatch.Elapsed.TotalSeconds:F2} s = {mb / stopwatch.Elapsed.TotalSeconds:F0} MB/s (cpu {cpu:F2} s = {mb / cpu:F0} MB/s, {cpu * 1e9 / report.Totals.Lines:F0} ns/line); " +
    $"{report.Totals.Lines} lines, {report.Totals.ActiveSyncLines} ActiveSync lines, {report.Totals.Requests.UserHasNoMailbox} UserHasNoMailbox, {report.Devices.Count} devices; " +
    $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB; gen0 GCs {GC.CollectionCount(0) - gcBefore}");
return 0;
