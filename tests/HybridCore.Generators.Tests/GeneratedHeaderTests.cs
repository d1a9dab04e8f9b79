using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HybridCore.Generators.Tests;

/// <summary>
/// The "do not edit" header of a generated file names the table files it was generated from, at the paths the
/// compilation gave them, not a folder a consuming project may not have.
/// </summary>
public class GeneratedHeaderTests
{
    [Fact]
    public void Header_SingleTable_NamesTheTablePathItWasGiven()
    {
        string source = Generate("EasCommands.g.cs", new InMemoryAdditionalText("/elsewhere/tables/EasCommands.table", SampleTables.Commands));

        Assert.Contains("// Do not edit: change /elsewhere/tables/EasCommands.table and rebuild", source, StringComparison.Ordinal);
        Assert.DoesNotContain("src/HybridCore/Spec", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_WbxmlPair_NamesBothTablePaths()
    {
        string source = Generate(
            "WbxmlTables.g.cs",
            new InMemoryAdditionalText("/a/WbxmlCodePages.table", SampleTables.WbxmlPages),
            new InMemoryAdditionalText("/b/WbxmlTags.table", SampleTables.WbxmlTags));

        Assert.Contains("// Do not edit: change /a/WbxmlCodePages.table and /b/WbxmlTags.table and rebuild", source, StringComparison.Ordinal);
    }

    private static string Generate(string hintName, params AdditionalText[] files)
    {
        GeneratorDriver driver = GeneratorHarness.NewDriver(files)
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.NewCompilation(), out _, out ImmutableArray<Diagnostic> _);
        GeneratorRunResult run = Assert.Single(driver.GetRunResult().Results);
        Assert.Empty(run.Diagnostics);
        return Assert.Single(run.GeneratedSources, s => s.HintName == hintName).SourceText.ToString();
    }
}
