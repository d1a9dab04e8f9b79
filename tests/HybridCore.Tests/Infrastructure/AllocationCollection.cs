namespace HybridCore.Tests.Infrastructure;

/// <summary>
/// Tests that measure allocations with <see cref="GC.GetAllocatedBytesForCurrentThread"/> run in
/// this collection, which xunit never runs in parallel with other collections' tests (the meter is
/// <see cref="Allocations"/> in HybridCore.TestSupport).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "Allocation";
}

