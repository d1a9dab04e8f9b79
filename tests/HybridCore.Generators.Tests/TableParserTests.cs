using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace HybridCore.Generators.Tests;

/// <summary>Each table kind parses once into its own record type; emitters get typed values and parse nothing.</summary>
public class TableParserTests
{
    private static SpecTable Parse(string fileName, string text) => TableParser.Parse("/spec/" + fileName, SourceText.From(text));

    [Fact]
    public void Commands_ParseToCommandRows_WithNoCodeAsMinusOneAndVersionBits()
    {
        var table = Assert.IsType<SpecTable<CommandRow>>(Parse("EasCommands.table", SampleTables.Commands));

        Assert.Empty(table.Diagnostics);
        Assert.Equal(new[] { "Sync", "FolderSync", "Autodiscover" }, table.Rows.Select(r => r.Name));
        Assert.Equal(new[] { 0, 9, -1 }, table.Rows.Select(r => r.Code));
        Assert.Equal(4 | 8 | 16, table.Rows[0].Versions); // 12.1, 14.0, 14.1
        Assert.Equal("Synchronizes a collection.", table.Rows[0].Description);
        Assert.Equal(4, table.Rows[1].Position.Line);
    }

    [Fact]
    public void QueryParameters_ParseTagAndPlainFlag()
    {
        var table = Assert.IsType<SpecTable<QueryParameterRow>>(Parse("EasQueryParameters.table", "name | tag | plain\nUser | 8 | yes\nOptions | 7 | no\nCmd | - | YES\n"));

        Assert.Equal(new[] { 8, 7, -1 }, table.Rows.Select(r => r.Tag));
        Assert.Equal(new[] { true, false, true }, table.Rows.Select(r => r.Plain));
        Assert.Equal(string.Empty, table.Rows[0].Description);
    }

    [Fact]
    public void Headers_ParseDirectionToItsEnum()
    {
        var table = Assert.IsType<SpecTable<HeaderRow>>(Parse("EasHeaders.table", "name | header | direction\nLocation | X-MS-Location | response\nVersion | MS-ASProtocolVersion | Request\nPolicyKey | X-MS-PolicyKey | both\n"));

        Assert.Equal(new[] { HeaderDirection.Response, HeaderDirection.Request, HeaderDirection.Both }, table.Rows.Select(r => r.Direction));
        Assert.Equal("X-MS-Location", table.Rows[0].Header);
    }

    [Fact]
    public void Wbxml_ParsePagesWithNamespacesAndTagsWithPageAndToken()
    {
        var pages = Assert.IsType<SpecTable<WbxmlCodePageRow>>(Parse("WbxmlCodePages.table", SampleTables.WbxmlPages));
        var tags = Assert.IsType<SpecTable<WbxmlTagRow>>(Parse("WbxmlTags.table", SampleTables.WbxmlTags));

        Assert.Equal(new[] { (0, "AirSync"), (14, "Provision") }, pages.Rows.Select(r => (r.Page, r.Namespace)));
        Assert.Equal(new[] { (0, 0x05), (0, 0x06), (14, 0x05) }, tags.Rows.Select(r => (r.Page, r.Token)));
    }

    [Fact]
    public void ExchangeBuilds_ParseBuildAndDateOnce_RevisionDefaultsToZero()
    {
        var table = Assert.IsType<SpecTable<ExchangeBuildRow>>(Parse("ExchangeBuilds.table",
            "product | name | build | date\nExchange2013 | Exchange Server 2013 CU8 | 15.0.1076.9 | 2015-03-17\nExchange2016 | Exchange Server 2016 RTM | 15.01.225 | 2015-10-01\n"));

        Assert.Empty(table.Diagnostics);
        Assert.Equal(new BuildNumber(15, 0, 1076, 9), table.Rows[0].Build);
        Assert.Equal(new TableDate(2015, 3, 17), table.Rows[0].Date);
        Assert.Equal(new BuildNumber(15, 1, 225, 0), table.Rows[1].Build);
        Assert.Equal("Exchange2016", table.Rows[1].Product);
        Assert.Equal("Exchange Server 2016 RTM", table.Rows[1].Name);
    }

    [Fact]
    public void SameText_ParsesToEqualTables_SoTheGeneratorCachesIt()
    {
        Assert.Equal(Parse("ExchangeBuilds.table", "product | name | build | date\nExchange2013 | CU8 | 15.0.1076.9 | 2015-03-17\n"),
            Parse("ExchangeBuilds.table", "product | name | build | date\nExchange2013 | CU8 | 15.0.1076.9 | 2015-03-17\n"));
        Assert.NotEqual(Parse("ExchangeBuilds.table", "product | name | build | date\nExchange2013 | CU8 | 15.0.1076.9 | 2015-03-17\n"),
            Parse("ExchangeBuilds.table", "product | name | build | date\nExchange2013 | CU8 | 15.0.1076.10 | 2015-03-17\n"));
    }

    [Fact]
    public void UnknownFile_GivesAnEmptyTableAndAWarning()
    {
        SpecTable table = Parse("Other.table", "name\nx\n");

        Assert.Equal(TableKind.Unknown, table.Kind);
        Assert.Empty(Assert.IsType<SpecTable<SpecRow>>(table).Rows);
        Assert.Equal(DiagnosticIds.UnknownTableFile, Assert.Single(table.Diagnostics).Id);
        Assert.False(table.HasErrors);
    }

    [Theory]
    [InlineData("ExchangeBuilds.table", "product | name | build | date\nExchange2013 | CU8 | 15.0.1076.9 | 17/03/2015\n", "(2,", "'17/03/2015'", "column 'date'")]
    [InlineData("ExchangeBuilds.table", "product | name | build | date\n# c\nExchange2013 | CU8 | 15.0.x | 2015-03-17\n", "(3,", "'15.0.x'", "column 'build'")]
    [InlineData("EasHeaders.table", "name | header | direction\nLoc | X-MS-Location | sideways\n", "(2,", "'sideways'", "column 'direction'")]
    [InlineData("WbxmlTags.table", "page | name | token | versions\n0 | Sync | 0x05 | 14.0, 13.0\n", "(2,", "'13.0'", "column 'versions'")]
    public void BadCell_ErrorNamesFileLineCellAndColumn(string fileName, string text, string line, string cell, string column)
    {
        var result = GeneratorHarness.Run((fileName, text));

        string shown = Assert.Single(result.Diagnostics).ToString();
        Assert.StartsWith("/spec/" + fileName + line, shown, StringComparison.Ordinal);
        Assert.Contains("error HC0005", shown, StringComparison.Ordinal);
        Assert.Contains(cell, shown, StringComparison.Ordinal);
        Assert.Contains(column, shown, StringComparison.Ordinal);
        Assert.Empty(result.HintNames);
    }

    [Fact]
    public void DuplicateTagToken_ErrorShowsTokenAndPage()
    {
        var result = GeneratorHarness.Run(("WbxmlTags.table", "page | name | token | versions\n14 | A | 0x05 | 14.0\n14 | B | 0x05 | 14.0\n"));

        Diagnostic d = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticIds.DuplicateCode, d.Id);
        Assert.Contains("Code 0x05 in code page 14 appears more than once (first at line 2)", d.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
