using System;
using System.Buffers;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading;

namespace HybridCore.Diagnostics.Logs;

/// <summary>Receives the lines a <see cref="W3CLogReader"/> reads.</summary>
public interface IW3CLogVisitor
{
    /// <summary>A data line whose values match the current <c>#Fields:</c> directive. The spans are
    /// only valid during the call.</summary>
    void OnLine(in W3CLogLine line);

    /// <summary>A line the reader set aside (counted, never fatal). The span is only valid during the call.</summary>
    void OnBrokenLine(in W3CBrokenLine line);
}

/// <summary>Options of <see cref="W3CLogReader"/>.</summary>
public sealed record W3CLogReaderOptions
{
    /// <summary>The longest line accepted, in bytes (default 1 MiB). Longer lines are reported as
    /// <see cref="W3CBrokenLineReason.LineTooLong"/> and skipped; the reader's memory is bounded by
    /// this value whatever the size of the input.</summary>
    public int MaxLineLength { get; init; } = 1 << 20;

    /// <summary>The size of each read from the input, in bytes (default 256 KiB).</summary>
    public int ReadSize { get; init; } = 256 << 10;
}

/// <summary>What a <see cref="W3CLogReader"/> has read so far (over all inputs).</summary>
public sealed class W3CReadStatistics
{
    private readonly long[] _broken = new long[Enum.GetValues<W3CBrokenLineReason>().Length];

    /// <summary>Inputs (files or streams) read.</summary>
    public int Inputs { get; internal set; }

    /// <summary>Bytes read, after decompression.</summary>
    public long Bytes { get; internal set; }

    /// <summary>Lines seen, including directives, blank and broken lines (an unreadable rest of a
    /// compressed input counts as one broken line).</summary>
    public long Lines { get; internal set; }

    /// <summary>Directive lines (starting with <c>#</c>).</summary>
    public long Directives { get; internal set; }

    /// <summary>Data lines handed to the visitor.</summary>
    public long DataLines { get; internal set; }

    /// <summary>Lines set aside as broken.</summary>
    public long BrokenLines { get; internal set; }

    /// <summary>Broken lines for one reason.</summary>
    public long GetBrokenLines(W3CBrokenLineReason reason) => _broken[(int)reason];

    /// <summary>Adds the counters of a part of the input read by another reader (a chunk or a file read in parallel).</summary>
    internal void Add(W3CReadStatistics other)
    {
        Bytes += other.Bytes;
        Lines += other.Lines;
        Directives += other.Directives;
        DataLines += other.DataLines;
        BrokenLines += other.BrokenLines;
        for (int i = 0; i < _broken.Length; i++)
        {
            _broken[i] += other._broken[i];
        }
    }

    internal void AddBroken(W3CBrokenLineReason reason)
    {
        _broken[(int)reason]++;
        BrokenLines++;
    }
}

/// <summary>
/// A streaming reader of W3C extended log files as IIS writes them: <c>#Fields:</c> directives
/// (any order, changing mid-file), space-separated values with <c>-</c> for "no value", CR LF or
/// LF line ends, optionally gzip-compressed. It reads UTF-8 bytes into one pooled buffer and
/// hands each line to a visitor as spans, so memory stays flat in the size of the input and a
/// line costs no allocation. Broken lines are counted and reported, never fatal.
/// </summary>
/// <remarks>Not thread-safe; one reader per thread. Dispose it to return its buffer to the pool.</remarks>
public sealed class W3CLogReader : IDisposable
{
    private const int MaxColumns = 64;

    private readonly W3CLogReaderOptions _options;
    private readonly int[] _map = new int[W3CFieldNames.Count];
    private readonly int[] _bounds = new int[(MaxColumns + 1) * 2];
    private byte[]? _buffer;
    private int _columns = -1;

