using System.Collections.Immutable;
using System.Text;
using HybridCore.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace HybridCore.Generators.Tests;

/// <summary>An additional file held in memory.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Drives <see cref="SpecTableGenerator"/> with <see cref="CSharpGeneratorDriver"/> directly.</summary>
internal static class GeneratorHarness
{
    /// <summary>The hand-written types the generated code refers to, as the core defines them.</summary>
    public const string CoreStubs = """
        namespace HybridCore.ActiveSync
        {
            [System.Flags] public enum EasProtocolVersionSet : ushort { None = 0, V2_5 = 1, V12_0 = 2, V12_1 = 4, V14_0 = 8, V14_1 = 16, V16_0 = 32, V16_1 = 64 }
        }
        namespace HybridCore.Wbxml
        {
            public enum WbxmlTag : ushort { }
        }
        """;

    public static CSharpCompilation NewCompilation(string? extraSource = null)
    {
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(CoreStubs, new CSharpParseOptions(LanguageVersion.Latest)) };
        if (extraSource is not null)
        {
            trees.Add(CSharpSyntaxTree.ParseText(extraSource, new CSharpParseOptions(LanguageVersion.Latest)));
        }

        IEnumerable<MetadataReference> refs = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(System.IO.Path.PathSeparator)
            .Where(p => System.IO.Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || System.IO.Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => MetadataReference.CreateFromFile(p));

        return CSharpCompilation.Create(
            "GeneratorTestAssembly",
            trees,
            refs,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    public static GeneratorDriver NewDriver(params AdditionalText[] files) =>
        CSharpGeneratorDriver.Create(
            generators: [new SpecTableGenerator().AsSourceGenerator()],
            additionalTexts: files,
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator over the given tables (file name → text).</summary>
    public static Result Run(params (string FileName, string Text)[] tables)
    {
        AdditionalText[] files = tables.Select(t => (AdditionalText)new InMemoryAdditionalText("/spec/" + t.FileName, t.Text)).ToArray();
        GeneratorDriver driver = NewDriver(files);
        CSharpCompilation compilation = NewCompilation();
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> _);
        GeneratorDriverRunResult run = driver.GetRunResult();
        return new Result(run, output);
    }

    /// <summary>Loads a real table from the core project (copied next to the test assembly).</summary>
    public static (string FileName, string Text) RealTable(string fileName) =>
        (fileName, File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Spec", fileName)));

    internal sealed record Result(GeneratorDriverRunResult Run, Compilation Output)
    {
        public ImmutableArray<Diagnostic> Diagnostics => Run.Diagnostics;

        public string Source(string hintName) =>
            Run.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

        public IEnumerable<string> HintNames => Run.Results.Single().GeneratedSources.Select(s => s.HintName);

        public ImmutableArray<Diagnostic> CompileErrors =>
            Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
    }
}
