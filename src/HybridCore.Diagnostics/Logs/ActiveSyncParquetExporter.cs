using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HybridCore.ActiveSync;
using Parquet;
using Parquet.Schema;

namespace HybridCore.Diagnostics.Logs;

/// <summary>Options of <see cref="ActiveSyncParquetExporter"/>.</summary>
public sealed record ParquetExportOptions
{
    /// <summary>Rows per row group (default 1,048,576): large enough that engines read big sequential column chunks
    /// (tens of MB uncompressed), small enough to keep the exporter's memory bounded.</summary>
    public int RowGroupRows { get; init; } = 1 << 20;

    /// <summary>Write one file per UTC date in Hive-style folders (<c>OUT/date=2026-01-05/part-0.parquet</c>) instead of
    /// one file: engines then skip whole days when a query filters on <c>date</c>.</summary>
    public bool PartitionByDate { get; init; }

    /// <summary>Reader limits.</summary>
    public W3CLogReaderOptions Reader { get; init; } = new();
}

/// <summary>What an export wrote.</summary>
/// <param name="Rows">Rows (ActiveSync requests) written.</param>
/// <param name="Files">Parquet files written.</param>
/// <param name="BytesRead">Bytes of log text read.</param>
/// <param name="BytesWritten">Bytes of Parquet written.</param>
public sealed record ParquetExportResult(long Rows, IReadOnlyList<string> Files, long BytesRead, long BytesWritten);

/// <summary>
/// Writes one Parquet row per ActiveSync request of IIS logs, decoded the way <see cref="ActiveSyncLogAnalyzer"/>
/// decodes it, for analytics engines (DuckDB, Spark, Azure Data Explorer, Trino). The schema is stable: columns are
/// only ever added at the end (docs/parquet-export.md lists them, and <see cref="Schema"/> is the reference).
/// </summary>
public static class ActiveSyncParquetExporter
{
    /// <summary>The schema version written to the file's key/value metadata as <c>hybridcore.schema</c>.</summary>
    public const string SchemaVersion = "1";

    private static readonly DateTimeDataField TimeField = new("time", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: true);
    private static readonly DataField<string> DateField = new("date", true);
    private static readonly DataField<string> ServerField = new("server", true);
    private static readonly DataField<string> ClientIpField = new("client_ip", true);
    private static readonly DataField<string> UserField = new("user", true);
    private static readonly DataField<string> DeviceIdField = new("device_id", true);
    private static readonly DataField<string> DeviceTypeField = new("device_type", true);
    private static readonly DataField<string> CommandField = new("command", true);
    private static readonly DataField<string> VersionField = new("protocol_version", true);
    private static readonly DataField<int?> StatusField = new("http_status", true);
    private static readonly DataField<string> OutcomeField = new("outcome", true);
    private static readonly DataField<string> RedirectField = new("redirect_target", true);
    private static readonly DataField<string> ErrorField = new("error", true);
    private static readonly DataField<string> ExceptionField = new("exception", true);
    private static readonly DataField<string> AgentField = new("user_agent", true);
    private static readonly DataField<int?> TimeTakenField = new("time_taken_ms", true);
    private static readonly DataField<string> SourceField = new("source_file", true);
    private static readonly DataField<long> LineField = new("line", false);

    /// <summary>The schema of the files written (version <see cref="SchemaVersion"/>).</summary>
    public static ParquetSchema Schema { get; } = new(
        TimeField, DateField, ServerField, ClientIpField, UserField, DeviceIdField, DeviceTypeField, CommandField, VersionField,
        StatusField, OutcomeField, RedirectField, ErrorField, ExceptionField, AgentField, TimeTakenField, SourceField, LineField);

