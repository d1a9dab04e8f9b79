#:property TargetFramework=net10.0
#:property PublishAot=false

// Random-read latency of this machine by working-set size: a pointer chase over 64-byte lines in random order, one
// dependent read at a time. Shows where the caches the log analyser's tables live in stop (docs/log-throughput.md).
//   taskset -c 0 dotnet run -c Release benchmarks/scripts/MemoryLatency.cs
using System.Diagnostics;

foreach (int mib in new[] { 1, 2, 4, 8, 16, 64 })
{
    int lines = mib * 1024 * 1024 / 64;
    var next = new int[lines * 16]; // one int per 64-byte line is used
    int[] order = Enumerable.Range(0, lines).ToArray();
    new Random(42).Shuffle(order);
    for (int i = 0; i < lines; i++)
    {
        next[order[i] * 16] = order[(i + 1) % lines] * 16;
    }

    int p = 0;
    for (int i = 0; i < lines; i++)
    {
        p = next[p]; // touch every line once first
    }

    const long Reads = 20_000_000;
    var watch = Stopwatch.StartNew();
    for (long i = 0; i < Reads; i++)
    {
        p = next[p];
    }

    Console.WriteLine($"{mib,3} MiB: {watch.Elapsed.TotalNanoseconds / Reads,6:F1} ns per dependent read (end {p})");
}
