using System.Text;
using System.Text.Json;
using HybridCore.ActiveSync;
using HybridCore.AspNetCore.Authentication;
using HybridCore.Wbxml;

namespace HybridCore.Cli.Tests;

public sealed class HelpAndUsageTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("serve", "--help")]
    [InlineData("resolve", "--help")]
    [InlineData("query", "decode", "--help")]
    [InlineData("query", "encode", "--help")]
    [InlineData("wbxml", "decode", "--help")]
    [InlineData("wbxml", "encode", "--help")]
    [InlineData("hash-password", "--help")]
    [InlineData("logs", "analyze", "--help")]
    [InlineData("readiness", "--help")]
    public async Task Help_Everywhere_ExitsZeroWithUsage(params string[] args)
    {
        var (exit, output, _) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Root_ListsEveryCommand()
    {
        var (_, output, _) = await CliRunner.RunAsync(["--help"]);

        foreach (string command in new[] { "serve", "resolve", "query", "wbxml", "hash-password", "logs", "readiness" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("resolve")]                          // --user is required
    [InlineData("resolve", "--user", "u", "--protocol", "13.0")]
    [InlineData("query", "decode")]                  // argument missing
    [InlineData("serve", "--backend", "ftp://x")]
    [InlineData("resolve", "--user", "u", "--bogus")]
    public async Task BadCommandLine_ExitsTwoWithAMessage(params string[] args)
    {
        var (exit, _, error) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("error: ", error, StringComparison.Ordinal);
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_NotATerminal_HasNoColourCodes()
    {
        var (_, output, error) = await CliRunner.RunAsync(["resolve", "--user", "CONTOSO\\Kiosk3"]);

        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u001b', error);
    }

    [Fact]
    public void Style_OnlyWhenColoursAreOn()
    {
        var plain = CliConsole.ForTest(TextWriter.Null, TextWriter.Null);
        var colour = new CliConsole(TextWriter.Null, TextWriter.Null, () => Stream.Null, outputIsTerminal: true, colors: true);

        Assert.Equal("x", plain.Style("x", CliConsole.Color.Red));
        Assert.Equal("\u001b[31mx\u001b[0m", colour.Style("x", CliConsole.Color.Red));
    }
}

public sealed class ResolveCommandTests
{
    private static async Task<JsonElement> JsonAsync(string user, string protocol = "14.1")
    {
        var (exit, output, error) = await CliRunner.RunAsync(["resolve", "--user", user, "--protocol", protocol, "--json"]);
        Assert.True(exit == ExitCodes.Ok, error);
        return JsonDocument.Parse(output).RootElement;
    }

    [Fact]
    public async Task Resolve_User12_Gets451ToOffice365AndRedirectAddr()
    {
        JsonElement r = await JsonAsync("user12@batre.msftonlinerepro.com");

        Assert.Equal(451, r.GetProperty("eas").GetProperty("httpStatus").GetInt32());
        Assert.Equal("https://outlook.office365.com/Microsoft-Server-ActiveSync", r.GetProperty("eas").GetProperty("location").GetString());
        Assert.Equal("On Premises to O365", r.GetProperty("eas").GetProperty("relationship").GetString());
        Assert.Equal("user12@batre.mail.onmicrosoft.com", r.GetProperty("autodiscover").GetProperty("redirectAddress").GetString());
        Assert.Equal("https://outlook.com/owa/batre.msftonlinerepro.com", r.GetProperty("owa").GetProperty("targetUrl").GetString());
        // Exchange Online wants 16.1 since 2026-03-01: a 14.1 device is warned about.
        Assert.Contains("ProtocolVersionBelowTargetMinimum", r.GetProperty("eas").GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public async Task Resolve_Mig8_GetsUserHasNoMailboxBecauseNoRelationshipCoversTheRoutingDomain()
    {
        JsonElement eas = (await JsonAsync(@"CONTOSO\Mig8")).GetProperty("eas");

        Assert.Equal("UserHasNoMailbox", eas.GetProperty("action").GetString());
        Assert.Equal("NoRelationshipForRoutingDomain", eas.GetProperty("reason").GetString());
        // As Exchange at 14.1 (the Mig8 IIS line of the on-boarding article: sc-status 200, S123_Error:UserHasNoMailbox).
        Assert.Equal(200, eas.GetProperty("httpStatus").GetInt32());
        Assert.Equal(123, eas.GetProperty("easStatus").GetInt32());
    }

    [Theory]
    [InlineData("admin@batre.msftonlinerepro.com", "ServeLocally", "LocalMailbox")]
    [InlineData("user30@batre.msftonlinerepro.com", "UserHasNoMailbox", "TargetOwaUrlMissing")]
    [InlineData(@"CONTOSO\Kiosk3", "Redirect", "Redirected")]
    public async Task Resolve_DemoLab_EachCaseHasItsDecision(string user, string action, string reason)
    {
        JsonElement eas = (await JsonAsync(user)).GetProperty("eas");

        Assert.Equal(action, eas.GetProperty("action").GetString());
        Assert.Equal(reason, eas.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Resolve_DownLevelOnlyUser_WarnsAboutTheLogonName()
    {
        var (exit, output, _) = await CliRunner.RunAsync(["resolve", "--user", @"CONTOSO\Kiosk3"]);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("DOMAIN\\user; Office 365 wants the UPN", output, StringComparison.Ordinal);
        Assert.Contains("has no UPN", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_OldDevice_IsNotRedirected()
    {
        JsonElement r = await JsonAsync("user12@batre.msftonlinerepro.com", "12.1");

        Assert.Equal("ProtocolVersionTooLow", r.GetProperty("eas").GetProperty("reason").GetString());
        Assert.Equal("Redirect", r.GetProperty("easOptions").GetProperty("action").GetString());
    }

    [Fact]
    public async Task Resolve_UnknownUser_ExitsOneWithAClearMessage()
    {
        var (exit, _, error) = await CliRunner.RunAsync(["resolve", "--user", "nobody@example.com"]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("No recipient matches 'nobody@example.com'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_MissingDirectoryFile_ExitsOne()
    {
        var (exit, _, error) = await CliRunner.RunAsync(["resolve", "--user", "u", "--directory", "/nonexistent/dir.json"]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_InvalidDirectoryFile_ListsProblemsWithPaths()
    {
        string path = CliRunner.TempFile("""{ "relationships": [ { "name": "x", "domainNames": ["bad domain"] } ], "recipients": [] }""");
        try
        {
            var (exit, _, error) = await CliRunner.RunAsync(["resolve", "--user", "u", "--directory", path]);

            Assert.Equal(ExitCodes.UserError, exit);
            Assert.Contains("relationships[0].domainNames[0]", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public sealed class QueryCommandTests
{
    [Fact]
    public async Task Decode_PlainQuery_ShowsEveryField()
    {
        var (exit, output, _) = await CliRunner.RunAsync(
            ["query", "decode", "/Microsoft-Server-ActiveSync?Cmd=Sync&User=user12%40batre.msftonlinerepro.com&DeviceId=ABC123&DeviceType=iPhone&CollectionId=7", "--protocol", "14.1"]);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("Plain", output, StringComparison.Ordinal);
        Assert.Contains("Sync (code 0)", output, StringComparison.Ordinal);
        Assert.Contains("user12@batre.msftonlinerepro.com", output, StringComparison.Ordinal);
        Assert.Contains("14.1", output, StringComparison.Ordinal);
        Assert.Contains("CollectionId    7", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncodeBase64_ThenDecode_RoundTrips()
    {
        var (exit, output, _) = await CliRunner.RunAsync(
            ["query", "encode", "--cmd", "FolderSync", "--user", "user12", "--device-id", "ABCDEF0123456789", "--device-type", "iPhone", "--form", "base64", "--locale", "1033", "--json"]);
        Assert.Equal(ExitCodes.Ok, exit);
        string query = JsonDocument.Parse(output).RootElement.GetProperty("query").GetString()!;

        var (exit2, decoded, _) = await CliRunner.RunAsync(["query", "decode", query, "--json"]);
        Assert.Equal(ExitCodes.Ok, exit2);
        JsonElement d = JsonDocument.Parse(decoded).RootElement;
        Assert.Equal("Base64", d.GetProperty("form").GetString());
        Assert.Equal("FolderSync", d.GetProperty("command").GetString());
        Assert.Equal("14.1", d.GetProperty("protocolVersion").GetString());
        Assert.Equal("user12", d.GetProperty("user").GetString());
        Assert.Equal(1033, d.GetProperty("locale").GetInt32());
    }

    [Fact]
    public async Task EncodePlain_PrintsTheHeadersThePlainFormNeeds()
    {
        var (exit, output, _) = await CliRunner.RunAsync(
            ["query", "encode", "--cmd", "Sync", "--device-id", "D1", "--device-type", "iPhone", "--policy-key", "42", "--protocol", "16.1"]);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("/Microsoft-Server-ActiveSync?Cmd=Sync&DeviceId=D1&DeviceType=iPhone", output, StringComparison.Ordinal);
        Assert.Contains("MS-ASProtocolVersion: 16.1", output, StringComparison.Ordinal);
        Assert.Contains("X-MS-PolicyKey: 42", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_Malformed_ExitsOneWithReasonAndOffset()
    {
        string query = "Cmd=Sync&DeviceId=ABC&DeviceId=DEF&DeviceType=x";
        Span<byte> scratch = new byte[EasRequestLine.MaxDecodedBytes];
        Assert.False(EasRequestLine.TryParse(query, scratch, out _, out EasRequestLineFailure expected));

        var (exit, _, error) = await CliRunner.RunAsync(["query", "decode", query]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains($"{expected.Reason} at offset {expected.Offset}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_MalformedJson_ReportsTheErrorObject()
    {
        var (exit, output, _) = await CliRunner.RunAsync(["query", "decode", "Cmd=Nope&DeviceId=A&DeviceType=x", "--json"]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Equal("UnknownCommand", JsonDocument.Parse(output).RootElement.GetProperty("error").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Encode_UnknownCommand_ExitsOne()
    {
        var (exit, _, error) = await CliRunner.RunAsync(["query", "encode", "--cmd", "Frob", "--device-id", "D1", "--device-type", "x"]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("'Frob' is not an ActiveSync command", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_BadDeviceId_ExitsOne()
    {
        var (exit, _, error) = await CliRunner.RunAsync(["query", "encode", "--cmd", "Sync", "--device-id", "not valid!", "--device-type", "x"]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("cannot be written", error, StringComparison.Ordinal);
    }
}

public sealed class WbxmlCommandTests
{
    private const string FolderSyncXml = "<FolderSync xmlns=\"FolderHierarchy\"><SyncKey>0</SyncKey></FolderSync>";

    [Fact]
    public async Task Encode_ThenDecodeHex_RoundTrips()
    {
        var (exit, hex, _) = await CliRunner.RunAsync(["wbxml", "encode", "-"], stdin: FolderSyncXml);
        Assert.Equal(ExitCodes.Ok, exit);
        byte[] expected = WbxmlXmlConverter.FromXml(FolderSyncXml);
        Assert.Equal(Convert.ToHexString(expected), hex.Trim());

        var (exit2, xml, _) = await CliRunner.RunAsync(["wbxml", "decode", "-"], stdin: hex);
        Assert.Equal(ExitCodes.Ok, exit2);
        Assert.Contains("<SyncKey>0</SyncKey>", xml, StringComparison.Ordinal);
        Assert.Contains("xmlns=\"FolderHierarchy\"", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_BinaryFile_PrintsXml()
    {
        string path = Path.Combine(Path.GetTempPath(), "hybridcore-test-" + Guid.NewGuid().ToString("N") + ".wbxml");
        File.WriteAllBytes(path, WbxmlXmlConverter.FromXml(FolderSyncXml));
        try
        {
            var (exit, xml, _) = await CliRunner.RunAsync(["wbxml", "decode", path]);

            Assert.Equal(ExitCodes.Ok, exit);
            Assert.Contains("<FolderSync", xml, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("03 01 6A 00 45")]   // truncated: element never closed
    [InlineData("FF FF FF FF")]
    public async Task Decode_Malformed_ExitsOne(string hex)
    {
        var (exit, _, error) = await CliRunner.RunAsync(["wbxml", "decode", "-"], stdin: hex);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("Not valid ActiveSync WBXML", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encode_UnknownNamespace_ExitsOne()
    {
        var (exit, _, error) = await CliRunner.RunAsync(["wbxml", "encode", "-"], stdin: "<Foo xmlns=\"Nope\"/>");

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("Cannot encode", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_MissingFile_ExitsOne()
    {
        var (exit, _, error) = await CliRunner.RunAsync(["wbxml", "decode", "/nonexistent/file.wbxml"]);

        Assert.Equal(ExitCodes.UserError, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }
}

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
        var file = AspNetCore.HybridDirectoryFile.Parse(DirectoryLoader.ReadDemoBytes());

        Assert.Equal(6, file.PasswordHashes.Count);
        Assert.All(file.PasswordHashes.Values, h => Assert.True(PasswordHash.Verify("P@ssw0rd-demo", h)));
        Assert.Contains(file.Snapshot.Recipients, r => r.Identity == "user12");
    }
}
