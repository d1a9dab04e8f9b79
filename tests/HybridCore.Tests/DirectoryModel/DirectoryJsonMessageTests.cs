using HybridCore.DirectoryModel;

namespace HybridCore.Tests.DirectoryModel;

/// <summary>A directory file's mistakes are told in the directory's terms, with the path and position.</summary>
public sealed class DirectoryJsonMessageTests
{
    [Theory]
    [InlineData("{\"recipients\":[{\"kind\":\"LocalMailbox\",\"identity\":\"a\",\"dispalyName\":\"A\"}]}", "$.recipients[0].dispalyName", "Unknown property 'dispalyName'", "a recipient has no such property", "displayName")]
    [InlineData("{\"relationships\":[{\"name\":\"r\",\"domainNames\":[\"x.example\"],\"targetOwaUri\":\"https://x\"}]}", "$.relationships[0].targetOwaUri", "Unknown property 'targetOwaUri'", "an organization relationship has no such property", "targetOwaUrl")]
    [InlineData("{\"recipient\":[]}", "$.recipient", "Unknown property 'recipient'", "the directory file has no such property", "recipients")]
    public void UnknownProperty_IsNamedWithWhereItIsAndWhatIsKnown(string json, string path, string says, string what, string known)
    {
        var e = Assert.Throws<DirectoryValidationException>(() => DirectoryJson.Parse(System.Text.Encoding.UTF8.GetBytes(json)));
        DirectoryValidationError error = Assert.Single(e.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 1, byte", error.Message, StringComparison.Ordinal);
        Assert.Contains(known, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".NET member", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("HybridCore.DirectoryModel.", error.Message, StringComparison.Ordinal);
    }
}
