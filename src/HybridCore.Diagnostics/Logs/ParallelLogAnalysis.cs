using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace HybridCore.Diagnostics.Logs;

/// <summary>
/// Reads log files on several threads: each file is a piece of work, and a plain file larger than
/// <see cref="LogAnalysisOptions.ChunkBytes"/> is cut at line ends into several. Every piece gets its own reader and
/// analyser; the partial results are merged strictly in input order (file order, then chunk order), as soon as the
/// pieces before them are done, so memory holds at most the pieces still waiting for an earlier one.
/// </summary>
/// <remarks>
/// A chunk that starts mid-file needs the <c>#Fields:</c> directive in force where it starts. Each chunk assumes the
/// file's first directive (what IIS writes at the top and repeats after each restart); when the chunks before it turn
/// out to end under another directive, the chunk is read again with that one before it is merged. The result is the
/// same report as one reader gives, line numbers of broken-line samples included.
/// </remarks>
internal static class ParallelLogAnalysis
{
    private const int MinChunkBytes = 4 << 10;

    /// <summary>About two chunks per thread (so that a thread that finishes early finds work), but no smaller than
    /// 32 MiB, since each chunk copies every device it sees once more, and no larger than 1 GiB.</summary>
    internal static int AutomaticChunkBytes(long totalBytes, int threads) =>
        (int)Math.Clamp(totalBytes / Math.Max(1, threads * 2L), 32L << 20, 1L << 30);

    public static LogAnalysisReport Run(IReadOnlyList<string> files, LogAnalysisOptions options, int threads, long totalBytes, IProgress<LogAnalysisProgress>? progress, CancellationToken cancellationToken)
    {
        int chunkBytes = options.ChunkBytes > 0 ? Math.Max(MinChunkBytes, options.ChunkBytes) : AutomaticChunkBytes(totalBytes, threads);
        var pieces = new List<Piece>();
        for (int f = 0; f < files.Count; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AddPieces(pieces, f, files[f], chunkBytes, options.Reader.MaxLineLength);
        }

        var results = new PieceResult?[pieces.Count];
        var master = new ActiveSyncLogAnalyzer(options);
        var statistics = new W3CReadStatistics();
        int next = 0;
        long lineOffset = 0;
        byte[]? endFields = null;
        object gate = new();
        long done = 0;

        void Complete(int index, PieceResult result)
        {
            lock (gate)
            {
                results[index] = result;
                while (next < pieces.Count && results[next] is { } r)
                {
                    Piece piece = pieces[next];
                    if (piece.Start == 0)
                    {
                        lineOffset = 0;
                        endFields = null;
                    }
                    else if (!SameBytes(piece.AssumedFields, endFields))
                    {
                        // The chunks before this one ended under another #Fields: directive: read it again under that one.
                        r = ReadPiece(piece with { AssumedFields = endFields }, options, null, cancellationToken);
                    }

                    master.Merge(r.Analyzer, lineOffset);
                    statistics.Add(r.Statistics);
                    lineOffset += r.Lines;
                    endFields = r.EndFields;
                    results[next] = null;
                    next++;
                }
            }
        }

        // Each thread keeps its table of parsed request lines from chunk to chunk (a fresh one per chunk would parse every
        // distinct line of the fleet again for each 32 MiB).
        using var tables = new ThreadLocal<ActiveSyncLogAnalyzer.RequestTable>(() => new(ActiveSyncLogAnalyzer.RequestTable.MaxEntries));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        try
        {
            Parallel.ForEach(
                Partitioner.Create(Enumerable.Range(0, pieces.Count), EnumerablePartitionerOptions.NoBuffering),
                parallel,
                i =>
                {
                    Piece piece = pieces[i];
                    Action<long>? report = null;
                    if (progress is not null)
                    {
                        long seen = 0;
                        report = n =>
                        {
                            long total = Interlocked.Add(ref done, n - seen);
                            seen = n;
                            progress.Report(new LogAnalysisProgress(piece.Path, total, totalBytes));
                        };
                    }

                    Complete(i, ReadPiece(piece, options, report, cancellationToken, tables.Value!));
                });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Report what one reader would have thrown (IOException, OperationCanceledException...), not a wrapper.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }

        statistics.Inputs = files.Count;
        return master.BuildReport(statistics);
    }

