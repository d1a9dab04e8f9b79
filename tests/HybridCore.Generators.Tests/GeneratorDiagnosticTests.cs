using Microsoft.CodeAnalysis;

namespace HybridCore.Generators.Tests;

public class GeneratorDiagnosticTests
{
    public static TheoryData<string, string, string, int> MalformedTables => new()
    {
        // file, text, expected id, expected 1-based line
        { "EasCommands.table", "# only comments\n\n# still nothing\n", "HC0001", 1 },
        { "EasCommands.table", "# c\nname | versions\nSync | 14.0\n", "HC0002", 2 },
        { "EasCommands.table", "# c\nname | code | versions\nSync | 0\n", "HC0003", 3 },
        { "EasCommands.table", "# c\nname | code | versions | colour\nSync | 0 | 14.0 | red\n", "HC0004", 2 },
        { "EasCommands.table", "# c\nname | code | versions\nSync | zero | 14.0\n", "HC0005", 3 },
        { "EasCommands.table", "# c\nname | code | versions\nSync | 0 | 13.0\n", "HC0005", 3 },
        { "EasCommands.table", "# c\nname | code | versions\n9Sync | 0 | 14.0\n", "HC0005", 3 },
        { "EasCommands.table", "# c\nname | code | versions\nSync | 0 | 14.0\nPing | 18 | 14.0\nSync | 1 | 14.0\n", "HC0006", 5 },
        { "EasCommands.table", "# c\nname | code | versions\nSync | 0 | 14.0\n\nPing | 0 | 14.0\n", "HC0007", 5 },
        { "EasCommands.table", "# c\nname | code | versions\nSync | 256 | 14.0\n", "HC0008", 3 },
        { "EasQueryParameters.table", "# c\nname | tag | plain\nUser | 8 | maybe\n", "HC0005", 3 },
        { "EasHeaders.table", "# c\nname | header | direction\nBad | X MS Location | response\n", "HC0005", 3 },
        { "EasHeaders.table", "# c\nname | header | direction\nLoc | X-MS-Location | sideways\n", "HC0005", 3 },
        { "EasHttpStatusCodes.table", "# c\ncode | name | description\n99 | Low | too low\n", "HC0008", 3 },
        { "WbxmlTags.table", "# c\npage | name | token | versions\n0 | Sync | 0x40 | 14.0\n", "HC0008", 3 },
        { "WbxmlTags.table", "# c\npage | name | token | versions\n0 | Sync | 0x05 | 14.0\n0 | Other | 0x05 | 14.0\n", "HC0007", 4 },
        { "Unknown.table", "# c\nname\nx\n", "HC0010", 1 },
        { "ExchangeBuilds.table", "# c\nproduct | name | build | date\nExchange2013 | Exchange Server 2013 CU8 | 15.0.1076 | 2015-03-17\nExchange2013 | Exchange Server 2013 CU9 | 15.0.x.1 | 2015-06-17\n", "HC0005", 4 },
        { "ExchangeBuilds.table", "# c\nproduct | name | build | date\nExchange2013 | Exchange Server 2013 CU8 | 15.0.1076.9 | 17/03/2015\n", "HC0005", 3 },
        { "ExchangeBuilds.table", "# c\nproduct | name | build | date\nExchange 2013 | Exchange Server 2013 CU8 | 15.0.1076.9 | 2015-03-17\n", "HC0005", 3 },
        { "ExchangeBuilds.table", "# c\nproduct | name | build | date\nExchange2013 | Exchange Server 2013 CU8 | 15.0.1076.9 | 2015-03-17\nExchange2013 | Exchange Server 2013 CU8 | 15.0.1104.5 | 2015-06-17\n", "HC0006", 4 },
    };

    [Theory]
    [MemberData(nameof(MalformedTables))]
    public void MalformedTable_ReportsLocatedDiagnostic(string fileName, string text, string id, int line)
    {
        var result = GeneratorHarness.Run((fileName, text));

        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal("/spec/" + fileName, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(line, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void MalformedTable_IsAnErrorAndEmitsNoCode()
    {
        var result = GeneratorHarness.Run(("EasCommands.table", "# c\nname | code | versions\nSync | 0 | 14.0\nPing | 0 | 14.0\n"));

        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(result.Diagnostics).Severity);
        Assert.Empty(result.HintNames);
    }

    [Fact]
    public void DuplicateName_PointsAtTheFirstRowAsAdditionalLocation()
    {
        var result = GeneratorHarness.Run(("EasCommands.table", "# c\nname | code | versions\nSync | 0 | 14.0\nSync | 1 | 14.0\n"));

        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Location first = Assert.Single(diagnostic.AdditionalLocations);
        Assert.Equal(3, first.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("first at line 3", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void WbxmlTag_OnUndefinedPage_ReportsHC0009()
    {
        var result = GeneratorHarness.Run(
            ("WbxmlCodePages.table", SampleTables.WbxmlPages),
            ("WbxmlTags.table", "# c\npage | name | token | versions\n0 | Sync | 0x05 | 14.0\n7 | FolderSync | 0x16 | 14.0\n"));

        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("HC0009", diagnostic.Id);
        Assert.Equal(4, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.DoesNotContain("WbxmlTables.g.cs", result.HintNames);
    }

    [Fact]
    public void WbxmlTags_SameNameOnDifferentPages_IsAllowed()
    {
        var result = GeneratorHarness.Run(
            ("WbxmlCodePages.table", SampleTables.WbxmlPages),
            ("WbxmlTags.table", "# c\npage | name | token | versions\n0 | Status | 0x0E | 14.0\n14 | Status | 0x0B | 14.0\n"));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.CompileErrors);
    }
}
