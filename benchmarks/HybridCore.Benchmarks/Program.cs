using BenchmarkDotNet.Running;

// Runs the benchmarks chosen on the command line, e.g.
//   dotnet run -c Release --project benchmarks/HybridCore.Benchmarks -- --filter '*Query*'
//   dotnet run -c Release --project benchmarks/HybridCore.Benchmarks -- --filter '*' --job dry   (smoke run)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
