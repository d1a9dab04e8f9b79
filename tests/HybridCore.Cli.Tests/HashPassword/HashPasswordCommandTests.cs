using HybridCore.Cli.Authentication;

namespace HybridCore.Cli.Tests.HashPassword;

public sealed class HashPasswordCommandTests
{
    [Fact]
    public async Task HashPassword_FromStdin_VerifiesAgainstTheSamePassword()
    {
        var (exit, output, _) = await CliRunner.RunAsync(["hash-password", "--iterations", "1000"], stdin: "P@ssw0rd-demo\n");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.True(PasswordHash.Verify("P@ssw0rd-demo", output.Trim()));
        Assert.False(PasswordHash.Verify("other", output.Trim()));
    }

    [Fact]
    public async Task HashPassword_NoInput_ExitsOne()
    {
        var (exit, _, _) = await CliRunner.RunAsync(["hash-password"], stdin: string.Empty);

        Assert.Equal(ExitCodes.UserError, exit);
    }

    [Fact]
    public void DemoDirectory_EveryPasswordIsTheDemoPassword()
    {
        var file = HybridDirectoryFile.Parse(DirectoryLoader.ReadDemoBytes());

        Assert.Equal(6, file.PasswordHashes.Count);
        Assert.All(file.PasswordHashes.Values, h => Assert.True(PasswordHash.Verify("P@ssw0rd-demo", h)));
        Assert.Contains(file.Snapshot.Recipients, r => r.Identity == "user12");
    }
}
