using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HybridCore.Generators.Tests;

public class GeneratorIncrementalTests
{
    [Fact]
    public void UnchangedRerun_ReportsCachedOrUnchangedSteps()
    {
        AdditionalText[] files =
        [
            new InMemoryAdditionalText("/spec/EasCommands.table", SampleTables.Commands),
            new InMemoryAdditionalText("/spec/WbxmlCodePages.table", SampleTables.WbxmlPages),
            new InMemoryAdditionalText("/spec/WbxmlTags.table", SampleTables.WbxmlTags),
        ];
        GeneratorDriver driver = GeneratorHarness.NewDriver(files);
        var compilation = GeneratorHarness.NewCompilation();

        driver = driver.RunGenerators(compilation);
        // A new compilation (as after an unrelated edit) with the same tables.
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class Unrelated {}")));

        GeneratorRunResult run = driver.GetRunResult().Results.Single();
        AssertAllCachedOrUnchanged(run, SpecTableGenerator.TrackingNames.Tables, expectedCount: 3);
        AssertAllCachedOrUnchanged(run, SpecTableGenerator.TrackingNames.Wbxml, expectedCount: 1);
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o =>
            Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void ChangingOneTable_ReparsesOnlyThatTable()
    {
        var commands = new InMemoryAdditionalText("/spec/EasCommands.table", SampleTables.Commands);
        var pages = new InMemoryAdditionalText("/spec/WbxmlCodePages.table", SampleTables.WbxmlPages);
        var tags = new InMemoryAdditionalText("/spec/WbxmlTags.table", SampleTables.WbxmlTags);
        GeneratorDriver driver = GeneratorHarness.NewDriver(commands, pages, tags);
        var compilation = GeneratorHarness.NewCompilation();
        driver = driver.RunGenerators(compilation);

        var changed = new InMemoryAdditionalText("/spec/EasCommands.table", SampleTables.Commands + "\nPing | 18 | 14.0 | Pings.\n");
        driver = driver.ReplaceAdditionalText(commands, changed).RunGenerators(compilation);

        GeneratorRunResult run = driver.GetRunResult().Results.Single();
        ImmutableArray<IncrementalGeneratorRunStep> steps = run.TrackedSteps[SpecTableGenerator.TrackingNames.Tables];
        var reasons = steps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New));
        Assert.Equal(2, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Contains("Ping = 18,", run.GeneratedSources.Single(s => s.HintName == "EasCommands.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PipelineValues_HoldNoCompilationSymbolOrSyntax()
    {
        GeneratorDriver driver = GeneratorHarness.NewDriver(
            new InMemoryAdditionalText("/spec/EasCommands.table", SampleTables.Commands),
            new InMemoryAdditionalText("/spec/WbxmlCodePages.table", SampleTables.WbxmlPages),
            new InMemoryAdditionalText("/spec/WbxmlTags.table", SampleTables.WbxmlTags));
        driver = driver.RunGenerators(GeneratorHarness.NewCompilation());

        GeneratorRunResult run = driver.GetRunResult().Results.Single();
        foreach (IncrementalGeneratorRunStep step in run.TrackedSteps.SelectMany(s => s.Value))
        {
            foreach ((object value, IncrementalStepRunReason _) in step.Outputs)
            {
                AssertNoRoslynObjects(value, depth: 0);
            }
        }
    }

    private static void AssertAllCachedOrUnchanged(GeneratorRunResult run, string stepName, int expectedCount)
    {
        ImmutableArray<IncrementalGeneratorRunStep> steps = run.TrackedSteps[stepName];
        var outputs = steps.SelectMany(s => s.Outputs).ToList();
        Assert.Equal(expectedCount, outputs.Count);
        Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, stepName + ": " + o.Reason));
    }

    private static void AssertNoRoslynObjects(object? value, int depth)
    {
        if (value is null || depth > 4)
        {
            return;
        }

        Assert.False(value is Compilation or ISymbol or SyntaxNode or Location, value.GetType().FullName);
        if (value is string || value.GetType().IsPrimitive)
        {
            return;
        }

        if (value is System.Collections.IEnumerable items)
        {
            foreach (object? item in items)
            {
                AssertNoRoslynObjects(item, depth + 1);
            }

            return;
        }

        foreach (var property in value.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0))
        {
            AssertNoRoslynObjects(property.GetValue(value), depth + 1);
        }
    }
}
