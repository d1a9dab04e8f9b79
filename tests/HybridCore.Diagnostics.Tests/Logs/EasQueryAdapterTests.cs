using System.Text;
using HybridCore.ActiveSync;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Diagnostics.Tests.Logs;

/// <summary>The log analyser reading queries with the library's request-line parser (<see cref="EasRequestLine"/>).</summary>
public class EasQueryAdapterTests
{
    private const string Office365Eas = "https://outlook.office365.com/Microsoft-Server-ActiveSync";
    private const string RedirectLog = "RdirTo:TryToFigureOutEasEndpoint%3bhttps%3a%2f%2foutlook.office365.com%2fMicrosoft-Server-ActiveSync_V141_LdapC6_LdapL31_UserInfo:MailUser_Dc:BonDC1.contoso.com_";

    private static string Base64Query(string? user, EasProtocolVersion version, EasCommand command = EasCommand.Ping) =>
        EasRequestWriter.WriteBase64(new EasRequest
        {
            Command = command,
            DeviceId = "RSUA4U03JH48LAS6T7BD2TENV0",
            DeviceType = "iPad",
            ProtocolVersion = version,
            User = user,
        });

    private static EasQueryFacts Read(string query, Span<byte> scratch) =>
        EasQueryAdapters.Default.Read(Encoding.UTF8.GetBytes(query), scratch);

    [Fact]
    public void Analyze_Base64LineWithLog_ReadsUserDeviceAndVersionFromTheBlob()
    {
        // The redirected Exchange 2013 request of "Exchange ActiveSync on-boarding to Office 365", sent in the base64 form ([MS-ASHTTP]
        // 2.2.1.1.1.1) as EasRequestWriter writes it, then the same device in the plain form: one device.
        string base64 = Base64Query("user12@batre.msftonlinerepro.com", EasProtocolVersion.V14_1);
        string text = SeedLines.FieldsWithoutReferer + "\n"
            + "2015-01-22 13:37:53 192.168.1.61 POST /Microsoft-Server-ActiveSync/default.eas " + base64 + "&Log=" + RedirectLog
            + " 443 someone.else@batre.msftonlinerepro.com 192.168.1.65 Apple-iPad2C2/1202.440 451 0 0 328\n"
            + "2015-01-22 13:38:10 192.168.1.61 POST /Microsoft-Server-ActiveSync/default.eas User=USER12%40batre.msftonlinerepro.com&DeviceId=rsua4u03jh48las6t7bd2tenv0&DeviceType=iPad&Cmd=Ping&Log=" + RedirectLog
            + " 443 user12@batre.msftonlinerepro.com 192.168.1.65 Apple-iPad2C2/1202.440 451 0 0 328\n";

        LogAnalysisReport report = ActiveSyncLogAnalyzerTests.Analyze(text);

        DeviceActivity d = Assert.Single(report.Devices);
        Assert.Equal("user12@batre.msftonlinerepro.com", d.User); // from the blob, not cs-username
        Assert.Equal("RSUA4U03JH48LAS6T7BD2TENV0", d.DeviceId);
        Assert.Equal("iPad", d.DeviceType);
        Assert.Equal(2, d.Counts.Redirected);
        Assert.Equal(Office365Eas, d.RedirectTarget);
        Assert.Equal("14.1", d.ProtocolVersion);
        Assert.True(d.CanFollow451);
        Assert.False(d.MeetsCloudProtocolFloor);
        Assert.Equal(1, report.Totals.Base64Queries);
        Assert.Equal(0, report.Totals.InvalidQueries);
    }

    [Fact]
    public void Analyze_Base64LineWithoutVersionInLog_TakesTheBlobsVersion()
    {
        string text = "#Fields: cs-uri-stem cs-uri-query cs-username sc-status\n"
            + "/Microsoft-Server-ActiveSync " + Base64Query("ann@contoso.com", EasProtocolVersion.V16_1, EasCommand.Sync) + "&Log=Dc:dc1.contoso.com_ - 200\n";

        DeviceActivity d = Assert.Single(ActiveSyncLogAnalyzerTests.Analyze(text).Devices);

        Assert.Equal(("ann@contoso.com", "16.1"), (d.User, d.ProtocolVersion));
        Assert.True(d.MeetsCloudProtocolFloor);
    }

