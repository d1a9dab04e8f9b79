using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

// Runs the benchmarks chosen on the command line, e.g.
//   dotnet run -c Release --project benchmarks/HybridCore.Benchmarks -- --filter '*Query*'
//   dotnet run -c Release --project benchmarks/HybridCore.Benchmarks -- --filter '*' --job dry   (smoke run, as CI does)
// Exits 1 when a benchmark fails to build or run, so a smoke run can gate CI.
IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
