using HybridCore.TestSupport;
using System.Diagnostics;
using System.Text;
using HybridCore.AspNetCore;
using HybridCore.Cli.Authentication;
using HybridCore.DirectoryModel;

namespace HybridCore.Cli.Tests.Authentication;

/// <summary>What a flood of wrong passwords may cost (bounded), and what timing may reveal (nothing about who exists).</summary>
public sealed class CredentialHardeningTests
{
    [Fact]
    public async Task ValidateAsync_QueueFull_FailsAtOnceWithoutLookingUpOrHashing()
    {
        var gated = new GatedDirectory(TestLab.File.Directory);
        var validator = new DirectoryCredentialValidator(gated, TestLab.File.PasswordHashes, limits: new CredentialCheckLimits { MaxConcurrentChecks = 1, MaxQueuedChecks = 1 });

        ValueTask<string?> running = validator.ValidateAsync(LabDirectory.User12, "wrong1", default);
        await gated.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        ValueTask<string?> queued = validator.ValidateAsync(LabDirectory.User12, "wrong2", default);
        ValueTask<string?> rejected = validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default);

        Assert.True(rejected.IsCompleted, "a check beyond the queue must not wait");
        Assert.Null(await rejected);
        Assert.False(queued.IsCompleted, "the queued check waits for the slot");
        Assert.Equal(1, gated.Lookups);

        gated.Open();
        Assert.Null(await running);
        Assert.Null(await queued);
        Assert.Equal(2, gated.Lookups);

