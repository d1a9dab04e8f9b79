using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

// Runs the benchmarks chosen on the command line, e.g.
//   dotnet run -c Release --project benchmarks/HybridCore.Benchmarks -- --filter '*Query*'
//   dotnet run -c Release --project benchmarks/HybridCore.Benchmarks -- --filter '*' --job dry   (smoke run, as CI does)
//   dotnet run -c Release --project benchmarks/HybridCore.Benchmarks -- load --seconds 5 --connections 64   (front-door load test)
// Exits 1 when a benchmark fails to build or run, so a smoke run can gate CI.
if (args is ["load", ..])
{
    return await HybridCore.Benchmarks.FrontDoorLoad.RunAsync(args[1..]);
}

IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(HybridCore.Benchmarks.FrontDoorLoad).Assembly).Run(args);
bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
