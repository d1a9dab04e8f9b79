using HybridCore.DirectoryModel;

namespace HybridCore.Tests.DirectoryModel;

/// <summary>Inputs the fuzzer (fuzz/, target <c>directory</c>) found; each once escaped as another exception type.</summary>
public sealed class DirectoryJsonFuzzRegressionTests
{
    [Theory]
    [InlineData("{ \"relatio\u007F\u00FFh\": [] }", true)]              // invalid UTF-8 in a property name (0xFF)
    [InlineData("{ \"relationships\": [], \"recipients\": [ { \"kind\": \"\u00FF\" } ] }", false)]  // and in a value
    public void InvalidUtf8_IsADirectoryValidationException(string latin1, bool inName)
    {
        byte[] json = System.Text.Encoding.Latin1.GetBytes(latin1);

        var e = Assert.Throws<DirectoryValidationException>(() => DirectoryJson.Parse(json));

        DirectoryValidationError error = Assert.Single(e.Errors);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Equal(inName, error.Path == "$");
    }
}
