using HybridCore.Wbxml;

namespace HybridCore.Cli.Tests.Wbxml;

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
