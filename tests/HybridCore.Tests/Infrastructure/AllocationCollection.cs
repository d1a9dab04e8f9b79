namespace HybridCore.Tests.Infrastructure;

/// <summary>
/// Tests that measure allocations with <see cref="GC.GetAllocatedBytesForCurrentThread"/> run in
/// this collection, which xunit never runs in parallel with other collections' tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "Allocation";
}

/// <summary>Measures what an action allocates on the current thread, after warming it up.</summary>
public static class Allocations
{
    /// <summary>Runs <paramref name="action"/> a few times to warm up, then returns the bytes one
    /// more batch of <paramref name="iterations"/> runs allocated.</summary>
    public static long Measure(Action action, int iterations = 100)
    {
        ArgumentNullException.ThrowIfNull(action);
        for (int i = 0; i < 10; i++)
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
}