        // Slots and queue places are given back: the right password now succeeds.
        Assert.Equal("user12", await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default));
    }

    [Fact]
    public async Task ValidateAsync_ManyAtOnce_NeverRunsMoreChecksThanTheLimit()
    {
        var counting = new ConcurrencyCountingDirectory(TestLab.File.Directory);
        var validator = new DirectoryCredentialValidator(counting, TestLab.File.PasswordHashes, limits: new CredentialCheckLimits { MaxConcurrentChecks = 2, MaxQueuedChecks = 100 });

        string?[] results = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(async () => await validator.ValidateAsync(LabDirectory.User12, "wrong" + i, default))));

        Assert.All(results, Assert.Null);
        Assert.Equal(24, counting.Lookups);
        Assert.InRange(counting.MaxConcurrent, 1, 2);
    }

    [Fact]
    public async Task ValidateAsync_RememberedSuccess_IsAnsweredWhileEverySlotIsBusy()
    {
        var gated = new GatedDirectory(TestLab.File.Directory) { GateOnly = LabDirectory.Mig8 };
        var validator = new DirectoryCredentialValidator(gated, TestLab.File.PasswordHashes, limits: new CredentialCheckLimits { MaxConcurrentChecks = 1, MaxQueuedChecks = 0 });
        Assert.Equal("user12", await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default));

        ValueTask<string?> blocking = validator.ValidateAsync(LabDirectory.Mig8, "wrong", default);
        await gated.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        ValueTask<string?> remembered = validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default);

        Assert.True(remembered.IsCompleted);
        Assert.Equal("user12", await remembered);
        gated.Open();
        Assert.Null(await blocking);
    }

    [Fact]
    public void Limits_OutOfRange_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DirectoryCredentialValidator(TestLab.File.Directory, TestLab.File.PasswordHashes, limits: new CredentialCheckLimits { MaxConcurrentChecks = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DirectoryCredentialValidator(TestLab.File.Directory, TestLab.File.PasswordHashes, limits: new CredentialCheckLimits { MaxQueuedChecks = -1 }));
    }

    [Fact]
    public void DirectoryFile_IterationsAboveTheCap_IsALocatedErrorThatNamesTheCap()
    {
        // 5,000,000 iterations used to load: every wrong password for that user cost seconds of CPU.
        string json = $$"""
            { "relationships": [], "recipients": [ { "kind": "LocalMailbox", "identity": "a", "primarySmtpAddress": "a@contoso.com" } ],
              "passwords": { "a": "PBKDF2-SHA256$5000000$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" } }
            """;

        var e = Assert.Throws<DirectoryValidationException>(() => HybridDirectoryFile.Parse(Encoding.UTF8.GetBytes(json)));

        DirectoryValidationError error = Assert.Single(e.Errors);
        Assert.Equal("passwords.a", error.Path);
        Assert.Contains("5000000 iterations", error.Message, StringComparison.Ordinal);
        Assert.Contains("600000", error.Message, StringComparison.Ordinal);
        Assert.Equal(600_000, PasswordHash.MaxIterations);
    }

    [Fact]
    public void CostIterations_IsTheLargestCountInTheDirectory()
    {
        HybridDirectoryFile file = Directory(("cheap", 1_000), ("dear", 20_000));
        Assert.Equal(20_000, new DirectoryCredentialValidator(file.Directory, file.PasswordHashes).CostIterations);
    }

    /// <summary>
    /// Statistical, not a benchmark: medians over interleaved tries of a wrong password for a user whose hash has
    /// 1,000 iterations, one with 20,000, and a user name the directory does not know must be of the same order of
    /// magnitude (within 10x; they cost the same by construction). Before the padding the unknown user cost
    /// 100,000 iterations and the cheap user 1,000: a factor of 100 that told an attacker who exists.
    /// </summary>
    [Fact]
    public async Task WrongPassword_KnownUsersWithDifferentIterationsAndUnknownUsers_TakeTheSameOrderOfTime()
    {
        HybridDirectoryFile file = Directory(("cheap", 1_000), ("dear", 20_000));
        var validator = new DirectoryCredentialValidator(file.Directory, file.PasswordHashes, limits: new CredentialCheckLimits { SuccessCacheDuration = TimeSpan.Zero });
        string[] users = ["cheap@contoso.com", "dear@contoso.com", "nobody@contoso.com"];
        var times = users.ToDictionary(u => u, _ => new List<double>());
        for (int i = 0; i < 15; i++)
        {
            foreach (string user in users)
            {
                long start = Stopwatch.GetTimestamp();
                Assert.Null(await validator.ValidateAsync(user, "wrong" + i, default));
                times[user].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        double[] medians = users.Select(u => Median(times[u])).ToArray();
        double ratio = medians.Max() / medians.Min();
        Assert.True(ratio < 10, $"medians {string.Join(" / ", medians.Select(m => m.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))} ms differ by {ratio:F1}x");
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static HybridDirectoryFile Directory(params (string Identity, int Iterations)[] users)
    {
        string recipients = string.Join(',', users.Select(u => $$"""{ "kind": "LocalMailbox", "identity": "{{u.Identity}}", "primarySmtpAddress": "{{u.Identity}}@contoso.com" }"""));
        string passwords = string.Join(',', users.Select(u => $"\"{u.Identity}\": \"{PasswordHash.Create("right", u.Iterations)}\""));
        return HybridDirectoryFile.Parse(Encoding.UTF8.GetBytes($$"""{ "relationships": [], "recipients": [{{recipients}}], "passwords": { {{passwords}} } }"""));
    }

    private sealed class GatedDirectory(IHybridDirectory inner) : IHybridDirectory
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _lookups;

        public string? GateOnly { get; init; }

        public int Lookups => Volatile.Read(ref _lookups);

        public Task Entered => _entered.Task;

        public void Open() => _gate.TrySetResult();

        public async ValueTask<RecipientLookupResult> FindRecipientAsync(string userName, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lookups);
            if (GateOnly is null || string.Equals(GateOnly, userName, StringComparison.Ordinal))
            {
                _entered.TrySetResult();
                await _gate.Task.WaitAsync(cancellationToken);
            }

            return await inner.FindRecipientAsync(userName, cancellationToken);
        }

        public ValueTask<RelationshipIndex> GetRelationshipsAsync(CancellationToken cancellationToken) => inner.GetRelationshipsAsync(cancellationToken);
    }

    private sealed class ConcurrencyCountingDirectory(IHybridDirectory inner) : IHybridDirectory
    {
        private int _current;
        private int _max;
        private int _lookups;

        public int MaxConcurrent => Volatile.Read(ref _max);

        public int Lookups => Volatile.Read(ref _lookups);

        public async ValueTask<RecipientLookupResult> FindRecipientAsync(string userName, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lookups);
            int now = Interlocked.Increment(ref _current);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }

            await Task.Delay(5, cancellationToken);
            Interlocked.Decrement(ref _current);
            return await inner.FindRecipientAsync(userName, cancellationToken);
        }

        public ValueTask<RelationshipIndex> GetRelationshipsAsync(CancellationToken cancellationToken) => inner.GetRelationshipsAsync(cancellationToken);
    }
}
