using System.Globalization;
using System.Text;
using System.Text.Json;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Diagnostics.Tests.Logs;

/// <summary>logs analyze shows the exception Exchange logged (ExStk), decoded, per device: the on-boarding article's Mig8 case.</summary>
public class DecodedExceptionTests
{
    private const string AirSyncPermanentException = "Microsoft.Exchange.AirSync.AirSyncPermanentException";

    [Fact]
    public void Analyze_SeedMig8_Http200WithS123_IsUserHasNoMailbox_WithTheDecodedException()
    {
        // The Mig8 IIS line of the on-boarding article is sc-status 200 with S123_Error:UserHasNoMailbox at V141: Exchange's 14.x answer.
        Assert.Contains(" 200 0 0 ", SeedLines.Exchange2010, StringComparison.Ordinal);
        DeviceActivity mig8 = ActiveSyncLogAnalyzerTests.Analyze(ActiveSyncLogAnalyzerTests.SeedLog()).Devices.Single(d => d.User == "CONTOSO\\Mig8");

        Assert.Equal(ActiveSyncOutcome.UserHasNoMailbox, mig8.LastOutcome);
        DecodedException ex = Assert.IsType<DecodedException>(mig8.LastException);
        Assert.Equal(AirSyncPermanentException, ex.Type);
        Assert.Equal("UserHasNoMailbox", ex.Message);
        Assert.Equal(AirSyncPermanentException + ": UserHasNoMailbox", ex.Summary);
        Assert.Equal(
            [
                "Microsoft.Exchange.AirSync.AirSyncUser.InitializeExchangePrincipal()",
                "Microsoft.Exchange.AirSync.AirSyncUser.Microsoft.Exchange.AirSync.IAirSyncUser.get_ExchangePrincipal()",
                "Microsoft.Exchange.AirSync.AirSyncUser.Microsoft.Exchange.AirSync.IAirSyncUser.get_BudgetKey()",
            ],
            ex.Frames);
    }

    [Theory]
    [InlineData(200, "UserHasNoMailbox", false)]
    [InlineData(200, "", true)]
    [InlineData(403, "UserHasNoMailbox", false)]
    [InlineData(403, "", true)]
    public void Classify_Http200Or403_WithErrorOrS123_IsUserHasNoMailbox(int status, string error, bool statusOnly) =>
        Assert.Equal(ActiveSyncOutcome.UserHasNoMailbox, ActiveSyncLogAnalyzer.Classify(status, Encoding.ASCII.GetBytes(error), statusOnly));

    [Fact]
    public void Writers_SeedReport_CarryTheException()
    {
        LogAnalysisReport report = ActiveSyncLogAnalyzerTests.Analyze(ActiveSyncLogAnalyzerTests.SeedLog());

        var ms = new MemoryStream();
        LogReportWriter.WriteJson(report, ms);
        using JsonDocument doc = JsonDocument.Parse(ms.ToArray());
        JsonElement devices = doc.RootElement.GetProperty("devices");
        JsonElement ex = devices[0].GetProperty("lastException");
        Assert.Equal(AirSyncPermanentException, ex.GetProperty("type").GetString());
        Assert.Equal("UserHasNoMailbox", ex.GetProperty("message").GetString());
        Assert.Equal(3, ex.GetProperty("frames").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, devices[1].GetProperty("lastException").ValueKind);

        var csv = new StringWriter(CultureInfo.InvariantCulture);
        LogReportWriter.WriteCsv(report, csv);
        string[] rows = csv.ToString().Split("\r\n");
        Assert.EndsWith(",exceptionType,exceptionMessage,exceptionFrames", rows[0], StringComparison.Ordinal);
        Assert.Contains("," + AirSyncPermanentException + ",UserHasNoMailbox,Microsoft.Exchange.AirSync.AirSyncUser.InitializeExchangePrincipal() | ", rows[1], StringComparison.Ordinal);

        var text = new StringWriter(CultureInfo.InvariantCulture);
        LogReportWriter.WriteExceptions(report, text);
        string[] lines = text.ToString().Split(Environment.NewLine);
        Assert.Equal("CONTOSO\\Mig8 / AC94832BCFD9DCD19D299AD36D2CA8C5: " + AirSyncPermanentException + ": UserHasNoMailbox", lines[0]);
        Assert.Equal("    at Microsoft.Exchange.AirSync.AirSyncUser.InitializeExchangePrincipal()", lines[1]);
    }

    [Fact]
    public void Parse_DotNetFormat_TypeColonMessageOnTheFirstLine()
    {
        DecodedException ex = DecodedException.Parse("System.InvalidOperationException: It broke\r\n   at A.B()\r\n   at C.D()")!;
        Assert.Equal("System.InvalidOperationException", ex.Type);
        Assert.Equal("It broke", ex.Message);
        Assert.Equal(["A.B()", "C.D()"], ex.Frames);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n ")]
    public void Parse_Empty_IsNull(string? text) => Assert.Null(DecodedException.Parse(text));

    [Fact]
    public void Parse_TypeOnly_HasNoMessageNorFrames()
    {
        DecodedException ex = DecodedException.Parse("Some.Exception")!;
        Assert.Equal("Some.Exception", ex.Type);
        Assert.Null(ex.Message);
        Assert.Empty(ex.Frames);
    }
}
