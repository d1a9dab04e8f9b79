using System.IO.Compression;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Diagnostics.Tests.Logs;

public class W3CLogReaderTests
{
    private sealed class Collector : IW3CLogVisitor
    {
        public List<(long Line, string Stem, string Query, string Status, string User)> Lines { get; } = new();

        public List<(long Line, W3CBrokenLineReason Reason, string Raw)> Broken { get; } = new();

        public void OnLine(in W3CLogLine line) => Lines.Add((
            line.LineNumber,
            Encoding.UTF8.GetString(line[W3CField.UriStem]),
            Encoding.UTF8.GetString(line[W3CField.UriQuery]),
            Encoding.UTF8.GetString(line[W3CField.Status]),
            Encoding.UTF8.GetString(line[W3CField.UserName])));

        public void OnBrokenLine(in W3CBrokenLine line) => Broken.Add((line.LineNumber, line.Reason, Encoding.UTF8.GetString(line.Raw)));
    }

    /// <summary>Returns at most <c>chunk</c> bytes per read, to move line ends across read boundaries.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }

    private static Collector Read(string text, W3CLogReaderOptions? options = null, int chunk = int.MaxValue)
    {
        var c = new Collector();
        using var reader = new W3CLogReader(options);
        reader.Read(new TrickleStream(Encoding.UTF8.GetBytes(text), chunk), "test.log", c);
        return c;
    }

    [Fact]
    public void Read_SeedExchange2010Line_GivesItsFieldsByName()
    {
        Collector c = Read(SeedLines.FieldsWithReferer + "\r\n" + SeedLines.Exchange2010 + "\r\n");

        var line = Assert.Single(c.Lines);
        Assert.Empty(c.Broken);
        Assert.Equal("/Microsoft-Server-ActiveSync/Proxy/default.eas", line.Stem);
        Assert.StartsWith("Cmd=Sync&DeviceId=AC94832BCFD9DCD19D299AD36D2CA8C5&DeviceType=WP8&Log=PrxFrom:", line.Query, StringComparison.Ordinal);
        Assert.Equal("200", line.Status);
        Assert.Equal("CONTOSO\\Mig8", line.User);
        Assert.Equal(2, line.Line);
    }

    [Fact]
    public void Read_SeedExchange2013LineAsPrinted_IsBrokenBecauseOfTheOffice365Space()
    {
        // "outlook.Office 365.com" (the article's artifact) adds a 15th value to a 14-field line.
        Collector c = Read(SeedLines.FieldsWithoutReferer + "\n" + SeedLines.Exchange2013 + "\n");

        Assert.Empty(c.Lines);
        var broken = Assert.Single(c.Broken);
        Assert.Equal(W3CBrokenLineReason.FieldCountMismatch, broken.Reason);
        Assert.Equal(2, broken.Line);
    }

    [Fact]
    public void Read_SeedExchange2013LineRepaired_GivesStatus451()
    {
        Collector c = Read(SeedLines.FieldsWithoutReferer + "\n" + SeedLines.Exchange2013Repaired);

        var line = Assert.Single(c.Lines);
        Assert.Equal("451", line.Status);
        Assert.Equal("user12@batre.msftonlinerepro.com", line.User);
    }

    [Fact]
    public void Read_FieldsChangeMidFile_UsesTheLatestDirective()
    {
        string text = "#Fields: cs-uri-stem sc-status\n/a 200\n#Fields: sc-status cs-username cs-uri-stem\n401 bob /b\n";

        Collector c = Read(text);

        Assert.Equal([("/a", "200", ""), ("/b", "401", "bob")], c.Lines.Select(l => (l.Stem, l.Status, l.User)).ToArray());
    }

    [Fact]
    public void Read_DashValue_IsEmpty()
    {
        Collector c = Read("#Fields: cs-uri-stem cs-uri-query cs-username\n/x - -\n");

        Assert.Equal(("/x", "", ""), (c.Lines[0].Stem, c.Lines[0].Query, c.Lines[0].User));
    }

    [Fact]
    public void Read_BrokenLines_AreCountedWithReasonAndNeverFatal()
    {
        string text = "/early 200\n#Fields: cs-uri-stem sc-status\n/a 200\n/b\n/c 200 extra\n#Fields:\n/d 200\n#Fields: cs-uri-stem sc-status\n/e 200";
        using var reader = new W3CLogReader();
        var c = new Collector();

        reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "x", c);

