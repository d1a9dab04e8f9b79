using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HybridCore.Docs.Tests;

/// <summary>
/// Every <c>```csharp</c> block in README.md, the package READMEs (src/*/README.md) and docs/ compiles verbatim,
/// each block on its own, against the HybridCore packages and the ASP.NET Core shared framework. A block is a
/// whole file as a user would paste it into a new project (<c>dotnet new console</c>): the .NET SDK's implicit
/// usings (<see cref="ImplicitUsings"/>) apply, every other <c>using</c> and every name it uses are in the block. Code
/// that is not meant to compile (an excerpt of generated code, a shape) is fenced as <c>```text</c>.
/// </summary>
public sealed class CSharpBlockTests
{
    private static readonly string MarkdownRoot = Path.Combine(AppContext.BaseDirectory, "markdown");

    public static TheoryData<string, int> Blocks()
    {
        var data = new TheoryData<string, int>();
        foreach ((string file, int line, _) in ReadBlocks())
        {
            data.Add(file, line);
        }

        return data;
    }

    /// <summary>The markdown files and their C# blocks: (path relative to the repo, first code line, code).</summary>
    internal static IEnumerable<(string File, int Line, string Code)> ReadBlocks()
    {
        foreach (string path in Directory.EnumerateFiles(MarkdownRoot, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(MarkdownRoot, path).Replace('\\', '/');
            string[] lines = File.ReadAllLines(path);
            for (int i = 0; i < lines.Length; i++)
            {
                string fence = lines[i].TrimStart();
                if (!IsCSharpFence(fence))
                {
                    continue;
                }

                int indent = lines[i].Length - fence.Length;
                int end = Array.FindIndex(lines, i + 1, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
                Assert.True(end > i, $"{relative}:{i + 1}: the C# block is not closed");
                string code = string.Join('\n', lines[(i + 1)..end].Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
                yield return (relative, i + 2, code);
                i = end;
            }
        }
    }

    /// <summary>An opening fence whose info string's language is <c>csharp</c>, <c>cs</c> or <c>c#</c> (any case; a
    /// <c>```csv</c> block is not C#).</summary>
    internal static bool IsCSharpFence(string fence)
    {
        if (!fence.StartsWith("```", StringComparison.Ordinal))
        {
            return false;
        }

        string language = fence[3..].Trim().Split(' ', 2)[0];
        return language.Equals("csharp", StringComparison.OrdinalIgnoreCase) || language.Equals("cs", StringComparison.OrdinalIgnoreCase) ||
            language.Equals("c#", StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("```csharp", true)]
    [InlineData("```cs", true)]
    [InlineData("```C#", true)]
    [InlineData("```csharp title=\"Program.cs\"", true)]
    [InlineData("```csv", false)]
    [InlineData("```text", false)]
    [InlineData("```", false)]
    public void IsCSharpFence_KnowsTheLanguageNames(string fence, bool expected) => Assert.Equal(expected, IsCSharpFence(fence));

    [Fact]
    public void TheDocsHaveCSharpBlocks()
    {
        var blocks = ReadBlocks().ToList();
        Assert.True(blocks.Count >= 10, $"found {blocks.Count} C# blocks under {MarkdownRoot}");
        Assert.Contains(blocks, b => b.File == "README.md");
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Block_CompilesVerbatim(string file, int line)
    {
        string code = ReadBlocks().Single(b => b.File == file && b.Line == line).Code;
        ImmutableArray<Diagnostic> errors = Compile(code, $"{file}:{line}");
        Assert.True(errors.IsEmpty, $"{file}:{line}: the C# block does not compile:\n" + string.Join('\n', errors.Select(e => Describe(e, line))));
    }

    [Fact]
    public void Compile_ReportsErrors()
    {
        // The check is not vacuous: an undefined name and a missing using are errors.
        Assert.NotEmpty(Compile("var x = undefinedName;", "bad"));
        Assert.NotEmpty(Compile("RedirectResolver r = null!;", "bad"));
        Assert.NotEmpty(Compile("WebApplication? app = null;", "bad"));
        Assert.Empty(Compile("using HybridCore.Redirect;\nRedirectResolver? r = null;\nSystem.Console.WriteLine(r);", "good"));
    }

    private static string Describe(Diagnostic d, int firstLine)
    {
        FileLinePositionSpan span = d.Location.GetLineSpan();
        return $"  line {firstLine + span.StartLinePosition.Line}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        // The runtime's own assemblies (this test references the ASP.NET Core shared framework) and the HybridCore
        // assemblies beside the test.
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return [.. tpa.Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Where(p => !Path.GetFileName(p).StartsWith("xunit", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    /// <summary>The global usings that Microsoft.NET.Sdk adds to a project with <c>ImplicitUsings</c> enabled (the
    /// default of <c>dotnet new console</c> and <c>dotnet new classlib</c>).</summary>
    internal const string ImplicitUsings =
        "global using System;\nglobal using System.Collections.Generic;\nglobal using System.IO;\nglobal using System.Linq;\n" +
        "global using System.Net.Http;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n";

    private static ImmutableArray<Diagnostic> Compile(string code, string path)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        SyntaxTree tree = CSharpSyntaxTree.ParseText(code, parse, path);
        SyntaxTree usings = CSharpSyntaxTree.ParseText(ImplicitUsings, parse, "GlobalUsings.g.cs");
        bool program = tree.GetRoot().DescendantNodes().OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            "DocBlock",
            [tree, usings],
            References.Value,
            new CSharpCompilationOptions(
                program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: false));
        return [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)];
    }

    [Fact]
    public void References_IncludeTheHybridCorePackages()
    {
        string[] names = [.. References.Value.Select(r => Path.GetFileNameWithoutExtension(r.Display ?? string.Empty))];
        Assert.Contains("HybridCore", names);
        Assert.Contains("HybridCore.AspNetCore", names);
        Assert.Contains("HybridCore.Diagnostics", names);
        Assert.Contains("HybridCore.Ldap", names);
        Assert.Contains("HybridCore.Reports", names);
        Assert.Contains("Microsoft.AspNetCore", names);
    }
}
