using System.Text.Json;
using HybridCore.ActiveSync;

namespace HybridCore.Cli.Tests.Query;

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