    /// <summary>Creates a reader.</summary>
    /// <param name="options">Limits; the defaults fit IIS logs of Exchange servers.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive.</exception>
    public W3CLogReader(W3CLogReaderOptions? options = null)
    {
        _options = options ?? new W3CLogReaderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxLineLength, 16, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.ReadSize, 16, nameof(options));
        _buffer = ArrayPool<byte>.Shared.Rent(_options.MaxLineLength + _options.ReadSize);
    }

    /// <summary>Counters over everything read so far.</summary>
    public W3CReadStatistics Statistics { get; } = new();

    /// <summary>Called after every read from an input with the bytes read so far from it
    /// (compressed bytes for gzip input, so it can be compared with the file length).</summary>
    public Action<long>? Progress { get; set; }

    /// <summary>Opens a log file for reading: a <see cref="FileStream"/>, wrapped in a
    /// <see cref="GZipStream"/> when the file starts with the gzip magic bytes (1F 8B) whatever its name.
    /// .NET's gzip decoder ends quietly when the data stops early, so at the end the decompressed length is
    /// checked against the trailer's ISIZE (RFC 1952 section 2.3.1): a mismatch throws
    /// <see cref="InvalidDataException"/>, which <see cref="Read{TVisitor}(Stream, string, TVisitor, CancellationToken)"/>
    /// reports as an <see cref="W3CBrokenLineReason.UnreadableInput"/> line after every line that could be read. (A file
    /// of several concatenated gzip members is reported the same way, its lines all read.)</summary>
    /// <param name="path">The file.</param>
    /// <returns>The stream to read; the caller disposes it.</returns>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened.</exception>
    public static Stream OpenLogFile(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        int n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (n == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            return new TrailerCheckingGZipStream(file);
        }

        return file;
    }

    /// <summary>A <see cref="GZipStream"/> that says when its data ended before the gzip trailer.</summary>
    private sealed class TrailerCheckingGZipStream(FileStream file) : GZipStream(file, CompressionMode.Decompress, leaveOpen: false)
    {
        private long _decompressed;
        private bool _checked;

        public override int Read(byte[] buffer, int offset, int count) => Check(base.Read(buffer, offset, count), count);

        public override int Read(Span<byte> buffer) => Check(base.Read(buffer), buffer.Length);

        private int Check(int read, int asked)
        {
            if (read > 0 || asked == 0 || _checked)
            {
                _decompressed += read;
                return read;
            }

            _checked = true;
            long length = file.Length;
            Span<byte> trailer = stackalloc byte[4];
            // The smallest gzip member is 18 bytes (10 header, 2 empty deflate, 8 trailer).
            if (length < 18 || RandomAccess.Read(file.SafeFileHandle, trailer, length - 4) != 4 ||
                System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer) != (uint)_decompressed)
            {
                throw new InvalidDataException(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"The gzip data of '{file.Name}' ends early (truncated): {_decompressed} bytes decompressed, its last 4 bytes do not hold that size."));
            }

            return 0;
        }
    }

    /// <summary>Reads one file (plain or gzip) to its end. The file is closed when the method returns or throws.</summary>
    /// <typeparam name="TVisitor">The visitor type (a struct visitor avoids interface calls).</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="visitor">Receives the lines.</param>
    /// <param name="cancellationToken">Checked before the file is opened and then once per read from it (see
    /// <see cref="Read{TVisitor}(Stream, string, TVisitor, CancellationToken)"/>).</param>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public void ReadFile<TVisitor>(string path, TVisitor visitor, CancellationToken cancellationToken = default)
        where TVisitor : IW3CLogVisitor
    {
        cancellationToken.ThrowIfCancellationRequested();
        using Stream stream = OpenLogFile(path);
        Read(stream, path, visitor, cancellationToken);
    }

    /// <summary>Reads a stream of log text to its end. Each input starts without a <c>#Fields:</c>
    /// directive; corrupt compressed data ends the input with a
    /// <see cref="W3CBrokenLineReason.UnreadableInput"/> broken line instead of an exception.</summary>
    /// <typeparam name="TVisitor">The visitor type.</typeparam>
    /// <param name="stream">The log text (already decompressed, or a <see cref="GZipStream"/>).</param>
    /// <param name="sourceName">The name reported with each line (a file path).</param>
    /// <param name="visitor">Receives the lines.</param>
    /// <param name="cancellationToken">Checked before anything is read and then once per chunk — after each read
    /// from <paramref name="stream"/> (at most <see cref="W3CLogReaderOptions.ReadSize"/> bytes), before its lines
    /// go to the visitor — never per line or byte. A cancellation requested from <see cref="Progress"/> is therefore
    /// seen before the lines of the chunk just read. The stream is not disposed; <see cref="Statistics"/> then cover
    /// what was read, and the reader can read another input.</param>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public void Read<TVisitor>(Stream stream, string sourceName, TVisitor visitor, CancellationToken cancellationToken = default)
        where TVisitor : IW3CLogVisitor
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(visitor);
        ReadCore(stream, sourceName, visitor, null, cancellationToken);
    }

    /// <summary>The last <c>#Fields:</c> line read (or given to <see cref="ReadCore"/>), without its line end; null
    /// when the input had none. A chunk of a file read in parallel starts with the directive in force where it starts.</summary>
    internal byte[]? FieldsLine { get; private set; }

    /// <summary><see cref="Read"/>, starting with the columns of <paramref name="fieldsLine"/> (a whole <c>#Fields:</c>
    /// line) instead of none: for a chunk of a file that starts after that directive.</summary>
    /// <returns>The number of lines read (line numbers reported are counted from the start of the stream).</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal long ReadCore<TVisitor>(Stream stream, string sourceName, TVisitor visitor, byte[]? fieldsLine, CancellationToken cancellationToken)
        where TVisitor : IW3CLogVisitor
    {
        byte[] buffer = _buffer ?? throw new ObjectDisposedException(nameof(W3CLogReader));
        cancellationToken.ThrowIfCancellationRequested();
        Statistics.Inputs++;
        _columns = -1;
        FieldsLine = fieldsLine;
        if (fieldsLine is not null)
        {
            ParseFields(fieldsLine.AsSpan(8), reportEmpty: false, sourceName, 0, visitor, fieldsLine);
        }

        Stream? compressedBase = stream is GZipStream gz ? gz.BaseStream : null;

        int maxLine = _options.MaxLineLength;
        int start = 0;
        int end = 0;
        long lineNumber = 0;
        long consumed = 0;
        bool discarding = false;
        bool eof = false;
        while (true)
        {
            // Once per chunk: the only cancellation check, so a line costs nothing more.
            cancellationToken.ThrowIfCancellationRequested();
            Span<byte> pending = buffer.AsSpan(start, end - start);
            int nl;
            int columns;
            // One pass per line finds its end and the spaces between its values (see ScanLine).
            while ((nl = ScanLine(pending, _bounds, Math.Max(_columns, 1), out columns)) >= 0)
            {
                lineNumber++;
                if (discarding)
                {
                    // The tail of a line already reported as too long.
                    discarding = false;
                }
                else
                {
                    ProcessLine(pending.Slice(0, LineLength(pending, nl)), columns, sourceName, lineNumber, visitor);
                }

                start += nl + 1;
                pending = pending.Slice(nl + 1);
            }

            if (eof)
            {
                if (!pending.IsEmpty && !discarding)
                {
                    // The last line has no line end: its values end where the input does.
                    lineNumber++;
                    Span<byte> last = pending.Slice(0, LineLength(pending, pending.Length));
                    columns = SplitColumns(last, _bounds, Math.Max(_columns, 1));
                    ProcessLine(last, columns, sourceName, lineNumber, visitor);
                }

                return lineNumber;
            }

            if (pending.Length >= maxLine)
            {
                if (!discarding)
                {
                    lineNumber++;
                    Statistics.Lines++;
                    Broken(pending.Slice(0, Math.Min(pending.Length, 256)), sourceName, lineNumber, W3CBrokenLineReason.LineTooLong, visitor);
                    lineNumber--; // counted again when its end is found
                    discarding = true;
                }

                start = end;
                pending = default;
            }

            if (start > 0)
            {
                // Move the partial line to the front; at most one line is ever copied.
                pending.CopyTo(buffer);
                end = pending.Length;
                start = 0;
            }

            int read;
            try
            {
                read = stream.Read(buffer, end, Math.Min(_options.ReadSize, buffer.Length - end));
            }
            catch (InvalidDataException)
            {
                lineNumber++;
                Statistics.Lines++;
                Broken(default, sourceName, lineNumber, W3CBrokenLineReason.UnreadableInput, visitor);
                read = 0;
                discarding = true;
            }

            if (read == 0)
            {
                eof = true;
            }
            else
            {
                end += read;
                consumed += read;
                Statistics.Bytes += read;
                Progress?.Invoke(compressedBase is { CanSeek: true } ? compressedBase.Position : consumed);
            }
        }
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        byte[]? buffer = _buffer;
        _buffer = null;
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ProcessLine<TVisitor>(Span<byte> line, int columns, string source, long lineNumber, TVisitor visitor)
        where TVisitor : IW3CLogVisitor
    {
        Statistics.Lines++;
        if (line.IsEmpty)
        {
            return;
        }

        if (line[0] == (byte)'#')
        {
            Statistics.Directives++;
            if (line.StartsWith("#Fields:"u8))
            {
                FieldsLine = line.ToArray();
                ParseFields(line.Slice(8), reportEmpty: true, source, lineNumber, visitor, line);
            }

            return;
        }

        if (_columns < 0)
        {
            Broken(line, source, lineNumber, W3CBrokenLineReason.NoFieldsDirective, visitor);
            return;
        }

        // Split on single spaces (already, by ScanLine): IIS writes exactly one between values and '+' for spaces
        // inside one.
        if (columns != _columns)
        {
            Broken(line, source, lineNumber, W3CBrokenLineReason.FieldCountMismatch, visitor);
            return;
        }

        Statistics.DataLines++;
        visitor.OnLine(new W3CLogLine(line, _map, _bounds, source, lineNumber));
    }

    /// <summary>The length of the line that ends at <paramref name="end"/> (a line feed, or the end of the input) without
    /// its carriage return, if any.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LineLength(ReadOnlySpan<byte> text, int end) => end > 0 && text[end - 1] == (byte)'\r' ? end - 1 : end;

    /// <summary>
    /// Finds the end of the line that starts at <paramref name="text"/>'s first byte and, in the same pass, the spaces
    /// between its values: 64 (or 32, or 16) bytes are compared with a line feed and with a space at once, and each
    /// space is then found with one trailing-zero count. Reading a line's bytes once instead of twice (a newline search,
    /// then a split) is most of what reading a log costs beyond the kernel's copy.
    /// </summary>
    /// <param name="text">The unread input; the line starts at its first byte.</param>
    /// <param name="bounds">Receives start and end of each value; the last value ends at the line's end without a
    /// carriage return (<see cref="LineLength"/>).</param>
    /// <param name="limit">The values a line should have (at least 1).</param>
    /// <param name="columns">The number of values, or <paramref name="limit"/> + 1 when there are more.</param>
    /// <returns>The offset of the line feed that ends the line; -1 when <paramref name="text"/> holds none (then
    /// <paramref name="columns"/> is 0 and the line is scanned again once more input is read).</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int ScanLine(ReadOnlySpan<byte> text, Span<int> bounds, int limit, out int columns)
    {
        var split = new ColumnSplit(bounds, limit);
        ref byte first = ref MemoryMarshal.GetReference(text);
        int i = 0;
        int nl;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<byte>.Count <= text.Length; i += Vector512<byte>.Count)
            {
                Vector512<byte> block = Vector512.LoadUnsafe(ref first, (nuint)i);
                if (split.AddBlock(Vector512.Equals(block, Vector512.Create((byte)' ')).ExtractMostSignificantBits(), Vector512.Equals(block, Vector512.Create((byte)'\n')).ExtractMostSignificantBits(), i, out nl))
                {
                    columns = split.Finish(LineLength(text, nl));
                    return nl;
                }
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<byte>.Count <= text.Length; i += Vector256<byte>.Count)
            {
                Vector256<byte> block = Vector256.LoadUnsafe(ref first, (nuint)i);
                if (split.AddBlock(Vector256.Equals(block, Vector256.Create((byte)' ')).ExtractMostSignificantBits(), Vector256.Equals(block, Vector256.Create((byte)'\n')).ExtractMostSignificantBits(), i, out nl))
                {
                    columns = split.Finish(LineLength(text, nl));
                    return nl;
                }
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<byte>.Count <= text.Length; i += Vector128<byte>.Count)
            {
                Vector128<byte> block = Vector128.LoadUnsafe(ref first, (nuint)i);
                if (split.AddBlock(Vector128.Equals(block, Vector128.Create((byte)' ')).ExtractMostSignificantBits(), Vector128.Equals(block, Vector128.Create((byte)'\n')).ExtractMostSignificantBits(), i, out nl))
                {
                    columns = split.Finish(LineLength(text, nl));
                    return nl;
                }
            }
        }

        for (; i < text.Length; i++)
        {
            if (text[i] == (byte)'\n')
            {
                columns = split.Finish(LineLength(text, i));
                return i;
            }

            if (text[i] == (byte)' ')
            {
                split.Add(i);
            }
        }

        columns = 0;
        return -1;
    }

    /// <summary>
    /// Finds the space-separated values of a whole line (the last line of an input, which has no line feed).
    /// </summary>
    /// <returns>The number of values, or <paramref name="limit"/> + 1 when there are more.</returns>
    internal static int SplitColumns(ReadOnlySpan<byte> line, Span<int> bounds, int limit)
    {
        var split = new ColumnSplit(bounds, limit);
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == (byte)' ')
            {
                split.Add(i);
            }
        }

        return split.Finish(line.Length);
    }

    /// <summary>The values found so far by <see cref="ScanLine"/> or <see cref="SplitColumns"/>: one place that records
    /// a space, whichever loop found it. Spaces past the limit are only counted as "too many".</summary>
    private ref struct ColumnSplit(Span<int> bounds, int limit)
    {
        private readonly Span<int> _bounds = bounds;
        private int _columns;
        private int _start;
        private bool _tooMany;

        /// <summary>Records the spaces of one block of bytes that starts at <paramref name="offset"/> (bit k of each mask
        /// = byte offset + k) up to its first line feed, if any.</summary>
        /// <returns>Whether the block holds a line feed; <paramref name="lineFeed"/> is then its offset.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool AddBlock(ulong spaces, ulong feeds, int offset, out int lineFeed)
        {
            if (feeds == 0)
            {
                AddSpaces(spaces, offset);
                lineFeed = -1;
                return false;
            }

            AddSpaces(spaces & (feeds ^ (feeds - 1)), offset); // the spaces before the first line feed
            lineFeed = offset + BitOperations.TrailingZeroCount(feeds);
            return true;
        }

        /// <summary>Records the spaces marked in <paramref name="mask"/> (bit k = byte <paramref name="offset"/> + k).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void AddSpaces(ulong mask, int offset)
        {
            for (; mask != 0; mask &= mask - 1)
            {
                Add(offset + BitOperations.TrailingZeroCount(mask));
            }
        }

        /// <summary>Ends the current value at the space at <paramref name="at"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(int at)
        {
            if (_columns == limit - 1)
            {
                _tooMany = true;
                return;
            }

            _bounds[_columns * 2] = _start;
            _bounds[(_columns * 2) + 1] = at;
            _columns++;
            _start = at + 1;
        }

        /// <summary>Ends the last value at the line's end and returns the number of values (the limit + 1 when there
        /// were more).</summary>
        public int Finish(int end)
        {
            if (_tooMany)
            {
                return limit + 1;
            }

            _bounds[_columns * 2] = _start;
            _bounds[(_columns * 2) + 1] = end;
            return _columns + 1;
        }
    }

    private void ParseFields<TVisitor>(ReadOnlySpan<byte> names, bool reportEmpty, string source, long lineNumber, TVisitor visitor, ReadOnlySpan<byte> line)
        where TVisitor : IW3CLogVisitor
    {
        Array.Fill(_map, -1);
        int column = 0;
        ReadOnlySpan<byte> rest = names;
        while (!rest.IsEmpty)
        {
            int sp = rest.IndexOf((byte)' ');
            ReadOnlySpan<byte> name = sp < 0 ? rest : rest.Slice(0, sp);
            rest = sp < 0 ? default : rest.Slice(sp + 1);
            if (name.IsEmpty)
            {
                continue;
            }

            if (column == MaxColumns)
            {
                break;
            }

            if (W3CFieldNames.TryParse(name, out W3CField field) && _map[(int)field] < 0)
            {
                _map[(int)field] = column;
            }

            column++;
        }

        if (column == 0)
        {
            _columns = -1;
            if (reportEmpty)
            {
                Broken(line, source, lineNumber, W3CBrokenLineReason.EmptyFieldsDirective, visitor);
            }

            return;
        }

        _columns = column;
    }

    private void Broken<TVisitor>(ReadOnlySpan<byte> line, string source, long lineNumber, W3CBrokenLineReason reason, TVisitor visitor)
        where TVisitor : IW3CLogVisitor
    {
        Debug.Assert(Enum.IsDefined(reason));
        Statistics.AddBroken(reason);
        visitor.OnBrokenLine(new W3CBrokenLine(line, source, lineNumber, reason));
    }
}