    private static PieceResult ReadPiece(Piece piece, LogAnalysisOptions options, Action<long>? progress, CancellationToken cancellationToken, ActiveSyncLogAnalyzer.RequestTable? requests = null)
    {
        var analyzer = requests is null ? new ActiveSyncLogAnalyzer(options) : new ActiveSyncLogAnalyzer(options, requests);
        using var reader = new W3CLogReader(options.Reader);
        reader.Progress = progress;
        long lines;
        if (piece.Length < 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using Stream stream = W3CLogReader.OpenLogFile(piece.Path);
            lines = reader.ReadCore(stream, piece.Path, analyzer, null, cancellationToken);
        }
        else
        {
            using var file = new FileStream(piece.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            file.Position = piece.Start;
            using var range = new RangeStream(file, piece.Length);
            lines = reader.ReadCore(range, piece.Path, analyzer, piece.AssumedFields, cancellationToken);
        }

        return new PieceResult(analyzer, reader.Statistics, lines, reader.FieldsLine);
    }

    /// <summary>One piece for a small or compressed file; chunks cut after a line end for a large plain one.</summary>
    private static void AddPieces(List<Piece> pieces, int fileIndex, string path, int chunkBytes, int maxLine)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        long length = file.Length;
        Span<byte> magic = stackalloc byte[2];
        bool gzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        if (gzip || length <= chunkBytes + (chunkBytes / 2))
        {
            pieces.Add(new Piece(fileIndex, path, 0, -1, null));
            return;
        }

        byte[]? firstFields = FindFirstFields(file, maxLine);
        byte[] probe = new byte[64 << 10];
        long start = 0;
        while (start < length)
        {
            long cut = start + chunkBytes;
            long end = length;
            if (cut < length - (chunkBytes / 2))
            {
                // The chunk ends after the first line end at or past the nominal cut.
                end = -1;
                file.Position = cut;
                long at = cut;
                int n;
                while (end < 0 && (n = file.Read(probe)) > 0)
                {
                    int nl = probe.AsSpan(0, n).IndexOf((byte)'\n');
                    if (nl >= 0)
                    {
                        end = at + nl + 1;
                    }

                    at += n;
                }

                if (end < 0 || end >= length)
                {
                    end = length;
                }
            }

            pieces.Add(new Piece(fileIndex, path, start, end - start, start == 0 ? null : firstFields));
            start = end;
        }
    }

    /// <summary>The first <c>#Fields:</c> line of a file (searched in its first lines, up to the first data line), or null.</summary>
    private static byte[]? FindFirstFields(FileStream file, int maxLine)
    {
        file.Position = 0;
        byte[] head = new byte[Math.Min(maxLine, 1 << 20)];
        int n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        ReadOnlySpan<byte> rest = head.AsSpan(0, n);
        while (!rest.IsEmpty)
        {
            int nl = rest.IndexOf((byte)'\n');
            if (nl < 0)
            {
                return null;
            }

            ReadOnlySpan<byte> line = rest.Slice(0, nl);
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line.Slice(0, line.Length - 1);
            }

            if (line.StartsWith("#Fields:"u8))
            {
                return line.ToArray();
            }

            if (!line.IsEmpty && line[0] != (byte)'#')
            {
                return null;
            }

            rest = rest.Slice(nl + 1);
        }

        return null;
    }

    private static bool SameBytes(byte[]? a, byte[]? b) =>
        a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    // Length -1: the whole file (gzip or small).
    private sealed record Piece(int FileIndex, string Path, long Start, long Length, byte[]? AssumedFields);

    private sealed record PieceResult(ActiveSyncLogAnalyzer Analyzer, W3CReadStatistics Statistics, long Lines, byte[]? EndFields);

    /// <summary>Reads at most a given number of bytes from the current position of another stream.</summary>
    private sealed class RangeStream(Stream inner, long length) : Stream
    {
        private long _left = length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_left <= 0)
            {
                return 0;
            }

            int n = inner.Read(buffer.Slice(0, (int)Math.Min(buffer.Length, _left)));
            _left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
