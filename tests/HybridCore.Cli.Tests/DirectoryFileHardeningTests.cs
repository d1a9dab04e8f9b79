using System.Text;
using HybridCore.Cli.Authentication;
using HybridCore.Cli.Tests.Authentication;
using HybridCore.DirectoryModel;

namespace HybridCore.Cli.Tests;

public sealed class DirectoryFileHardeningTests
{
    [Theory]
    [InlineData("""{ "relationships": [], "recipients": [], "passwords": {}, "passwords": {} }""", "passwords")]
    [InlineData("""{ "relationships": [], "recipients": [], "recipients": [] }""", "recipients")]
    [InlineData("""{ "relationships": [], "recipients": [ { "kind": "LocalMailbox", "identity": "a", "identity": "b", "primarySmtpAddress": "a@contoso.com" } ] }""", "recipients[0].identity")]
    [InlineData("""{ "relationships": [], "recipients": [ { "kind": "LocalMailbox", "identity": "a", "primarySmtpAddress": "a@contoso.com" } ], "passwords": { "a": "x", "a": "y" } }""", "passwords.a")]
    public void Parse_DuplicateKey_IsALocatedError(string json, string path)
    {
        var e = Assert.Throws<DirectoryValidationException>(() => HybridDirectoryFile.Parse(Encoding.UTF8.GetBytes(json)));

        DirectoryValidationError error = Assert.Single(e.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains("appears twice", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 1, byte offset ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PasswordKeysDifferingOnlyInCase_IsAnError()
    {
        string hash = PasswordHash.Create("x", PasswordHash.MinIterations);
        string json = $$"""
            { "relationships": [], "recipients": [ { "kind": "LocalMailbox", "identity": "user1", "primarySmtpAddress": "u@contoso.com" } ],
              "passwords": { "user1": "{{hash}}", "USER1": "{{hash}}" } }
            """;

        var e = Assert.Throws<DirectoryValidationException>(() => HybridDirectoryFile.Parse(Encoding.UTF8.GetBytes(json)));

        DirectoryValidationError error = Assert.Single(e.Errors);
        Assert.Equal("passwords.USER1", error.Path);
        Assert.Contains("'passwords.user1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Utf8ByteOrderMark_IsAccepted()
    {
        byte[] json = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(TestLab.Json())];

        HybridDirectoryFile file = HybridDirectoryFile.Parse(json);

        Assert.Equal(5, file.PasswordHashes.Count);
    }
}
