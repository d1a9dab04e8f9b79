using System.Text;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Diagnostics.Tests.Logs;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DiagnosticsAllocationCollection
{
    public const string Name = "DiagnosticsAllocation";
}

[Collection(DiagnosticsAllocationCollection.Name)]
public class AllocationTests
{
    /// <summary>The fewest bytes allocated by <paramref name="iterations"/> runs, over three tries (see
    /// <see cref="Allocations.Fewest"/>): a per-line allocation shows in every try (20 reads are over 20,000 lines).</summary>
    private static long Measure(Action action, int iterations = 20) => Allocations.Fewest(action, iterations, warmup: 3);

    [Fact]
    public void Analyze_MoreLinesOfKnownDevices_AllocatesNothingPerLine()
    {
        // The same 300 KB of log read 1 and 21 times by one analyser: the extra 20 reads of known
        // devices (over 20,000 lines) must not allocate per line.
        var ms = new MemoryStream();
        IisLogGenerator.Generate(ms, new IisLogGeneratorOptions { Users = 30, TargetBytes = 300_000, BrokenLineRate = 0.01 });
        byte[] log = ms.ToArray();
        var analyzer = new ActiveSyncLogAnalyzer(new LogAnalysisOptions { MaxBrokenLineSamples = 0 });
        using var reader = new W3CLogReader();
        var stream = new MemoryStream(log, writable: false);
        void ReadOnce()
        {
            stream.Position = 0;
            reader.Read(stream, "a.log", analyzer);
        }

        long bytes = Measure(ReadOnce);

        long lines = reader.Statistics.DataLines;
        Assert.True(lines > 20_000, lines.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(bytes < 4096, $"{bytes} bytes for 20 reads");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Analyze_MoreLinesOfKnownDevices_Base64Queries_AllocatesNothingPerLine(double base64Share)
    {
        // Base64-form queries go through the library's parser (EasRequestLine) too: still nothing per line.
        var ms = new MemoryStream();
        IisLogGenerator.Generate(ms, new IisLogGeneratorOptions { Users = 30, TargetBytes = 300_000, BrokenLineRate = 0.01, Base64QueryShare = base64Share });
        byte[] log = ms.ToArray();
        var analyzer = new ActiveSyncLogAnalyzer(new LogAnalysisOptions { MaxBrokenLineSamples = 0 });
        using var reader = new W3CLogReader();
        var stream = new MemoryStream(log, writable: false);
        void ReadOnce()
        {
            stream.Position = 0;
            reader.Read(stream, "a.log", analyzer);
        }

        long bytes = Measure(ReadOnce);

        LogAnalysisReport report = analyzer.BuildReport(reader.Statistics);
        Assert.True(report.Totals.Base64Queries > 1_000, report.Totals.Base64Queries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, report.Totals.InvalidQueries);
        Assert.True(bytes < 4096, $"{bytes} bytes for 20 reads");
    }

    [Fact]
    public void EnumerateLogItems_AllocatesNothing()
    {
        byte[] log = Encoding.UTF8.GetBytes("RdirTo:TryToFigureOutEasEndpoint%3bhttps%3a%2f%2foutlook.office365.com%2fMicrosoft-Server-ActiveSync_V141_LdapC6_LdapL31_UserInfo:MailUser_Dc:BonDC1.contoso.com_");
        int kinds = 0;
        void Walk()
        {
            foreach (ExchangeLogItem item in ExchangeLogField.Enumerate(log))
            {
                kinds += (int)item.Kind;
            }
        }

        Assert.Equal(0, Measure(Walk, 1000));
        Assert.True(kinds > 0);
    }
}