    [Fact]
    public void Read_Base64QueryWithExchangeLog_IsParsedAsBase64()
    {
        // Left in place, "&Log=" would make the query look like the plain form (it has a '&' and a name=value pair).
        string base64 = Base64Query("user12@batre.com", EasProtocolVersion.V14_1);
        Span<byte> scratch = stackalloc byte[EasRequestLineAdapter.ScratchBytes];

        EasQueryFacts facts = Read(base64 + "&Log=V141_Error:UserHasNoMailbox_", scratch);

        Assert.Equal(EasRequestLineError.None, facts.Error);
        Assert.Equal(EasQueryForm.Base64, facts.Form);
        Assert.Equal(EasCommand.Ping, facts.Command);
        Assert.Equal(EasProtocolVersion.V14_1, facts.ProtocolVersion);
        Assert.Equal("user12@batre.com", Encoding.UTF8.GetString(facts.User));
        Assert.Equal("V141_Error:UserHasNoMailbox_", Encoding.UTF8.GetString(facts.Log));
    }

    [Theory]
    [InlineData("Cmd=Sync&DeviceId=A1&DeviceType=iPhone&Log=Error:Bad%zz_%00_\u0001")]
    [InlineData("Cmd=Sync&DeviceId=A1&DeviceType=iPhone&Log=V141&Cmd=Ping&DeviceId=Other")]
    [InlineData("Cmd=Sync&DeviceId=A1&DeviceType=iPhone&Log=")]
    public void Read_PlainQueryWithExchangeLog_LogNeverReachesTheParser(string query)
    {
        Span<byte> scratch = stackalloc byte[EasRequestLineAdapter.ScratchBytes];

        EasQueryFacts facts = Read(query, scratch);

        Assert.Equal(EasRequestLineError.None, facts.Error);
        Assert.Equal(EasCommand.Sync, facts.Command);
        Assert.Equal("A1", Encoding.UTF8.GetString(facts.DeviceId));
    }

    [Theory]
    [InlineData("Cmd=Sync&DeviceId=A&DeviceType=B&Log=V141_", "Cmd=Sync&DeviceId=A&DeviceType=B", "V141_")]
    [InlineData("Log=V141", "", "V141")]
    [InlineData("jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l&Log=V140_", "jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l", "V140_")]
    [InlineData("Cmd=Sync&Log=V161&Other=1", "Cmd=Sync", "V161")]
    [InlineData("Cmd=Sync&BadLog=x", "Cmd=Sync&BadLog=x", "")]
    [InlineData("Cmd=Sync&DeviceId=A&Log=", "Cmd=Sync&DeviceId=A", "")]
    [InlineData("", "", "")]
    public void SplitExchangeLog_CutsTheLogParameterAndWhatFollows(string query, string request, string log)
    {
        ReadOnlySpan<byte> rest = EasRequestLineAdapter.SplitExchangeLog(Encoding.UTF8.GetBytes(query), out ReadOnlySpan<byte> value);

        Assert.Equal(request, Encoding.UTF8.GetString(rest));
        Assert.Equal(log, Encoding.UTF8.GetString(value));
    }

