using System.IO.Compression;
using System.Text;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Diagnostics.Tests.Logs;

/// <summary>
/// Stopping a log analysis: <see cref="ActiveSyncLogAnalyzer.AnalyzePaths"/> and <see cref="W3CLogReader"/> throw
/// <see cref="OperationCanceledException"/> for a cancelled token — before they start and midway, with the token
/// cancelled from the progress callback — and leave no file open.
/// </summary>
public sealed class CancellationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hc-cancel-").FullName;
    private readonly string _plain;
    private readonly string _gzip;

    public CancellationTests()
    {
        string sub = Directory.CreateDirectory(Path.Combine(_dir, "W3SVC1")).FullName;
        _plain = Path.Combine(sub, "u_ex260105.log");
        _gzip = Path.Combine(sub, "u_ex260106.log.gz");
        using (FileStream f = File.Create(_plain))
        {
            IisLogGenerator.Generate(f, new IisLogGeneratorOptions { Seed = 9, Users = 20, TargetBytes = 300_000 });
        }

        using (var gz = new GZipStream(File.Create(_gzip), CompressionLevel.Fastest))
        {
            IisLogGenerator.Generate(gz, new IisLogGeneratorOptions { Seed = 9, Users = 20, TargetBytes = 300_000, Start = new DateTime(2026, 1, 6, 0, 0, 0, DateTimeKind.Utc) });
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Small reads, so that a 300 kB file is dozens of chunks (and dozens of progress reports).</summary>
    // One thread: "not one more chunk after the cancellation" holds for one reader; with several, each sees the
    // token within its own next read (ParallelAnalysisTests covers that).
    private static LogAnalysisOptions SmallReads => new() { Reader = new W3CLogReaderOptions { ReadSize = 4096 }, Threads = 1 };

    [Fact]
    public void AnalyzePaths_CancelledBeforeStart_ThrowsWithoutReadingOrOpening()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        int reports = 0;

        OperationCanceledException e = Assert.Throws<OperationCanceledException>(
            () => ActiveSyncLogAnalyzer.AnalyzePaths([_dir], SmallReads, new SyncProgress(_ => reports++), cts.Token));

        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.Equal(0, reports);
        AssertNotOpen(_plain);
        AssertNotOpen(_gzip);

        // Checked before the paths are even listed.
        Assert.Throws<OperationCanceledException>(() => ActiveSyncLogAnalyzer.AnalyzePaths(["/no/such/dir/for/hybridcore"], cancellationToken: cts.Token));
    }

    [Theory]
    [InlineData(".log")]
    [InlineData(".log.gz")]
    public void AnalyzePaths_CancelledFromProgressMidFile_ThrowsAndClosesEveryFile(string cancelIn)
    {
        using var cts = new CancellationTokenSource();
        var seen = new List<LogAnalysisProgress>();
        int inFile = 0;
        int reportsAtCancel = -1;
        var progress = new SyncProgress(p =>
        {
            seen.Add(p);
            // The third report inside the chosen file: well into it, far from its end.
            if (p.CurrentInput.EndsWith(cancelIn, StringComparison.Ordinal) && ++inFile == 3)
            {
                cts.Cancel();
                reportsAtCancel = seen.Count;
            }
        });

        OperationCanceledException e = Assert.Throws<OperationCanceledException>(
            () => ActiveSyncLogAnalyzer.AnalyzePaths([_dir], SmallReads, progress, cts.Token));

        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.True(reportsAtCancel > 0, "the cancellation point was reached");
        Assert.Equal(reportsAtCancel, seen.Count);     // not one more chunk was read after the cancellation
        Assert.True(seen[^1].BytesDone < seen[^1].BytesTotal);
        AssertNotOpen(_plain);
        AssertNotOpen(_gzip);
    }

    [Fact]
    public void AnalyzePaths_NotCancelled_ReadsEverything()
    {
        // The same inputs and options without cancelling: the cancellation tests above stop a run that would finish.
        using var cts = new CancellationTokenSource();
        LogAnalysisReport report = ActiveSyncLogAnalyzer.AnalyzePaths([_dir], SmallReads, cancellationToken: cts.Token);

        Assert.Equal(2, report.Totals.Inputs);
        Assert.True(report.Totals.ActiveSyncLines > 0);
        AssertNotOpen(_plain);
        AssertNotOpen(_gzip);
    }

    [Fact]
    public void Read_CancelledBeforeStart_ReadsNothing_ThenTheReaderStillWorks()
    {
        byte[] log = Encoding.UTF8.GetBytes("#Fields: cs-uri-stem cs-uri-query sc-status\n/Microsoft-Server-ActiveSync User=a&DeviceId=1 200\n");
        using var reader = new W3CLogReader();
        var stream = new MemoryStream(log);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => reader.Read(stream, "a.log", new ActiveSyncLogAnalyzer(), cts.Token));
        Assert.Equal(0, stream.Position);
        Assert.Equal(0, reader.Statistics.Inputs);

        var analyzer = new ActiveSyncLogAnalyzer();
        reader.Read(new MemoryStream(log), "a.log", analyzer, CancellationToken.None);
        Assert.Equal(1, analyzer.BuildReport(reader.Statistics).Totals.ActiveSyncLines);
    }

    [Fact]
    public void AssertNotOpen_SeesAHandleThatIsStillOpen()
    {
        // The check the tests above rely on can fail: with the file open as the reader opens it, it does.
        using (Stream open = W3CLogReader.OpenLogFile(_plain))
        {
            Assert.ThrowsAny<Exception>(() => AssertNotOpen(_plain));
        }

        AssertNotOpen(_plain);
    }

    /// <summary>No handle of this process is open on the file: on Linux no /proc/self/fd entry points at it, and
    /// (everywhere) the file can be opened for exclusive use — .NET refuses that while a shared handle is open.</summary>
    private static void AssertNotOpen(string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists("/proc/self/fd"))
        {
            foreach (string fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            {
                string? target;
                try
                {
                    target = new FileInfo(fd).LinkTarget;
                }
                catch (IOException)
                {
                    continue; // closed meanwhile by another test
                }

                Assert.False(string.Equals(target, full, StringComparison.Ordinal), $"{fd} -> {target} is still open");
            }
        }

        using var exclusive = new FileStream(full, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
    }

    private sealed class SyncProgress(Action<LogAnalysisProgress> report) : IProgress<LogAnalysisProgress>
    {
        public void Report(LogAnalysisProgress value) => report(value);
    }
}