    /// <summary>Exports the logs under <paramref name="paths"/> (files, or directories searched as by
    /// <see cref="ActiveSyncLogAnalyzer.ExpandPaths(IEnumerable{string}, ICollection{string})"/>).</summary>
    /// <param name="paths">Log files or directories.</param>
    /// <param name="output">The Parquet file to write, or with <see cref="ParquetExportOptions.PartitionByDate"/> the folder.</param>
    /// <param name="options">Row groups and partitioning.</param>
    /// <param name="cancellationToken">Checked once per read of the logs.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="IOException">A log cannot be read or the output cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">A log cannot be read or the output cannot be written.</exception>
    public static async Task<ParquetExportResult> ExportAsync(IEnumerable<string> paths, string output, ParquetExportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(output);
        options ??= new ParquetExportOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RowGroupRows, 1, nameof(options));
        IReadOnlyList<string> files = ActiveSyncLogAnalyzer.ExpandPaths(paths);
        var sinks = new Dictionary<string, Sink>(StringComparer.Ordinal);
        var collector = new Collector(options.RowGroupRows, options.PartitionByDate);
        long rows = 0;
        long bytesRead = 0;
        try
        {
            using var reader = new W3CLogReader(options.Reader);
            foreach (string file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                collector.Source = file;
                using Stream stream = W3CLogReader.OpenLogFile(file);
                // The reader is synchronous; rows are handed out a row group at a time between reads.
                collector.Full = batch => FlushAsync(batch, sinks, output, options, cancellationToken).AsTask().GetAwaiter().GetResult();
                reader.Read(stream, file, collector, cancellationToken);
            }

            bytesRead = reader.Statistics.Bytes;
            foreach (Batch batch in collector.Drain())
            {
                await FlushAsync(batch, sinks, output, options, cancellationToken).ConfigureAwait(false);
            }

            rows = collector.Rows;
        }
        finally
        {
            foreach (Sink sink in sinks.Values)
            {
                await sink.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (sinks.Count == 0 && !options.PartitionByDate)
        {
            // No ActiveSync request at all: still a valid (empty) file, so a pipeline's next step finds one.
            await using Sink empty = await Sink.CreateAsync(output, cancellationToken).ConfigureAwait(false);
            sinks[string.Empty] = empty;
        }

        var written = new List<string>();
        long bytesWritten = 0;
        foreach (Sink sink in sinks.Values)
        {
            written.Add(sink.Path);
            bytesWritten += new FileInfo(sink.Path).Length;
        }

        written.Sort(StringComparer.Ordinal);
        return new ParquetExportResult(rows, written, bytesRead, bytesWritten);
    }

    private static async ValueTask FlushAsync(Batch batch, Dictionary<string, Sink> sinks, string output, ParquetExportOptions options, CancellationToken cancellationToken)
    {
        string key = options.PartitionByDate ? batch.Date ?? "unknown" : string.Empty;
        if (!sinks.TryGetValue(key, out Sink? sink))
        {
            string path = options.PartitionByDate ? Path.Combine(output, "date=" + key, "part-0.parquet") : output;
            sink = await Sink.CreateAsync(path, cancellationToken).ConfigureAwait(false);
            sinks[key] = sink;
        }

        await sink.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    private sealed class Sink : IAsyncDisposable
    {
        private readonly FileStream _file;
        private readonly ParquetWriter _writer;

        private Sink(string path, FileStream file, ParquetWriter writer)
        {
            Path = path;
            _file = file;
            _writer = writer;
        }

        public string Path { get; }

        public static async Task<Sink> CreateAsync(string path, CancellationToken cancellationToken)
        {
            string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
            }

            var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
            try
            {
                // Snappy: what engines read fastest and every one of them supports.
                var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
                ParquetWriter writer = await ParquetWriter.CreateAsync(Schema, file, options, append: false, cancellationToken).ConfigureAwait(false);
                writer.CustomMetadata = new Dictionary<string, string> { ["hybridcore.schema"] = SchemaVersion };
                return new Sink(path, file, writer);
            }
            catch
            {
                await file.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        public async Task WriteAsync(Batch b, CancellationToken cancellationToken)
        {
            using ParquetRowGroupWriter group = _writer.CreateRowGroup();
            await group.WriteAsync<DateTime>(TimeField, b.Time.AsMemory(0, b.Count), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync(DateField, b.Column(b.Date2)).ConfigureAwait(false);
            await group.WriteAsync(ServerField, b.Column(b.Server)).ConfigureAwait(false);
            await group.WriteAsync(ClientIpField, b.Column(b.ClientIp)).ConfigureAwait(false);
            await group.WriteAsync(UserField, b.Column(b.User)).ConfigureAwait(false);
            await group.WriteAsync(DeviceIdField, b.Column(b.DeviceId)).ConfigureAwait(false);
            await group.WriteAsync(DeviceTypeField, b.Column(b.DeviceType)).ConfigureAwait(false);
            await group.WriteAsync(CommandField, b.Column(b.Command)).ConfigureAwait(false);
            await group.WriteAsync(VersionField, b.Column(b.Version)).ConfigureAwait(false);
            await group.WriteAsync<int>(StatusField, b.Status.AsMemory(0, b.Count), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync(OutcomeField, b.Column(b.Outcome)).ConfigureAwait(false);
            await group.WriteAsync(RedirectField, b.Column(b.Redirect)).ConfigureAwait(false);
            await group.WriteAsync(ErrorField, b.Column(b.Error)).ConfigureAwait(false);
            await group.WriteAsync(ExceptionField, b.Column(b.Exception)).ConfigureAwait(false);
            await group.WriteAsync(AgentField, b.Column(b.Agent)).ConfigureAwait(false);
            await group.WriteAsync<int>(TimeTakenField, b.TimeTaken.AsMemory(0, b.Count), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync(SourceField, b.Column(b.Source)).ConfigureAwait(false);
            await group.WriteAsync<long>(LineField, b.Line.AsMemory(0, b.Count), null, null, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            await _file.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One row group's worth of rows (of one date when partitioning), column by column. The arrays start small
    /// and double up to the row group size, so a batch holds memory for the rows it has, not for a full row group.</summary>
    private sealed class Batch(int capacity, string? date)
    {
        private const int InitialRows = 1 << 14;

        public string? Date { get; private set; } = date;

        public int Count;
        public DateTime?[] Time = new DateTime?[Math.Min(capacity, InitialRows)];
        public string?[] Date2 = new string?[Math.Min(capacity, InitialRows)];
        public string?[] Server = new string?[Math.Min(capacity, InitialRows)];
        public string?[] ClientIp = new string?[Math.Min(capacity, InitialRows)];
        public string?[] User = new string?[Math.Min(capacity, InitialRows)];
        public string?[] DeviceId = new string?[Math.Min(capacity, InitialRows)];
        public string?[] DeviceType = new string?[Math.Min(capacity, InitialRows)];
        public string?[] Command = new string?[Math.Min(capacity, InitialRows)];
        public string?[] Version = new string?[Math.Min(capacity, InitialRows)];
        public int?[] Status = new int?[Math.Min(capacity, InitialRows)];
        public string?[] Outcome = new string?[Math.Min(capacity, InitialRows)];
        public string?[] Redirect = new string?[Math.Min(capacity, InitialRows)];
        public string?[] Error = new string?[Math.Min(capacity, InitialRows)];
        public string?[] Exception = new string?[Math.Min(capacity, InitialRows)];
        public string?[] Agent = new string?[Math.Min(capacity, InitialRows)];
        public int?[] TimeTaken = new int?[Math.Min(capacity, InitialRows)];
        public string?[] Source = new string?[Math.Min(capacity, InitialRows)];
        public long[] Line = new long[Math.Min(capacity, InitialRows)];

        public bool IsFull => Count == capacity;

        /// <summary>Index of a new row, growing the arrays when they are full.</summary>
        public int Add()
        {
            if (Count == Time.Length)
            {
                int size = (int)Math.Min(capacity, 2L * Time.Length);
                Array.Resize(ref Time, size);
                Array.Resize(ref Date2, size);
                Array.Resize(ref Server, size);
                Array.Resize(ref ClientIp, size);
                Array.Resize(ref User, size);
                Array.Resize(ref DeviceId, size);
                Array.Resize(ref DeviceType, size);
                Array.Resize(ref Command, size);
                Array.Resize(ref Version, size);
                Array.Resize(ref Status, size);
                Array.Resize(ref Outcome, size);
                Array.Resize(ref Redirect, size);
                Array.Resize(ref Error, size);
                Array.Resize(ref Exception, size);
                Array.Resize(ref Agent, size);
                Array.Resize(ref TimeTaken, size);
                Array.Resize(ref Source, size);
                Array.Resize(ref Line, size);
            }

            return Count++;
        }

        /// <summary>Empties the batch for rows of <paramref name="newDate"/>; the arrays are kept and overwritten row by row.</summary>
        public void Reset(string? newDate)
        {
            Date = newDate;
            Count = 0;
        }

        public IReadOnlyCollection<string> Column(string?[] values) => new ArraySegment<string>(values!, 0, Count);
    }

    /// <summary>Turns ActiveSync lines into rows; hands a full batch to <see cref="Full"/>.</summary>
    private sealed class Collector(int rowGroupRows, bool partitionByDate) : IW3CLogVisitor
    {
        private static ReadOnlySpan<byte> ActiveSyncStem => "/Microsoft-Server-ActiveSync"u8;

        private readonly Dictionary<string, Batch> _batches = new(StringComparer.Ordinal);
        private readonly byte[] _scratch = new byte[EasRequestLineAdapter.ScratchBytes];
        private readonly Stack<Batch> _spare = new();

        // One cache per column: most values repeat (a fleet has a few thousand users, devices and agents), and a hit
        // hands out the string decoded the first time instead of decoding and allocating it again for every row.
        private readonly Utf8StringCache _server = new(Utf8);
        private readonly Utf8StringCache _clientIp = new(Utf8);
        private readonly Utf8StringCache _queryUser = new(Utf8);
        private readonly Utf8StringCache _logUser = new(PercentEncoding.DecodeToString);
        private readonly Utf8StringCache _deviceId = new(Utf8);
        private readonly Utf8StringCache _deviceType = new(Utf8);
        private readonly Utf8StringCache _error = new(PercentEncoding.DecodeToString);
        private readonly Utf8StringCache _redirect = new(static raw => ExchangeLogField.GetRedirectUrl(PercentEncoding.DecodeToString(raw)));
        private readonly Utf8StringCache _exception = new(ExceptionSummary);
        private readonly Utf8StringCache _agent = new(Utf8);
        private long _dateTicks = -1;
        private long _buffered;
        private string? _date;

        public string Source { get; set; } = string.Empty;

        public Action<Batch>? Full { get; set; }

        public long Rows { get; private set; }

        public IEnumerable<Batch> Drain()
        {
            foreach (Batch b in _batches.Values)
            {
                if (b.Count > 0)
                {
                    yield return b;
                }
            }

            _batches.Clear();
        }

        public void OnBrokenLine(in W3CBrokenLine line)
        {
        }

        public void OnLine(in W3CLogLine line)
        {
            ReadOnlySpan<byte> stem = line[W3CField.UriStem];
            if (stem.Length < ActiveSyncStem.Length || !System.Text.Ascii.EqualsIgnoreCase(stem.Slice(0, ActiveSyncStem.Length), ActiveSyncStem))
            {
                return;
            }

            EasQueryFacts facts = EasQueryAdapters.Default.Read(line[W3CField.UriQuery], _scratch);
            ReadOnlySpan<byte> error = default, redirect = default, version = default, stack = default;
            bool statusNoMailbox = false;
            foreach (ExchangeLogItem item in ExchangeLogField.Enumerate(facts.Log))
            {
                switch (item.Kind)
                {
                    case ExchangeLogItemKind.Error: error = item.RawValue; break;
                    case ExchangeLogItemKind.RedirectTo: redirect = item.RawValue; break;
                    case ExchangeLogItemKind.ProtocolVersion: version = item.RawValue; break;
                    case ExchangeLogItemKind.ExceptionStack: stack = item.RawValue; break;
                    case ExchangeLogItemKind.Status: statusNoMailbox |= item.RawValue.SequenceEqual("123"u8); break;
                }
            }

            int status = ActiveSyncLogAnalyzer.ParseInt(line[W3CField.Status]);
            ActiveSyncOutcome outcome = ActiveSyncLogAnalyzer.Classify(status, error, statusNoMailbox);
            if (version.IsEmpty || !ExchangeLogField.TryParseProtocolVersion(version, out EasProtocolVersion protocolVersion))
            {
                protocolVersion = facts.ProtocolVersion;
            }

            long ticks = ActiveSyncLogAnalyzer.ParseTimestamp(line[W3CField.Date], line[W3CField.Time]);
            string? date = ticks == 0 ? null : DateText(ticks);
            // One file: one batch, rows in input order. Partitioned: one batch per date (one file each).
            string batchKey = partitionByDate ? date ?? string.Empty : string.Empty;
            if (!_batches.TryGetValue(batchKey, out Batch? b))
            {
                // A flushed batch's arrays are reused: each is a large-object-heap array (8 MB at the default size),
                // and allocating eighteen of them per row group cost a gen-2 collection each time.
                if (_spare.TryPop(out b))
                {
                    b.Reset(date);
                }
                else
                {
                    b = new Batch(rowGroupRows, date);
                }

                _batches[batchKey] = b;
            }

            int i = b.Add();
            b.Time[i] = ticks == 0 ? null : new DateTime(ticks, DateTimeKind.Utc);
            b.Date2[i] = date;
            b.Server[i] = _server.Get(line[W3CField.ServerIp]);
            b.ClientIp[i] = _clientIp.Get(line[W3CField.ClientIp]);
            b.User[i] = facts.User.IsEmpty ? _logUser.Get(line[W3CField.UserName]) : _queryUser.Get(facts.User);
            b.DeviceId[i] = _deviceId.Get(facts.DeviceId);
            b.DeviceType[i] = _deviceType.Get(facts.DeviceType);
            b.Command[i] = facts.Command == default ? null : EasCommands.GetName(facts.Command);
            b.Version[i] = protocolVersion.IsKnown ? protocolVersion.ToString() : null;
            b.Status[i] = status < 0 ? null : status;
            b.Outcome[i] = OutcomeName(outcome);
            b.Redirect[i] = _redirect.Get(redirect);
            b.Error[i] = _error.Get(error);
            b.Exception[i] = _exception.Get(stack);
            b.Agent[i] = _agent.Get(line[W3CField.UserAgent]);
            int taken = ActiveSyncLogAnalyzer.ParseInt(line[W3CField.TimeTaken]);
            b.TimeTaken[i] = taken < 0 ? null : taken;
            b.Source[i] = Source;
            b.Line[i] = line.LineNumber;
            Rows++;
            _buffered++;
            if (b.IsFull)
            {
                Flush(batchKey, b);
            }
            else if (_buffered > rowGroupRows)
            {
                // Partitioned, rows of several dates held at once (lines out of date order, several files): the
                // largest batch goes out as a smaller row group, so the rows held never exceed one row group.
                string largest = batchKey;
                foreach (KeyValuePair<string, Batch> pair in _batches)
                {
                    if (pair.Value.Count > _batches[largest].Count)
                    {
                        largest = pair.Key;
                    }
                }

                Flush(largest, _batches[largest]);
            }
        }

        private void Flush(string key, Batch b)
        {
            _batches.Remove(key);
            _buffered -= b.Count;
            Full?.Invoke(b);
            _spare.Push(b);
        }

        private static string Utf8(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value);

        /// <summary>The UTC date of <paramref name="ticks"/> as yyyy-MM-dd; formatted once per day seen in a row.</summary>
        private string DateText(long ticks)
        {
            long day = ticks / TimeSpan.TicksPerDay;
            if (day != _dateTicks || _date is null)
            {
                _date = new DateTime(day * TimeSpan.TicksPerDay, DateTimeKind.Utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                _dateTicks = day;
            }

            return _date;
        }

        private static string OutcomeName(ActiveSyncOutcome outcome) => outcome switch
        {
            ActiveSyncOutcome.Served => "Served",
            ActiveSyncOutcome.Redirected => "Redirected",
            ActiveSyncOutcome.OtherError => "OtherError",
            ActiveSyncOutcome.AuthFailure => "AuthFailure",
            _ => "UserHasNoMailbox",
        };

        /// <summary>The first line of the decoded <c>ExStk</c> stack (exception type and message), at most 500 characters.</summary>
        private static string ExceptionSummary(ReadOnlySpan<byte> raw)
        {
            string text = ExchangeLogField.TryDecodeStack(raw, out string? stack) ? stack : PercentEncoding.DecodeToString(raw);
            int nl = text.IndexOfAny(['\r', '\n']);
            string first = nl < 0 ? text : text.Substring(0, nl);
            return first.Length <= 500 ? first : first.Substring(0, 500);
        }
    }
}