    [Fact]
    public void Analyze_QueriesTheParserRejects_AreReadLenientlyAndCountedByReason()
    {
        string text = "#Fields: cs-uri-stem cs-uri-query cs-username sc-status\n"
            // No Cmd: a server would answer 400; the device is still reported.
            + "/Microsoft-Server-ActiveSync User=ann%40contoso.com&DeviceId=D1&DeviceType=iPhone&Log=V141_ - 200\n"
            // A device id with a '-' (not 1*32 ALPHA / DIGIT); '+' decodes as a space, as the parser does.
            + "/Microsoft-Server-ActiveSync Cmd=Sync&User=bob+smith%40contoso.com&DeviceId=D-2&DeviceType=Android&Log=V161_ - 200\n"
            // A corrupt base64 blob: no device can be read, the logged user is used.
            + "/Microsoft-Server-ActiveSync jAAJBAp2MTQw!!&Log=V140_ CONTOSO\\carl 200\n"
            // Nothing but Exchange's own field: nothing to reject.
            + "/Microsoft-Server-ActiveSync Log=V141_ CONTOSO\\dora 200\n";

        LogAnalysisReport report = ActiveSyncLogAnalyzerTests.Analyze(text);

        Assert.Equal(3, report.Totals.InvalidQueries);
        Assert.Equal(1, report.Totals.InvalidQueriesByReason[EasRequestLineError.MissingCommand]);
        Assert.Equal(1, report.Totals.InvalidQueriesByReason[EasRequestLineError.DeviceIdInvalid]);
        Assert.Equal(1, report.Totals.InvalidQueriesByReason[EasRequestLineError.InvalidBase64]);
        Assert.Equal(1, report.Totals.Base64Queries);
        var rows = report.Devices.Select(d => (d.User, d.DeviceId, d.DeviceType, d.ProtocolVersion)).OrderBy(r => r.User, StringComparer.Ordinal).ToArray();
        Assert.Equal(
            [
                ("CONTOSO\\carl", "", null, "14.0"),
                ("CONTOSO\\dora", "", null, "14.1"),
                ("ann@contoso.com", "D1", "iPhone", "14.1"),
                ("bob smith@contoso.com", "D-2", "Android", "16.1"),
            ],
            rows);
    }

    [Fact]
    public void Read_RejectedQuery_NamesIgnoreCaseAndValuesAreCutAtTheParsersLimit()
    {
        // 300 escaped letters decode to 300 bytes: the lenient reading keeps the parser's MaxValueBytes of them.
        string query = "user=" + string.Concat(Enumerable.Repeat("%41", 300)) + "&deviceid=X-1&DEVICETYPE=a+b%2B";
        byte[] scratch = new byte[EasRequestLineAdapter.ScratchBytes];

        EasQueryFacts facts = Read(query, scratch);

        Assert.NotEqual(EasRequestLineError.None, facts.Error);
        Assert.Equal(new string('A', EasRequestLine.MaxValueBytes), Encoding.UTF8.GetString(facts.User));
        Assert.Equal("X-1", Encoding.UTF8.GetString(facts.DeviceId));
        Assert.Equal("a b+", Encoding.UTF8.GetString(facts.DeviceType));
    }

    [Fact]
    public void ToProtocolVersion_OutOfRangeParts_IsNone()
    {
        Assert.Equal(EasProtocolVersionSet.V14_1, ExchangeLogField.ToProtocolVersion(14, 1));
        Assert.Equal(EasProtocolVersionSet.None, ExchangeLogField.ToProtocolVersion(0, 25));
        Assert.Equal(EasProtocolVersionSet.None, ExchangeLogField.ToProtocolVersion(12, 10));
        Assert.Equal(EasProtocolVersionSet.None, ExchangeLogField.ToProtocolVersion(-1, 161));
    }

    [Theory]
    [InlineData("25", 25)]
    [InlineData("120", 120)]
    [InlineData("121", 121)]
    [InlineData("140", 140)]
    [InlineData("141", 141)]
    [InlineData("160", 160)]
    [InlineData("161", 161)]
    public void TryParseProtocolVersion_KnownDigits_GivesTheVersion(string digits, int encoded)
    {
        Assert.True(ExchangeLogField.TryParseProtocolVersion(Encoding.ASCII.GetBytes(digits), out EasProtocolVersion version));
        Assert.Equal(encoded, version.EncodedValue);
        Assert.Equal(digits.Length == 2 ? $"{digits[0]}.{digits[1]}" : $"{digits[..2]}.{digits[2]}", version.ToString());
    }

    [Theory]
    [InlineData("150")]
    [InlineData("14")]
    [InlineData("1")]
    [InlineData("1410")]
    [InlineData("+14")]
    [InlineData("-25")]
    [InlineData("1a1")]
    [InlineData("")]
    public void TryParseProtocolVersion_OtherDigits_IsFalse(string digits)
    {
        Assert.False(ExchangeLogField.TryParseProtocolVersion(Encoding.ASCII.GetBytes(digits), out EasProtocolVersion version));
        Assert.False(version.IsKnown);
    }
}
