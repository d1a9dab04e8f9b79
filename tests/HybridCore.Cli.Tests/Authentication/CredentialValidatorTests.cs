using HybridCore.TestSupport;
using HybridCore.AspNetCore;
using HybridCore.Cli.Authentication;
using HybridCore.DirectoryModel;

namespace HybridCore.Cli.Tests.Authentication;

public sealed class CredentialValidatorTests
{
    private sealed class ManualClock : TimeProvider
    {
        public long Now { get; set; } = 1_000;

        public override long GetTimestamp() => Now;

        public override long TimestampFrequency => 1;
    }

    [Fact]
    public async Task ValidateAsync_AnyLogonForm_ReturnsTheRecipientIdentity()
    {
        HybridDirectoryFile file = TestLab.File;
        var validator = new DirectoryCredentialValidator(file.Directory, file.PasswordHashes);

        Assert.Equal("user12", await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default));
        Assert.Equal("user12", await validator.ValidateAsync(@"contoso\USER12", LabDirectory.Password, default));
        Assert.Equal("Mig8", await validator.ValidateAsync(LabDirectory.Mig8, LabDirectory.Password, default));
        Assert.Null(await validator.ValidateAsync(LabDirectory.User12, "wrong", default));
        Assert.Null(await validator.ValidateAsync("nobody@batre.msftonlinerepro.com", LabDirectory.Password, default));
    }

    [Fact]
    public async Task ValidateAsync_SuccessIsRememberedUntilItExpires()
    {
        HybridDirectoryFile file = TestLab.File;
        var clock = new ManualClock();
        var counting = new CountingDirectory(file.Directory);
        var validator = new DirectoryCredentialValidator(counting, file.PasswordHashes, clock);

        Assert.NotNull(await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default));
        Assert.NotNull(await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default));
        Assert.Equal(1, counting.Lookups);

        clock.Now += (long)DirectoryCredentialValidator.SuccessCacheDuration.TotalSeconds + 1;
        Assert.NotNull(await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password, default));
        Assert.Equal(2, counting.Lookups);

        // A different password never hits the cached entry.
        Assert.Null(await validator.ValidateAsync(LabDirectory.User12, LabDirectory.Password + "x", default));
    }

    [Fact]
    public void Constructor_MalformedHash_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DirectoryCredentialValidator(TestLab.File.Directory, [new("user12", "plain")]));
    }

}
