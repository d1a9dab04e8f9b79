using HybridCore.TestSupport;
using System.Text;
using HybridCore.Cli.Tests.Authentication;
using HybridCore.DirectoryModel;

namespace HybridCore.Cli.Tests;

public sealed class DirectoryFileTests
{
    [Fact]
    public void Parse_TestLab_LoadsRecipientsRelationshipsAndPasswords()
    {
        HybridDirectoryFile file = TestLab.File;

        Assert.Equal(5, file.Snapshot.Recipients.Length);
        Assert.Equal(2, file.Snapshot.Relationships.Length);
        Assert.Equal(5, file.PasswordHashes.Count);
        Assert.IsType<RemoteMailbox>(file.Directory.Recipients.Find(LabDirectory.User12).Recipient);
    }

    [Fact]
    public void Parse_BadPasswordsAndEntries_ListsEveryProblemWithItsPath()
    {
        const string json = """
            {
              "relationships": [],
              "recipients": [ { "kind": "LocalMailbox", "identity": "a", "primarySmtpAddress": "not-an-address" } ],
              "passwords": { "a": "plain-text", "ghost": "PBKDF2-SHA256$1000$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" }
            }
            """;
        var e = Assert.Throws<DirectoryValidationException>(() => HybridDirectoryFile.Parse(Encoding.UTF8.GetBytes(json)));
        var paths = e.Errors.Select(x => x.Path).ToList();

        Assert.Contains("recipients[0].primarySmtpAddress", paths);
        Assert.Contains("passwords.a", paths);
    }

    [Fact]
    public void Parse_UnknownIdentityInPasswords_IsAnError()
    {
        const string json = """{ "relationships": [], "recipients": [ { "kind": "LocalMailbox", "identity": "a" } ], "passwords": { "ghost": "PBKDF2-SHA256$1000$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" } }""";
        var e = Assert.Throws<DirectoryValidationException>(() => HybridDirectoryFile.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("passwords.ghost", Assert.Single(e.Errors).Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{ \"relationships\": [ }")]
    public void Parse_NotAJsonObject_IsAnInvalidJsonError(string json)
    {
        var e = Assert.Throws<DirectoryValidationException>(() => HybridDirectoryFile.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(DirectoryErrorCode.InvalidJson, Assert.Single(e.Errors).Code);
    }
}
