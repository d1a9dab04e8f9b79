using System.Text.Json;
using System.Text.Json.Nodes;
using HybridCore.DirectoryModel;

namespace HybridCore.Cli.Tests;

/// <summary>
/// examples/directory.json, which the library's docs load with <see cref="DirectorySnapshot.FromJson"/>, is the demo
/// directory (examples/lab.json, embedded in the tool) without the <c>passwords</c> that only the tool's demo reads.
/// </summary>
public sealed class ExampleDirectoryTests
{
    private static readonly string ExamplePath = Path.Combine(AppContext.BaseDirectory, "documented", "examples", "directory.json");

    [Fact]
    public void DirectoryJson_IsTheDemoWithoutItsPasswords()
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip };
        JsonObject demo = JsonNode.Parse(DirectoryLoader.ReadDemoBytes(), documentOptions: options)!.AsObject();
        JsonNode example = JsonNode.Parse(File.ReadAllBytes(ExamplePath), documentOptions: options)!;

        Assert.True(demo.Remove(HybridDirectoryFile.PasswordsProperty), "the demo has passwords");
        Assert.True(JsonNode.DeepEquals(demo, example), "examples/directory.json differs from examples/lab.json without its passwords");
    }

    [Fact]
    public void DirectoryJson_LoadsWithTheCoreLoader_AndTheDemoDoesNot()
    {
        DirectorySnapshot snapshot = DirectorySnapshot.FromJson(File.ReadAllBytes(ExamplePath));

        Assert.Equal(HybridDirectoryFile.Parse(DirectoryLoader.ReadDemoBytes()).Snapshot.Recipients.Length, snapshot.Recipients.Length);
        DirectoryValidationException e = Assert.Throws<DirectoryValidationException>(() => DirectorySnapshot.FromJson(DirectoryLoader.ReadDemoBytes()));
        Assert.Contains(e.Errors, x => x.Path.Contains("passwords", StringComparison.Ordinal));
    }
}
