#:project ../../src/HybridCore.Diagnostics/HybridCore.Diagnostics.csproj
#:property TargetFramework=net10.0
#:property PublishAot=false

// Throughput of the IIS log analyser on one core, from a file-based app (.NET 10):
//   dotnet run benchmarks/scripts/LogThroughput.cs -- generate /tmp/hc-iis.log 1024   (MiB)
//   dotnet run benchmarks/scripts/LogThroughput.cs -- analyze /tmp/hc-iis.log
// benchmarks/scripts/log-throughput.sh runs both and times `grep -c UserHasNoMailbox` on the same file.
using System.Diagnostics;
using HybridCore.Diagnostics;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: generate FILE MIB | analyze FILE...");
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

var files = args.Skip(1).ToArray();
var stopwatch = Stopwatch.StartNew();
long gcBefore = GC.CollectionCount(0);
LogAnalysisReport report = ActiveSyncLogAnalyzer.AnalyzePaths(files);
stopwatch.Stop();
double mb = report.Totals.Bytes / 1e6;
Console.WriteLine($"analyzed {mb:F0} MB in {stopwatch.Elapsed.TotalSeconds:F2} s = {mb / stopwatch.Elapsed.TotalSeconds:F0} MB/s; " +
    $"{report.Totals.ActiveSyncLines} ActiveSync lines, {report.Totals.Requests.UserHasNoMailbox} UserHasNoMailbox, {report.Devices.Count} devices; " +
    $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB; gen0 GCs {GC.CollectionCount(0) - gcBefore}");
return 0;
