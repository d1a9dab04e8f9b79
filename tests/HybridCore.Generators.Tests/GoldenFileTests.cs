namespace HybridCore.Generators.Tests;

/// <summary>
/// Every file the generator emits from the real spec tables, compared byte for byte with a reviewed copy in
/// <c>Golden/</c>. A change to a table or to an emitter shows up here as a diff to review.
/// </summary>
/// <remarks>
/// To accept an intended change, regenerate the copies and review the diff:
/// <c>UPDATE_GOLDEN=1 dotnet test tests/HybridCore.Generators.Tests --filter GoldenFileTests</c>
/// (see docs/spec-tables.md). The run rewrites the files under the source tree and fails, so a run with the
/// variable set never passes silently.
/// </remarks>
public class GoldenFileTests
{
    private static readonly string[] CoreTables =
    [
        "EasCommands.table", "EasQueryParameters.table", "EasStatusCodes.table", "EasHttpStatusCodes.table",
        "EasHeaders.table", "WbxmlCodePages.table", "WbxmlTags.table",
    ];

    private static readonly string[] OutputNames =
    [
        "EasCommands.g.cs", "EasQueryParameters.g.cs", "EasStatusCodes.g.cs", "EasHttpStatusCodes.g.cs",
        "EasHeaders.g.cs", "WbxmlTables.g.cs", "ExchangeBuilds.g.cs",
    ];

    public static TheoryData<string> Outputs() => new(OutputNames);

    [Theory]
    [MemberData(nameof(Outputs))]
    public void GeneratedFile_FromRealTables_MatchesGoldenFile(string hintName)
    {
        string actual = Generate(hintName);
        string golden = Path.Combine(AppContext.BaseDirectory, "Golden", hintName + ".txt");

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            string target = Path.Combine(RepoRoot(), "tests", "HybridCore.Generators.Tests", "Golden", hintName + ".txt");
            File.WriteAllText(target, actual);
            Assert.Fail("UPDATE_GOLDEN=1: rewrote " + target + "; review the diff and run again without the variable.");
        }

        Assert.True(File.Exists(golden), "No golden file " + golden + "; create it with UPDATE_GOLDEN=1.");
        Assert.Equal(File.ReadAllBytes(golden), System.Text.Encoding.UTF8.GetBytes(actual));
    }

    [Fact]
    public void GoldenFiles_CoverEveryGeneratedFile()
    {
        var result = GeneratorHarness.Run([.. CoreTables.Select(GeneratorHarness.RealTable), RealExchangeBuilds()]);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(OutputNames.Order(StringComparer.Ordinal), result.HintNames.Order(StringComparer.Ordinal));
    }

    private static string Generate(string hintName)
    {
        var result = GeneratorHarness.Run([.. CoreTables.Select(GeneratorHarness.RealTable), RealExchangeBuilds()]);
        Assert.Empty(result.Diagnostics);
        return result.Source(hintName);
    }

    private static (string FileName, string Text) RealExchangeBuilds() =>
        ("ExchangeBuilds.table", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "ExchangeBuilds.table")));

    private static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "HybridCore.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("HybridCore.sln not found above " + AppContext.BaseDirectory);
    }
}
