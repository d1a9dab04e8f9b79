using System.Text;
using HybridCore.DirectoryModel;

namespace HybridCore.Tests.DirectoryModel;

public sealed class DirectoryJsonHardeningTests
{
    [Fact]
    public void Parse_DuplicateKeyInANestedObject_NamesItsPathLineAndOffset()
    {
        const string json = "{\n  \"relationships\": [\n    { \"name\": \"a\", \"domainNames\": [\"x.com\"] },\n    { \"name\": \"b\", \"name\": \"c\", \"domainNames\": [\"y.com\"] }\n  ],\n  \"recipients\": []\n}";

        var e = Assert.Throws<DirectoryValidationException>(() => DirectoryJson.Parse(Encoding.UTF8.GetBytes(json)));

        DirectoryValidationError error = Assert.Single(e.Errors);
        Assert.Equal(DirectoryErrorCode.InvalidJson, error.Code);
        Assert.Equal("relationships[1].name", error.Path);
        int offset = json.IndexOf("\"name\": \"c\"", StringComparison.Ordinal);
        Assert.Contains($"line 4, byte offset {offset}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Utf8ByteOrderMark_IsSkipped()
    {
        byte[] json = [0xEF, 0xBB, 0xBF, .. "{ \"relationships\": [], \"recipients\": [] }"u8];

        DirectoryDocument document = DirectoryJson.Parse(json);

        Assert.Empty(document.Recipients);
    }

    [Fact]
    public void PrepareText_MalformedJson_IsLeftForTheParserToReport()
    {
        byte[] json = "{ \"a\": 1, \"b\": "u8.ToArray();

        Assert.Equal(json.Length, DirectoryJson.PrepareText(json).Length);
        var e = Assert.Throws<DirectoryValidationException>(() => DirectoryJson.Parse(json));
        Assert.Equal(DirectoryErrorCode.InvalidJson, Assert.Single(e.Errors).Code);
    }
}
