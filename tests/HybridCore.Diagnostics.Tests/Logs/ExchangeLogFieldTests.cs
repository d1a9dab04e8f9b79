using System.IO.Compression;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using System.Text;
using HybridCore.ActiveSync;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Diagnostics.Tests.Logs;

public class ExchangeLogFieldTests
{
    private static string LogOf(string line)
    {
        // The query is the 6th space-separated value; the Log= field is its last parameter.
        int start = line.IndexOf("&Log=", StringComparison.Ordinal) + 5;
        int end = line.IndexOf(' ', start);
        return line[start..end];
    }

    [Fact]
    public void Parse_SeedExchange2010Line_DecodesEveryItemInOrder()
    {
        IReadOnlyList<ExchangeLogEntry> items = ExchangeLogField.Parse(LogOf(SeedLines.Exchange2010));

        (string Name, ExchangeLogItemKind Kind)[] expected =
        [
            ("PrxFrom", ExchangeLogItemKind.ProxyFrom),
            ("V", ExchangeLogItemKind.ProtocolVersion),
            ("HH", ExchangeLogItemKind.HostHeader),
            ("Cpo", ExchangeLogItemKind.Timing),
            ("Fet", ExchangeLogItemKind.Timing),
            ("ExStk", ExchangeLogItemKind.ExceptionStack),
            ("S", ExchangeLogItemKind.Status),
            ("Error", ExchangeLogItemKind.Error),
            ("Dc", ExchangeLogItemKind.DomainController),
            ("SBkOffD", ExchangeLogItemKind.Other),
            ("TmRcv", ExchangeLogItemKind.TimeReceived),
            ("TmCmpl", ExchangeLogItemKind.TimeCompleted),
            ("ActivityContextData", ExchangeLogItemKind.ActivityContext),
        ];
        Assert.Equal(expected, items.Select(i => (i.Name, i.Kind)).ToArray());
        Assert.Equal("192.168.1.63", items[0].Value);
        Assert.Equal("141", items[1].Value);
        Assert.Equal("mail.batre.msftonlinerepro.com", items[2].Value);
        Assert.Equal("19000", items[3].Value);
        Assert.Equal("19034", items[4].Value);
        Assert.Equal("123", items[6].Value);
        Assert.Equal("UserHasNoMailbox", items[7].Value);
        Assert.Equal("BonDC1.contoso.com", items[8].Value);
        Assert.Equal("L/-480", items[9].Value);
        Assert.Equal("23:07:20.2281657", items[10].Value);
        Assert.Equal("23:07:39.2625704", items[11].Value);
        Assert.StartsWith("ActivityID=14988279-6caf-4565-8363-4ed43211bc35;I32:ATE.C[BonDC1.contoso.com]=2;", items[12].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeedExchange2010Line_DecodesTheGzipStackToText()
    {
        ExchangeLogEntry stack = ExchangeLogField.Parse(LogOf(SeedLines.Exchange2010)).Single(i => i.Kind == ExchangeLogItemKind.ExceptionStack);

        string[] lines = stack.Value.Split("\r\n");
        Assert.Equal("Microsoft.Exchange.AirSync.AirSyncPermanentException", lines[0]);
        Assert.Equal("   at Microsoft.Exchange.AirSync.AirSyncUser.InitializeExchangePrincipal()", lines[1]);
        Assert.Contains("   at Microsoft.Exchange.AirSyncHandler.Handler.BeginProcessRequest(HttpContext httpContext, AsyncCallback asyncCallback, Object extraData)", lines);
        Assert.Equal("UserHasNoMailbox", lines[^1]);
    }

    [Fact]
    public void Parse_SeedExchange2013Line_KeepsTheArticlesOffice365ArtifactInTheRedirectUrl()
    {
        // The article printed "outlook.Office 365.com"; decoding is faithful to the text given.
        IReadOnlyList<ExchangeLogEntry> items = ExchangeLogField.Parse(LogOf(SeedLines.Exchange2013));

        ExchangeLogEntry redirect = items[0];
        Assert.Equal(ExchangeLogItemKind.RedirectTo, redirect.Kind);
        Assert.Equal("TryToFigureOutEasEndpoint;https://outlook.Office", redirect.Value);
        // LogOf stops at the first space, as a W3C split would: the artifact cuts the value.
        string whole = SeedLines.Exchange2013[(SeedLines.Exchange2013.IndexOf("&Log=", StringComparison.Ordinal) + 5)..SeedLines.Exchange2013.IndexOf(" 443 ", StringComparison.Ordinal)];
        ExchangeLogEntry full = ExchangeLogField.Parse(whole)[0];
        Assert.Equal("https://outlook.Office 365.com/Microsoft-Server-ActiveSync", full.RedirectUrl);
    }

    [Fact]
    public void Parse_SeedExchange2013LineRepaired_DecodesRedirectVersionUserInfoAndUnknownItems()
    {
        IReadOnlyList<ExchangeLogEntry> items = ExchangeLogField.Parse(LogOf(SeedLines.Exchange2013Repaired));

        Assert.Equal("https://outlook.office365.com/Microsoft-Server-ActiveSync", items[0].RedirectUrl);
        Assert.Equal(("V", ExchangeLogItemKind.ProtocolVersion, "141"), (items[1].Name, items[1].Kind, items[1].Value));
        Assert.Equal(("LdapC", ExchangeLogItemKind.Timing, "6"), (items[2].Name, items[2].Kind, items[2].Value));
        Assert.Equal(("LdapL", ExchangeLogItemKind.Timing, "31"), (items[3].Name, items[3].Kind, items[3].Value));
        Assert.Equal(("UserInfo", ExchangeLogItemKind.UserInfo, "MailUser"), (items[4].Name, items[4].Kind, items[4].Value));
        Assert.Equal(("Dc", ExchangeLogItemKind.DomainController, "BonDC1.contoso.com"), (items[5].Name, items[5].Kind, items[5].Value));
        Assert.Equal("Budget", items[6].Name);
        Assert.Equal(ExchangeLogItemKind.Budget, items[6].Kind);
        // %5F inside a value is an escaped '_' and does not split the item.
        Assert.Contains("Policy:DefaultThrottlingPolicy_a53e58b3-edc1-4c36-be2c-0eec854b8637,", items[6].Value, StringComparison.Ordinal);
        Assert.Equal(7, items.Count);
    }

    [Theory]
    [InlineData("PrxTo:ex2.contoso.com_Foo:bar_Zz9_", "PrxTo", ExchangeLogItemKind.ProxyTo, "ex2.contoso.com")]
    [InlineData("Mystery:a%3ab_", "Mystery", ExchangeLogItemKind.Other, "a:b")]
    [InlineData("123abc", "", ExchangeLogItemKind.Other, "123abc")]
    public void Parse_UnknownOrProxyItems_AreKeptWithTheirNames(string log, string name, ExchangeLogItemKind kind, string value)
    {
        ExchangeLogEntry first = ExchangeLogField.Parse(log)[0];

        Assert.Equal((name, kind, value), (first.Name, first.Kind, first.Value));
    }

    [Fact]
    public void Parse_UnknownItems_AreNotDropped()
    {
        IReadOnlyList<ExchangeLogEntry> items = ExchangeLogField.Parse("PrxTo:ex2_Foo:bar_Zz9__");

        Assert.Equal(["PrxTo", "Foo", "Zz"], items.Select(i => i.Name).ToArray());
        Assert.Equal("9", items[2].Value);
    }

    [Theory]
    [InlineData("Cmd=Sync&Log=V141_", "V141_")]
    [InlineData("Log=V141", "V141")]
    [InlineData("Cmd=Sync&Log=V161&Other=1", "V161")]
    [InlineData("Cmd=Sync&BadLog=x&Log=S1", "S1")]
    public void TryFind_QueryWithLog_ReturnsItsValue(string query, string expected)
    {
        Assert.True(ExchangeLogField.TryFind(Encoding.UTF8.GetBytes(query), out ReadOnlySpan<byte> value));
        Assert.Equal(expected, Encoding.UTF8.GetString(value));
    }

    [Theory]
    [InlineData("Cmd=Sync&DeviceId=1")]
    [InlineData("Cmd=Sync&BadLog=x")]
    [InlineData("")]
    public void TryFind_QueryWithoutLog_ReturnsFalse(string query)
    {
        Assert.False(ExchangeLogField.TryFind(Encoding.UTF8.GetBytes(query), out _));
    }

    [Theory]
    [InlineData("25", 2, 5, EasProtocolVersionSet.V2_5)]
    [InlineData("120", 12, 0, EasProtocolVersionSet.V12_0)]
    [InlineData("121", 12, 1, EasProtocolVersionSet.V12_1)]
    [InlineData("140", 14, 0, EasProtocolVersionSet.V14_0)]
    [InlineData("141", 14, 1, EasProtocolVersionSet.V14_1)]
    [InlineData("160", 16, 0, EasProtocolVersionSet.V16_0)]
    [InlineData("161", 16, 1, EasProtocolVersionSet.V16_1)]
    [InlineData("99", 9, 9, EasProtocolVersionSet.None)]
    public void TryParseProtocolVersion_Digits_GivesMajorMinorAndFlag(string digits, int major, int minor, EasProtocolVersionSet flag)
    {
        Assert.True(ExchangeLogField.TryParseProtocolVersion(Encoding.ASCII.GetBytes(digits), out int ma, out int mi));
        Assert.Equal((major, minor), (ma, mi));
        Assert.Equal(flag, ExchangeLogField.ToProtocolVersion(ma, mi));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1411")]
    [InlineData("14a")]
    public void TryParseProtocolVersion_NotTwoOrThreeDigits_ReturnsFalse(string digits)
    {
        Assert.False(ExchangeLogField.TryParseProtocolVersion(Encoding.ASCII.GetBytes(digits), out _, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("SGVsbG8=")] // base64 of "Hello", not gzip
    [InlineData("H4sI")] // a gzip header cut after its first 3 bytes
    public void TryDecodeStack_NotAGzipStack_ReturnsFalse(string raw)
    {
        Assert.False(ExchangeLogField.TryDecodeStack(Encoding.ASCII.GetBytes(raw), out string? text));
        Assert.Null(text);
    }

    [Fact]
    public void TryDecodeStack_StackCutShort_ReturnsThePrefixDecodedSoFar()
    {
        ExchangeLogEntry full = ExchangeLogField.Parse(LogOf(SeedLines.Exchange2010)).Single(i => i.Kind == ExchangeLogItemKind.ExceptionStack);
        string raw = LogOf(SeedLines.Exchange2010).Split('_').Single(i => i.StartsWith("ExStk:", StringComparison.Ordinal))[6..];
        string cut = raw[..(raw.Length / 2 / 4 * 4)];

        Assert.True(ExchangeLogField.TryDecodeStack(Encoding.ASCII.GetBytes(cut), out string? text));
        Assert.StartsWith(text!, full.Value, StringComparison.Ordinal);
        Assert.True(text!.Length < full.Value.Length);
    }

    [Fact]
    public void TryDecodeStack_HugeStack_IsCappedAtMaxStackBytes()
    {
        byte[] big = Encoding.ASCII.GetBytes(new string('x', ExchangeLogField.MaxStackBytes * 4));
        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(big);
        }

        string escaped = Uri.EscapeDataString(Convert.ToBase64String(gz.ToArray()));

        Assert.True(ExchangeLogField.TryDecodeStack(Encoding.ASCII.GetBytes(escaped), out string? text));
        Assert.Equal(ExchangeLogField.MaxStackBytes, text!.Length);
    }

    [Property(MaxTest = 300)]
    public Property Enumerate_RandomBytes_NeverThrowsAndCoversTheInput()
    {
        return Prop.ForAll(
            ArbMap.Default.ArbFor<byte[]>(),
            bytes =>
            {
                int covered = 0;
                int items = 0;
                foreach (ExchangeLogItem item in ExchangeLogField.Enumerate(bytes))
                {
                    covered += item.Raw.Length;
                    items++;
                    _ = item.DecodeValue();
                    _ = ExchangeLogField.TryDecodeStack(item.RawValue, out _);
                }

                int underscores = bytes.Count(b => b == (byte)'_');
                return covered + underscores == bytes.Length && items <= underscores + 1;
            });
    }
}