        Assert.Equal(["/a", "/e"], c.Lines.Select(l => l.Stem).ToArray());
        Assert.Equal(
            [(1L, W3CBrokenLineReason.NoFieldsDirective), (4, W3CBrokenLineReason.FieldCountMismatch), (5, W3CBrokenLineReason.FieldCountMismatch), (6, W3CBrokenLineReason.EmptyFieldsDirective), (7, W3CBrokenLineReason.NoFieldsDirective)],
            c.Broken.Select(b => (b.Line, b.Reason)).ToArray());
        Assert.Equal(5, reader.Statistics.BrokenLines);
        Assert.Equal(2, reader.Statistics.GetBrokenLines(W3CBrokenLineReason.FieldCountMismatch));
        Assert.Equal(9, reader.Statistics.Lines);
        Assert.Equal(2, reader.Statistics.DataLines);
    }

    [Fact]
    public void Read_LineLongerThanTheLimit_IsSkippedToItsEnd()
    {
        string longLine = "/long " + new string('q', 5000) + " 200";
        string text = "#Fields: cs-uri-stem cs-uri-query sc-status\n/a q 200\n" + longLine + "\n/b q 200\n";

        Collector c = Read(text, new W3CLogReaderOptions { MaxLineLength = 1024, ReadSize = 64 }, chunk: 100);

        Assert.Equal(["/a", "/b"], c.Lines.Select(l => l.Stem).ToArray());
        Assert.Equal([3L, 4L], c.Broken.Select(b => b.Line).Concat(c.Lines.Skip(1).Select(l => l.Line)).ToArray());
        Assert.Equal(W3CBrokenLineReason.LineTooLong, Assert.Single(c.Broken).Reason);
    }

    [Property(MaxTest = 25)]
    public Property Read_GeneratedLog_SameResultWhateverTheReadSizes()
    {
        var ms = new MemoryStream();
        IisLogGenerator.Generate(ms, new IisLogGeneratorOptions { TargetBytes = 64 << 10, Users = 10, BrokenLineRate = 0.02, FieldChangeEvery = 50 });
        byte[] data = ms.ToArray();
        string text = Encoding.UTF8.GetString(data);
        Collector whole = Read(text);

        return Prop.ForAll(
            Gen.Choose(1, 4096).ToArbitrary(),
            chunk =>
            {
                Collector split = Read(text, new W3CLogReaderOptions { ReadSize = 256, MaxLineLength = 2048 }, chunk);
                return split.Lines.SequenceEqual(whole.Lines) && split.Broken.SequenceEqual(whole.Broken);
            });
    }

    [Property(MaxTest = 300)]
    public Property Read_RandomBytesAfterAFieldsDirective_NeverThrowsAndAccountsForEveryLine()
    {
        byte[] header = Encoding.UTF8.GetBytes("#Fields: date time cs-uri-stem cs-uri-query cs-username sc-status\n");
        Gen<byte> bytes = Gen.Frequency(
            (6, Gen.Choose(0, 255).Select(i => (byte)i)),
            (2, Gen.Elements((byte)' ', (byte)'\n', (byte)'\r', (byte)'_', (byte)'&', (byte)'%', (byte)'#')));
        return Prop.ForAll(
            bytes.ArrayOf().ToArbitrary(),
            body =>
            {
                byte[] input = [.. header, .. Encoding.UTF8.GetBytes("2026-01-05 10:00:00 /Microsoft-Server-ActiveSync "), .. body];
                var analyzer = new ActiveSyncLogAnalyzer();
                using var reader = new W3CLogReader(new W3CLogReaderOptions { MaxLineLength = 128, ReadSize = 16 });
                reader.Read(new MemoryStream(input), "fuzz.log", analyzer);
                LogAnalysisReport report = analyzer.BuildReport(reader.Statistics);
                W3CReadStatistics st = reader.Statistics;
                return st.DataLines + st.BrokenLines + st.Directives <= st.Lines
                    && report.Totals.ActiveSyncLines <= st.DataLines
                    && report.Totals.Requests.Total == report.Totals.ActiveSyncLines;
            });
    }

    [Fact]
    public void ReadFile_GzipFile_IsDecompressedWhateverItsName()
    {
        string dir = Directory.CreateTempSubdirectory("hc-w3c-").FullName;
        try
        {
            string text = "#Fields: cs-uri-stem sc-status\r\n/a 200\r\n/b 451\r\n";
            string path = Path.Combine(dir, "u_ex260105.log");
            using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            {
                gz.Write(Encoding.UTF8.GetBytes(text));
            }

            var c = new Collector();
            using var reader = new W3CLogReader();
            reader.ReadFile(path, c);

            Assert.Equal(["/a", "/b"], c.Lines.Select(l => l.Stem).ToArray());
            Assert.Equal(text.Length, reader.Statistics.Bytes);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Read_CorruptGzip_EndsTheInputWithAnUnreadableInputLine()
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes("#Fields: cs-uri-stem sc-status\n/a 200\n" + string.Concat(Enumerable.Range(0, 20000).Select(i => $"/b{i * 7919 % 100003} 200\n"))));
        }

        byte[] bytes = ms.ToArray();
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++)
        {
            bytes[i] ^= 0x5A;
        }

        var c = new Collector();
        using var reader = new W3CLogReader();
        reader.Read(new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress), "bad.gz", c);

        Assert.Equal(W3CBrokenLineReason.UnreadableInput, c.Broken.Last().Reason);
        Assert.Equal("/a", c.Lines[0].Stem);
        Assert.InRange(c.Lines.Count, 2, 20000);
    }
}
