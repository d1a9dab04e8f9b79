using HybridCore.TestSupport;
using HybridCore.AspNetCore;
using HybridCore.Cli.Authentication;
using HybridCore.DirectoryModel;

namespace HybridCore.Cli.Tests.Authentication;

/// <summary>
/// A remembered success (what makes a device's repeated Basic credentials cheap) is bound to the exact user name and
/// password, expires, and the table of them is bounded. A directory lookup counts a full check (lookup + PBKDF2).
/// </summary>
public sealed class RememberedLogonTests
{
    [Fact]
    public async Task ValidateAsync_RememberedUser_OtherPassword_IsCheckedInFullAndRefused()
    {
        var counting = new CountingDirectory(TestLab.File.Directory);
        var validator = new DirectoryCredentialValidator(counting, TestLab.File.PasswordHashes);
        Assert.Equal("user12", await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default));
        Assert.Equal(1, counting.Lookups);

        foreach (string other in new[] { LabDirectory.Password + "x", LabDirectory.Password.ToUpperInvariant(), LabDirectory.Password[..^1], string.Empty })
        {
            Assert.Null(await validator.ValidateAsync(LabDirectory.User12, other, default));
        }

        // Every wrong password went the whole way (a lookup each), and the right one is still remembered.
        Assert.Equal(5, counting.Lookups);
        Assert.Equal("user12", await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default));
        Assert.Equal(5, counting.Lookups);
    }

    [Fact]
    public async Task ValidateAsync_RememberedSuccess_IsNotLentToAnotherUserWithTheSamePassword()
    {
        var counting = new CountingDirectory(TestLab.File.Directory);
        var validator = new DirectoryCredentialValidator(counting, TestLab.File.PasswordHashes);
        Assert.Equal("user12", await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default));

        // Mig8 has the same password in the lab: its first log-on is still a full check, and it gets its own identity.
        Assert.Equal("Mig8", await validator.ValidateAsync(LabDirectory.Mig8, LabDirectory.Password, default));
        Assert.Equal(2, counting.Lookups);
        Assert.Null(await validator.ValidateAsync("nobody@batre.msftonlinerepro.com", LabDirectory.Password, default));
        Assert.Equal(3, counting.Lookups);
    }

    [Fact]
    public async Task ValidateAsync_RememberedSuccess_ExpiresAtItsDeadline()
    {
        var clock = new ManualClock();
        var counting = new CountingDirectory(TestLab.File.Directory);
        var limits = new CredentialCheckLimits { SuccessCacheDuration = TimeSpan.FromSeconds(60) };
        var validator = new DirectoryCredentialValidator(counting, TestLab.File.PasswordHashes, clock, limits);
        Assert.NotNull(await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default));

        clock.Now += 59;
        Assert.NotNull(await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default));
        Assert.Equal(1, counting.Lookups);

        clock.Now += 1;
        Assert.NotNull(await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default));
        Assert.Equal(2, counting.Lookups);

        // The new success is remembered from its own time on.
        clock.Now += 59;
        Assert.NotNull(await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default));
        Assert.Equal(2, counting.Lookups);
    }

    [Fact]
    public async Task ValidateAsync_TableFull_SweepsExpiredEntriesFirstAndStaysBounded()
    {
        var clock = new ManualClock();
        var counting = new CountingDirectory(TestLab.File.Directory);
        var limits = new CredentialCheckLimits { SuccessCacheDuration = TimeSpan.FromSeconds(60), MaxRememberedLogons = 2 };
        var validator = new DirectoryCredentialValidator(counting, TestLab.File.PasswordHashes, clock, limits);

        Assert.NotNull(await validator.ValidateAsync(LabDirectory.Admin, LabDirectory.Password, default));
        clock.Now += 61;
        Assert.NotNull(await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default));
        Assert.Equal(2, validator.RememberedCount);

        // Full: the expired admin entry is swept, user12 stays remembered.
        Assert.NotNull(await validator.ValidateAsync(LabDirectory.Mig8, LabDirectory.Password, default));
        Assert.Equal(2, validator.RememberedCount);
        Assert.Equal(3, counting.Lookups);
        Assert.NotNull(await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default));
        Assert.Equal(3, counting.Lookups);

        // Full of live entries: forgotten wholesale, never past the bound.
        Assert.NotNull(await validator.ValidateAsync(LabDirectory.User30, LabDirectory.Password, default));
        Assert.InRange(validator.RememberedCount, 1, 2);
    }

    [Fact]
    public void Constructor_NoRoomToRemember_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DirectoryCredentialValidator(TestLab.File.Directory, TestLab.File.PasswordHashes, limits: new CredentialCheckLimits { MaxRememberedLogons = 0 }));
    }

    private sealed class ManualClock : TimeProvider
    {
        public long Now { get; set; } = 1_000;

        public override long GetTimestamp() => Now;

        public override long TimestampFrequency => 1;
    }

}

/// <summary>A remembered success costs one HMAC and no allocation.</summary>
[Collection(PasswordStoreAllocationCollection.Name)]
public sealed class RememberedLogonAllocationTests
{
    [Fact]
    public async Task ValidateAsync_RememberedSuccess_AllocatesNothing()
    {
        var validator = new DirectoryCredentialValidator(TestLab.File.Directory, TestLab.File.PasswordHashes);
        Assert.Equal("user12", await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default));
        long fewest = long.MaxValue;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            fewest = Math.Min(fewest, Measure(validator));
        }

        Assert.Equal(0, fewest);
    }

    private static long Measure(DirectoryCredentialValidator validator)
    {
        for (int i = 0; i < 100; i++)
        {
            _ = validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default).Result;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            ValueTask<string?> answer = validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default);
            Assert.True(answer.IsCompletedSuccessfully);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}

/// <summary>Allocation measurements run alone, not beside other tests of this assembly.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PasswordStoreAllocationCollection
{
    public const string Name = "PasswordStoreAllocation";
}
