namespace HybridCore.TestSupport;

/// <summary>
/// Measures what code allocates on the current thread (<see cref="GC.GetAllocatedBytesForCurrentThread"/>). Tests
/// that use it run in a collection that xunit does not run in parallel with others, so that nothing else runs on
/// their thread between the two readings.
/// </summary>
public static class Allocations
{
    /// <summary>Runs <paramref name="action"/> <paramref name="warmup"/> times, then returns the bytes that
    /// <paramref name="iterations"/> more runs allocated.</summary>
    public static long Measure(Action action, int iterations = 100, int warmup = 10)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        for (int i = 0; i < warmup; i++)
        {
            action();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < iterations; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>The fewest bytes of up to <paramref name="tries"/> measurements (stopping at the first that allocated
    /// nothing). An allocation per call shows in every try; a one-off allocation of the runtime itself (seen once in
    /// CI: 8 KB while the rest of the suite ran beside the test) shows in one try only and does not fail the test.</summary>
    public static long Fewest(Action action, int iterations = 100, int warmup = 10, int tries = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tries);
        long fewest = long.MaxValue;
        for (int attempt = 0; attempt < tries && fewest > 0; attempt++)
        {
            fewest = Math.Min(fewest, Measure(action, iterations, warmup));
        }

        return fewest;
    }

    /// <summary>Runs <paramref name="action"/> as a busy server would before a measurement: past tiered compilation's
    /// call-count threshold and the background re-JIT that follows it (three rounds of 500 calls, 150 ms apart), so the
    /// measurement sees the fully optimised code (whose escape analysis removes some allocations).</summary>
    public static void WarmUpPastTieredCompilation(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 500; i++)
            {
                action();
            }

            Thread.Sleep(150);
        }
    }
}
