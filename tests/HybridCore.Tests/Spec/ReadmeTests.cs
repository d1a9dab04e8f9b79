using HybridCore.ActiveSync;
using HybridCore.Wbxml;

namespace HybridCore.Tests.Spec;

/// <summary>The README's code lines are real: each is present verbatim and does what its comment says.</summary>
public class ReadmeTests
{
    private static string Readme()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "README.md")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        Assert.NotNull(dir);
        return File.ReadAllText(Path.Combine(dir, "README.md"));
    }

    [Fact]
    public void GeneratedTablesExample_IsInReadmeAndHoldsTrue()
    {
        string readme = Readme();
        Assert.Contains("EasCommands.TryParse(\"FolderSync\", out EasCommand command);   // EasCommand.FolderSync (code 9)", readme, StringComparison.Ordinal);
        Assert.Contains("string? name = EasStatuses.GetName((EasStatus)123);            // \"UserHasNoMailbox\"", readme, StringComparison.Ordinal);
        Assert.Contains("string? tag = WbxmlTags.GetName(AirSyncTags.Sync);             // \"Sync\" (code page 0, token 0x05)", readme, StringComparison.Ordinal);

        EasCommands.TryParse("FolderSync", out EasCommand command);
        string? name = EasStatuses.GetName((EasStatus)123);
        string? tag = WbxmlTags.GetName(AirSyncTags.Sync);

        Assert.Equal(EasCommand.FolderSync, command);
        Assert.Equal(9, (int)command);
        Assert.Equal("UserHasNoMailbox", name);
        Assert.Equal("Sync", tag);
        Assert.Equal(WbxmlCodePage.AirSync, AirSyncTags.Sync.GetPage());
        Assert.Equal(0x05, AirSyncTags.Sync.GetToken());
    }

    [Fact]
    public void QuickStart_NamesTheTestCommandCiRuns()
    {
        string readme = Readme();
        Assert.Contains("dotnet test HybridCore.sln -c Release", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project src/HybridCore.Cli -- serve", readme, StringComparison.Ordinal);
        string ci = File.ReadAllText(Path.Combine(Path.GetDirectoryName(FindFileUp(".ci/run"))!, "run"));
        Assert.Contains("dotnet test HybridCore.sln -c Release", ci, StringComparison.Ordinal);
    }

    private static string FindFileUp(string relative)
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, relative)))
        {
            dir = Path.GetDirectoryName(dir);
        }

        Assert.NotNull(dir);
        return Path.Combine(dir, relative);
    }
}