/// <summary>One data line of a W3C extended log, valid only during <see cref="IW3CLogVisitor.OnLine"/>.</summary>
public readonly ref struct W3CLogLine
{
    private readonly ReadOnlySpan<byte> _line;
    private readonly ReadOnlySpan<int> _map;
    private readonly ReadOnlySpan<int> _bounds;

    internal W3CLogLine(ReadOnlySpan<byte> line, ReadOnlySpan<int> map, ReadOnlySpan<int> bounds, string source, long lineNumber)
    {
        _line = line;
        _map = map;
        _bounds = bounds;
        Source = source;
        LineNumber = lineNumber;
    }

    /// <summary>The whole line (UTF-8, without its line end).</summary>
    public ReadOnlySpan<byte> Raw => _line;

    /// <summary>The input the line came from.</summary>
    public string Source { get; }

    /// <summary>The 1-based line number in its input.</summary>
    public long LineNumber { get; }

    /// <summary>Whether the current <c>#Fields:</c> directive declares the field.</summary>
    public bool HasField(W3CField field) => _map[(int)field] >= 0;

    /// <summary>The value of a field as UTF-8 bytes; empty when the field is not declared or its
    /// value is <c>-</c> (W3C's "no value").</summary>
    public ReadOnlySpan<byte> this[W3CField field]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            int column = _map[(int)field];
            if (column < 0)
            {
                return default;
            }

            ReadOnlySpan<byte> value = _line[_bounds[column * 2].._bounds[(column * 2) + 1]];
            return value.Length == 1 && value[0] == (byte)'-' ? default : value;
        }
    }
}

/// <summary>A line set aside by the reader, valid only during <see cref="IW3CLogVisitor.OnBrokenLine"/>.</summary>
public readonly ref struct W3CBrokenLine
{
    internal W3CBrokenLine(ReadOnlySpan<byte> raw, string source, long lineNumber, W3CBrokenLineReason reason)
    {
        Raw = raw;
        Source = source;
        LineNumber = lineNumber;
        Reason = reason;
    }

    /// <summary>The line, or its first 256 bytes for <see cref="W3CBrokenLineReason.LineTooLong"/>; empty for <see cref="W3CBrokenLineReason.UnreadableInput"/>.</summary>
    public ReadOnlySpan<byte> Raw { get; }

    /// <summary>The input the line came from.</summary>
    public string Source { get; }

    /// <summary>The 1-based line number in its input.</summary>
    public long LineNumber { get; }

    /// <summary>Why the line was set aside.</summary>
    public W3CBrokenLineReason Reason { get; }
}
