using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using HybridCore.ActiveSync;

namespace HybridCore.Diagnostics.Logs;

/// <summary>
/// Aggregates the ActiveSync requests of IIS logs per user and device: outcome (served,
/// redirected with 451 and where, UserHasNoMailbox, 401, other errors), device type, protocol
/// version, first and last seen. The query is read with the library's own request-line parser
/// (<see cref="EasRequestLine"/>, plain and base64 forms) after Exchange's <c>Log=</c> field is cut
/// off; a query the parser rejects is still read leniently and counted by reason. Lines that are not
/// ActiveSync cost a field split and one comparison, nothing else; a request of a device already
/// seen allocates nothing.
/// </summary>
/// <remarks>Memory grows with the number of distinct user+device pairs (about 800 bytes each), not with the
/// size of the logs; <see cref="LogAnalysisOptions.MaxDevices"/> bounds it. The distinct request lines already parsed
/// are remembered too (about 150 bytes each for a typical line; at most 131,072 of them or 64 MiB). Not thread-safe.</remarks>
public sealed partial class ActiveSyncLogAnalyzer : IW3CLogVisitor
{
    private static ReadOnlySpan<byte> ActiveSyncStem => "/Microsoft-Server-ActiveSync"u8;

    private readonly LogAnalysisOptions _options;
    private readonly IEasQueryAdapter _query;
    private readonly DeviceTable _devices;
    private readonly List<BrokenLineSample> _brokenSamples = new();
    private readonly RequestTimelineBuilder _timeline = new();
    private long _activeSyncLines;
    private long _base64Queries;
    private RequestTable? _requests;
    // Sized from the enums, so a new outcome or error code cannot silently index past the end.
    private static readonly int OutcomeCount = Enum.GetValues<ActiveSyncOutcome>().Length;
    private static readonly int QueryErrorCount = Enum.GetValues<EasRequestLineError>().Max(e => (int)e) + 1;
    private readonly long[] _invalidQueries = new long[QueryErrorCount];
    private readonly byte[] _scratch = new byte[EasRequestLineAdapter.ScratchBytes];
    private byte[] _userName = new byte[256];
    private readonly byte[] _cachedDate = new byte[10];
    private int _cachedDateLength = -1;
    private long _cachedDayTicks;
    private ulong _cachedTime;
    private bool _cachedTimeValid;
    private long _cachedTimeTicks;

    /// <summary>Distinct request lines remembered before the request table starts over; tests make it small to show
    /// that starting over changes nothing but speed.</summary>
    internal int RequestTableLimit { get; init; } = RequestTable.MaxEntries;

    /// <summary>Creates an analyser.</summary>
    /// <param name="options">Filters and limits.</param>
    public ActiveSyncLogAnalyzer(LogAnalysisOptions? options = null)
        : this(options, EasQueryAdapters.Default)
    {
    }

    /// <summary>An analyser for one chunk of a file read in parallel, with its thread's table of request lines: what
    /// the previous chunks of that thread parsed is not parsed again (only each device is looked up once more).</summary>
    internal ActiveSyncLogAnalyzer(LogAnalysisOptions? options, RequestTable requests)
        : this(options, EasQueryAdapters.Default)
    {
        requests.Adopt();
        _requests = requests;
    }

    internal ActiveSyncLogAnalyzer(LogAnalysisOptions? options, IEasQueryAdapter query)
    {
        _options = options ?? new LogAnalysisOptions();
        _query = query;
        _devices = new DeviceTable(_options.CloudProtocolFloor, _options.MaxDevices);
    }

    /// <summary>Reads files and directories (recursively: files ending in <c>.log</c> or
    /// <c>.gz</c>, in ordinal path order) and returns the report.</summary>
    /// <param name="paths">Files or directories.</param>
    /// <param name="options">Filters and limits.</param>
    /// <param name="progress">Told after every read; for a progress bar. Called on the reading thread.</param>
    /// <param name="cancellationToken">Stops the analysis: checked before the paths are listed, before each file
    /// is opened and once per read of <see cref="W3CLogReaderOptions.ReadSize"/> bytes (never per line), so a
    /// cancellation — from another thread or from <paramref name="progress"/> — is seen within one chunk.
    /// Every file opened is closed before the exception leaves.</param>
    /// <returns>The report.</returns>
    /// <exception cref="FileNotFoundException">A path is neither a file nor a directory.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A file cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; no report is made.</exception>
    public static LogAnalysisReport AnalyzePaths(IEnumerable<string> paths, LogAnalysisOptions? options = null, IProgress<LogAnalysisProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<string> files = ExpandPaths(paths);
        long total = 0;
        foreach (string f in files)
        {
            total += new FileInfo(f).Length;
        }

        options ??= new LogAnalysisOptions();
        int threads = options.Threads ?? Environment.ProcessorCount;
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), threads, "LogAnalysisOptions.Threads must be 1 or more.");
        }

        if (threads > 1)
        {
            return ParallelLogAnalysis.Run(files, options, threads, total, progress, cancellationToken);
        }

        var analyzer = new ActiveSyncLogAnalyzer(options);
        using var reader = new W3CLogReader(analyzer._options.Reader);
        long done = 0;
        foreach (string file in files)
        {
            if (progress is not null)
            {
                long before = done;
                string name = file;
                reader.Progress = n => progress.Report(new LogAnalysisProgress(name, before + n, total));
            }

            reader.ReadFile(file, analyzer, cancellationToken);
            done += new FileInfo(file).Length;
        }

        return analyzer.BuildReport(reader.Statistics);
    }

    /// <summary>Adds the partial result of input that comes after everything this analyser has seen (the next chunk
    /// of the same file, or a later file), as if one analyser had read both in order.</summary>
    /// <param name="later">The analyser of the later input; it must not be used afterwards.</param>
    /// <param name="lineOffset">Lines of the same file before <paramref name="later"/>'s input (for the line numbers
    /// of broken-line samples); 0 for a new file.</param>
    internal void Merge(ActiveSyncLogAnalyzer later, long lineOffset)
    {
        FlushDeferred();
        later.FlushDeferred();
        _activeSyncLines += later._activeSyncLines;
        _base64Queries += later._base64Queries;
        for (int i = 0; i < _invalidQueries.Length; i++)
        {
            _invalidQueries[i] += later._invalidQueries[i];
        }

        _devices.Merge(later._devices);
        _timeline.Merge(later._timeline);
        foreach (BrokenLineSample sample in later._brokenSamples)
        {
            if (_brokenSamples.Count >= _options.MaxBrokenLineSamples)
            {
                break;
            }

            _brokenSamples.Add(sample with { LineNumber = sample.LineNumber + lineOffset });
        }
    }

    /// <summary>The log files under the given paths: files as given, directories searched
    /// recursively for <c>*.log</c> and <c>*.gz</c>, sorted by ordinal path.</summary>
    /// <param name="paths">Files or directories.</param>
    /// <returns>The files, each once.</returns>
    /// <exception cref="FileNotFoundException">A path is neither a file nor a directory.</exception>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths) => ExpandPaths(paths, notices: null);

    /// <summary>
    /// The log files under the given paths, as <see cref="ExpandPaths(IEnumerable{string})"/>, on hostile trees too:
    /// a directory reached twice (a symbolic link cycle, or two links to one place) is walked once; entries that are
    /// empty or not regular files (FIFOs, devices, sockets: reading them could block or never end) are skipped;
    /// each skip is told to <paramref name="notices"/>.
    /// </summary>
    /// <param name="paths">Files or directories.</param>
    /// <param name="notices">Receives one sentence per skipped entry; null to drop them.</param>
    /// <returns>The files, each once.</returns>
    /// <exception cref="FileNotFoundException">A path is neither a file nor a directory.</exception>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths, ICollection<string>? notices)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            if (File.Exists(path))
            {
                AddFile(new FileInfo(path), files, notices);
            }
            else if (Directory.Exists(path))
            {
                Walk(new DirectoryInfo(path), files, visited, notices, depth: 0);
            }
            else
            {
                throw new FileNotFoundException("No such log file or directory.", path);
            }
        }

        return files.ToArray();
    }

    private const int MaxWalkDepth = 64;

    private static void Walk(DirectoryInfo directory, SortedSet<string> files, HashSet<string> visited, ICollection<string>? notices, int depth)
    {
        // The directory's own identity: a link resolved to its final target, so that a cycle comes back to a known path.
        string identity = directory.LinkTarget is not null && directory.ResolveLinkTarget(returnFinalTarget: true) is { } target
            ? Path.GetFullPath(target.FullName)
            : Path.GetFullPath(directory.FullName);
        if (!visited.Add(identity))
        {
            notices?.Add($"skipped '{directory.FullName}': a directory already walked (symbolic link cycle or second link to '{identity}').");
            return;
        }

        if (depth > MaxWalkDepth)
        {
            notices?.Add($"skipped '{directory.FullName}': nested deeper than {MaxWalkDepth} directories.");
            return;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = 0, ReturnSpecialDirectories = false };
        foreach (FileSystemInfo entry in directory.EnumerateFileSystemInfos("*", options))
        {
            if (entry is DirectoryInfo sub)
            {
                Walk(sub, files, visited, notices, depth + 1);
            }
            else if (entry.Name.EndsWith(".log", StringComparison.OrdinalIgnoreCase) || entry.Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                AddFile((FileInfo)entry, files, notices);
            }
        }
    }

    private static void AddFile(FileInfo file, SortedSet<string> files, ICollection<string>? notices)
    {
        // A FIFO, device or socket has no length; neither has an empty file, which holds no line anyway. Opening a FIFO
        // blocks until someone writes to it, and a device may never end.
        FileInfo real = file.LinkTarget is not null && file.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target ? target : file;
        if (!real.Exists)
        {
            notices?.Add($"skipped '{file.FullName}': a broken symbolic link.");
            return;
        }

        if (real.Length == 0)
        {
            notices?.Add($"skipped '{file.FullName}': empty, or not a regular file (FIFO, device or socket).");
            return;
        }

        files.Add(Path.GetFullPath(file.FullName));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void OnLine(in W3CLogLine line)
    {
        ReadOnlySpan<byte> stem = line[W3CField.UriStem];
        if (stem.Length < ActiveSyncStem.Length || !Ascii.EqualsIgnoreCase(stem.Slice(0, ActiveSyncStem.Length), ActiveSyncStem))
        {
            return;
        }

        _activeSyncLines++;
        ReadOnlySpan<byte> query = line[W3CField.UriQuery];
        ReadOnlySpan<byte> request = EasRequestLineAdapter.SplitExchangeLog(query, out ReadOnlySpan<byte> log);

        // A device sends the same request line over and over: once parsed, the line is looked up instead (the
        // table keeps the parser's verdict and the device it named, so counts and errors come out the same). The
        // lookup waits on memory (the line's record, then the device's counters): the record is fetched ahead while
        // the line's own fields are read, and the device's counters are updated one line later (see Deferred).
        RequestTable requests = _requests ??= new RequestTable(RequestTableLimit);
        uint hash = RequestTable.Hash(request);
        requests.Prefetch(hash);

        // Exchange's Log= field: error, redirect, version, stack, EAS status.
        ReadOnlySpan<byte> error = default, redirect = default, version = default, stack = default;
        bool statusNoMailbox = false;
        if (!log.IsEmpty)
        {
            ReadLogItems(log, ref error, ref redirect, ref version, ref stack, ref statusNoMailbox);
        }

        int status = ParseInt(line[W3CField.Status]);
        ActiveSyncOutcome outcome = Classify(status, error, statusNoMailbox);
        long ticks = Timestamp(line[W3CField.Date], line[W3CField.Time]);

        // The Log= V item wins (Exchange logs what it served); the base64 form carries its own version.
        EasProtocolVersion protocolVersion = default;
        bool loggedVersion = !version.IsEmpty && ExchangeLogField.TryParseProtocolVersion(version, out protocolVersion);

        ref RequestTable.Header entry = ref requests.Find(request, hash, out int slot);
        int device;
        byte[]? deviceType;
        EasProtocolVersion queryVersion;
        EasQueryForm form;
        EasRequestLineError queryError;
        if (!Unsafe.IsNullRef(ref entry))
        {
            if (!requests.IsCurrent(ref entry))
            {
                // Parsed while reading an earlier chunk: the verdict holds, the device is this analyser's own.
                requests.GetIdentity(ref entry, out ReadOnlySpan<byte> entryUser, out ReadOnlySpan<byte> entryDevice);
                _devices.GetOrAdd(entryUser, entryDevice, out int current);
                requests.Rebind(ref entry, current);
            }

            device = entry.Device;
            _devices.Prefetch(device);
            deviceType = requests.DeviceTypeOf(ref entry);
            queryVersion = entry.Version;
            form = entry.Form;
            queryError = entry.Error;
        }
        else
        {
            // The device's counters are read below: the previous line's update goes in first.
            FlushDeferred();
            EasQueryFacts facts = _query.Read(query, _scratch);
            ReadOnlySpan<byte> user = facts.User.IsEmpty ? DecodeUserName(line[W3CField.UserName]) : facts.User;
            _devices.GetOrAdd(user, facts.DeviceId, out device);
            // The device's remembered type when it is this one, so that the counters compare references, not bytes.
            deviceType = facts.DeviceType.IsEmpty ? null
                : _devices.CountersOf(device).DeviceType is { } remembered && facts.DeviceType.SequenceEqual(remembered) ? remembered
                : facts.DeviceType.ToArray();
            queryVersion = facts.ProtocolVersion;
            form = facts.Form;
            queryError = facts.Error;
            if (!facts.User.IsEmpty)
            {
                // Only a request that names its user: otherwise the device also depends on cs-username.
                requests.Store(slot, hash, request, device, deviceType, queryVersion, form, queryError, facts.User, facts.DeviceId);
            }
        }

        if (form == EasQueryForm.Base64)
        {
            _base64Queries++;
        }

        if (queryError != EasRequestLineError.None && (uint)queryError < (uint)_invalidQueries.Length)
        {
            _invalidQueries[(int)queryError]++;
        }

        if (!loggedVersion)
        {
            protocolVersion = queryVersion;
        }

        // This line's counters wait in _deferred until the next line, so that the device's entry, fetched above,
        // has arrived by the time they are added; the previous line's go in now.
        FlushDeferred();
        ref Deferred next = ref _deferred;
        next.Device = device;
        next.Outcome = outcome;
        next.Ticks = ticks;
        next.Version = protocolVersion;
        if (!ReferenceEquals(next.DeviceType, deviceType))
        {
            next.DeviceType = deviceType;
        }

        if (!redirect.IsEmpty || !error.IsEmpty || !stack.IsEmpty)
        {
            // The values live only during this call: kept as arrays shared by every device that logs the same bytes
            // (the device's own is read only for a value that is not among the recent ones).
            next.Redirect = redirect.IsEmpty ? null : _redirects.Find(redirect) ?? _redirects.Add(redirect, _devices.CountersOf(device).Redirect);
            next.Error = error.IsEmpty ? null : _errors.Find(error) ?? _errors.Add(error, _devices.CountersOf(device).Error);
            next.Stack = stack.IsEmpty ? null : _stacks.Find(stack) ?? _stacks.Add(stack, _devices.CountersOf(device).Stack);
        }
        else if (next.Redirect is not null || next.Error is not null || next.Stack is not null)
        {
            next.Redirect = null;
            next.Error = null;
            next.Stack = null;
        }
    }

    /// <summary>A line's update of its device's counters, not yet applied (see <see cref="OnLine"/>); set field by
    /// field, since copying a whole struct with references into the heap costs a write barrier per reference.</summary>
    private struct Deferred
    {
        public int Device; // -1: none
        public ActiveSyncOutcome Outcome;
        public long Ticks;
        public byte[]? DeviceType;
        public EasProtocolVersion Version;
        public byte[]? Redirect;
        public byte[]? Error;
        public byte[]? Stack;
    }

    private Deferred _deferred = new() { Device = -1 };
    private readonly RecentValues _redirects = new();
    private readonly RecentValues _errors = new();
    private readonly RecentValues _stacks = new();

    /// <summary>
    /// The last few distinct values of one <c>Log=</c> item (error, redirect target, exception stack), so that every
    /// device that logs the same bytes keeps the same array: a request then compares its value with a handful of arrays
    /// that stay in the CPU's cache instead of reading its device's own copy from memory, and a value is copied only
    /// when it is new.
    /// </summary>
    private sealed class RecentValues
    {
        private readonly byte[]?[] _values = new byte[]?[8];
        private int _next;

        /// <summary>The recent array holding <paramref name="value"/>, or null.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public byte[]? Find(ReadOnlySpan<byte> value)
        {
            foreach (byte[]? recent in _values)
            {
                if (recent is not null && value.SequenceEqual(recent))
                {
                    return recent;
                }
            }

            return null;
        }

        /// <summary>An array holding <paramref name="value"/>, which was not recent: the device's
        /// <paramref name="current"/> one when equal (no copy), else a new copy; it becomes recent.</summary>
        public byte[] Add(ReadOnlySpan<byte> value, byte[]? current)
        {
            byte[] result = current is not null && value.SequenceEqual(current) ? current : value.ToArray();
            _values[_next] = result;
            _next = (_next + 1) % _values.Length;
            return result;
        }
    }

    /// <summary>Applies the update waiting in <see cref="_deferred"/>, if any: the device's counters and, when the
    /// device passes the report's filters with it, the timeline.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FlushDeferred()
    {
        ref Deferred d = ref _deferred;
        int device = d.Device;
        if (device < 0)
        {
            return;
        }

        d.Device = -1;
        ref DeviceCounters counters = ref _devices.CountersOf(device);
        counters.Add(d.Outcome, d.Ticks, d.DeviceType, d.Version);
        if (d.Redirect is not null || d.Error is not null || d.Stack is not null)
        {
            counters.AddDetails(d.Ticks, d.Redirect, d.Error, d.Stack);
        }

        if ((_options.UserFilter is null && _options.DeviceFilter is null) || _devices[device].MatchesFilters(_options, counters.DeviceType))
        {
            _timeline.Add(d.Ticks, d.Outcome);
        }
    }

    /// <summary>
    /// What the report needs from a <c>Log=</c> value: the last <c>Error</c>, <c>RdirTo</c>, <c>V</c> and <c>ExStk</c>
    /// items and whether an <c>S</c> item says 123, exactly as <see cref="ExchangeLogField.Enumerate"/> splits and
    /// <see cref="ExchangeLogField.Classify"/> names them. Most items of a real line are timings (<c>Cpo</c>,
    /// <c>Fet</c>, <c>LdapC</c>, <c>Sst</c>...): an item whose first byte cannot start one of the five names is skipped
    /// without reading its name.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadLogItems(ReadOnlySpan<byte> log, ref ReadOnlySpan<byte> error, ref ReadOnlySpan<byte> redirect, ref ReadOnlySpan<byte> version, ref ReadOnlySpan<byte> stack, ref bool statusNoMailbox)
    {
        while (!log.IsEmpty)
        {
            // Values escape '_' as %5F, so a raw '_' always separates items.
            int sep = log.IndexOf((byte)'_');
            ReadOnlySpan<byte> item = sep < 0 ? log : log.Slice(0, sep);
            log = sep < 0 ? default : log.Slice(sep + 1);
            if (item.IsEmpty || item[0] is not ((byte)'E' or (byte)'R' or (byte)'V' or (byte)'S'))
            {
                continue;
            }

            int nameLength = 1;
            while (nameLength < item.Length && (uint)((item[nameLength] | 0x20) - 'a') <= 'z' - 'a')
            {
                nameLength++;
            }

            ReadOnlySpan<byte> value = nameLength < item.Length && item[nameLength] == (byte)':'
                ? item.Slice(nameLength + 1)
                : item.Slice(nameLength);
            switch (ExchangeLogField.Classify(item.Slice(0, nameLength)))
            {
                case ExchangeLogItemKind.Error:
                    error = value;
                    break;
                case ExchangeLogItemKind.RedirectTo:
                    redirect = value;
                    break;
                case ExchangeLogItemKind.ProtocolVersion:
                    version = value;
                    break;
                case ExchangeLogItemKind.ExceptionStack:
                    stack = value;
                    break;
                case ExchangeLogItemKind.Status:
                    // EAS common status 123 = UserHasNoMailbox ([MS-ASCMD] 2.2.2 Common Status Codes).
                    statusNoMailbox |= value.SequenceEqual("123"u8);
                    break;
            }
        }
    }

    /// <summary>The logged <c>cs-username</c>, percent-decoded (<c>+</c> kept: IIS writes it for a space).</summary>
    private ReadOnlySpan<byte> DecodeUserName(ReadOnlySpan<byte> logged)
    {
        if (logged.Length > _userName.Length)
        {
            // Rare (the buffer only grows): a longer name than any seen so far.
            _userName = new byte[Math.Max(logged.Length, _userName.Length * 2)];
        }

        return _userName.AsSpan(0, PercentEncoding.Decode(logged, _userName));
    }

    /// <inheritdoc/>
    public void OnBrokenLine(in W3CBrokenLine line)
    {
        if (_brokenSamples.Count < _options.MaxBrokenLineSamples)
        {
            ReadOnlySpan<byte> raw = line.Raw;
            string text = Encoding.UTF8.GetString(raw.Slice(0, Math.Min(raw.Length, 200)));
            _brokenSamples.Add(new BrokenLineSample(line.Source, line.LineNumber, line.Reason, text));
        }
    }

    /// <summary>Builds the report from what was aggregated so far.</summary>
    /// <param name="statistics">The reader's counters (lines, bytes, broken lines).</param>
    /// <returns>The report, devices worst first, then by user and device id.</returns>
    public LogAnalysisReport BuildReport(W3CReadStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        FlushDeferred();
        string? userFilter = string.IsNullOrEmpty(_options.UserFilter) ? null : _options.UserFilter;
        string? deviceFilter = string.IsNullOrEmpty(_options.DeviceFilter) ? null : _options.DeviceFilter;
        var rows = new List<DeviceActivity>();
        for (int i = 0; i < _devices.Count; i++)
        {
            DeviceActivity row = _devices[i].ToActivity(in _devices.CountersOf(i));
            if (userFilter is not null && !row.User.Contains(userFilter, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (deviceFilter is not null
                && !row.DeviceId.Contains(deviceFilter, StringComparison.OrdinalIgnoreCase)
                && !(row.DeviceType?.Contains(deviceFilter, StringComparison.OrdinalIgnoreCase) ?? false))
            {
                continue;
            }

            rows.Add(row);
        }

        rows.Sort(static (a, b) =>
        {
            int c = b.WorstOutcome.CompareTo(a.WorstOutcome);
            if (c == 0) c = string.Compare(a.User, b.User, StringComparison.OrdinalIgnoreCase);
            if (c == 0) c = string.Compare(a.DeviceId, b.DeviceId, StringComparison.OrdinalIgnoreCase);
            return c;
        });

        OutcomeCounts sum = default;
        var users = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int stuck = 0, cannotFollow = 0, belowFloor = 0;
        foreach (DeviceActivity row in rows)
        {
            sum += row.Counts;
            users.Add(row.User);
            if (row.LastOutcome == ActiveSyncOutcome.UserHasNoMailbox) stuck++;
            if (row.CanFollow451 == false) cannotFollow++;
            if (row.Counts.Redirected > 0 && row.MeetsCloudProtocolFloor == false) belowFloor++;
        }

        var byReason = new SortedDictionary<W3CBrokenLineReason, long>();
        foreach (W3CBrokenLineReason reason in Enum.GetValues<W3CBrokenLineReason>())
        {
            long n = statistics.GetBrokenLines(reason);
            if (n > 0)
            {
                byReason[reason] = n;
            }
        }

        var invalid = new SortedDictionary<EasRequestLineError, long>();
        long invalidTotal = 0;
        for (int i = 0; i < _invalidQueries.Length; i++)
        {
            if (_invalidQueries[i] > 0)
            {
                invalid[(EasRequestLineError)i] = _invalidQueries[i];
                invalidTotal += _invalidQueries[i];
            }
        }

        var totals = new LogAnalysisTotals
        {
            Inputs = statistics.Inputs,
            Bytes = statistics.Bytes,
            Lines = statistics.Lines,
            DataLines = statistics.DataLines,
            ActiveSyncLines = _activeSyncLines,
            BrokenLines = statistics.BrokenLines,
            Base64Queries = _base64Queries,
            InvalidQueries = invalidTotal,
            InvalidQueriesByReason = invalid,
            CloudProtocolFloor = _options.CloudProtocolFloor,
            Users = users.Count,
            Devices = rows.Count,
            Requests = sum,
            DevicesStuck = stuck,
            DevicesUnableToFollow451 = cannotFollow,
            RedirectedBelowCloudFloor = belowFloor,
        };
        return new LogAnalysisReport(totals, rows, _brokenSamples.ToArray(), byReason) { Timeline = _timeline.Build() };
    }

    /// <summary><see cref="ParseTimestamp"/> with the day cached (a log file is one day) and the last second too (a
    /// busy server logs many requests in the same second).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long Timestamp(ReadOnlySpan<byte> date, ReadOnlySpan<byte> time)
    {
        if (date.Length == 10 && time.Length >= 8 && _cachedDateLength == 10 && date.SequenceEqual(_cachedDate))
        {
            ulong hms = Unsafe.ReadUnaligned<ulong>(ref MemoryMarshal.GetReference(time));
            if (hms == _cachedTime && _cachedTimeValid)
            {
                return _cachedTimeTicks;
            }

            if (time[2] == (byte)':' && time[5] == (byte)':')
            {
                int hour = Digits(time.Slice(0, 2)), minute = Digits(time.Slice(3, 2)), second = Digits(time.Slice(6, 2));
                if (hour is >= 0 and <= 23 && minute is >= 0 and <= 59 && second is >= 0 and <= 59)
                {
                    _cachedTime = hms;
                    _cachedTimeValid = true;
                    _cachedTimeTicks = _cachedDayTicks + (((hour * 3600L) + (minute * 60L) + second) * TimeSpan.TicksPerSecond);
                    return _cachedTimeTicks;
                }
            }
        }

        long ticks = ParseTimestamp(date, time);
        if (ticks != 0 && date.Length == 10)
        {
            date.CopyTo(_cachedDate);
            _cachedDateLength = 10;
            _cachedTimeValid = false;
            _cachedDayTicks = ticks - (ticks % TimeSpan.TicksPerDay);
        }

        return ticks;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ActiveSyncOutcome Classify(int status, ReadOnlySpan<byte> error, bool statusNoMailbox)
    {
        if (error.SequenceEqual("UserHasNoMailbox"u8) || (statusNoMailbox && error.IsEmpty))
        {
            return ActiveSyncOutcome.UserHasNoMailbox;
        }

        // HTTP 451 + X-MS-Location: [MS-ASHTTP] 3.1.5.2.1 (redirect to a different server).
        if (status == 451)
        {
            return ActiveSyncOutcome.Redirected;
        }

        if (status == 401)
        {
            return ActiveSyncOutcome.AuthFailure;
        }

        // 449 asks the device to provision first ([MS-ASHTTP] 3.2.5.1): normal protocol flow.
        if (!error.IsEmpty || (status >= 400 && status != 449))
        {
            return ActiveSyncOutcome.OtherError;
        }

        return ActiveSyncOutcome.Served;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int ParseInt(ReadOnlySpan<byte> value) =>
        Utf8Parser.TryParse(value, out int n, out int used) && used == value.Length ? n : -1;

    /// <summary>Ticks (UTC) of an IIS date and time: <c>yyyy-MM-dd</c> (W3C) or <c>M/d/yyyy</c>
    /// (as re-formatted by some tools, and in the IIS lines printed in "Exchange ActiveSync on-boarding to Office 365"), and <c>HH:mm:ss</c> with optional
    /// fraction; 0 when unknown or malformed.</summary>
    internal static long ParseTimestamp(ReadOnlySpan<byte> date, ReadOnlySpan<byte> time)
    {
        int year, month, day;
        if (date.Length == 10 && date[4] == (byte)'-' && date[7] == (byte)'-')
        {
            year = Digits(date.Slice(0, 4));
            month = Digits(date.Slice(5, 2));
            day = Digits(date.Slice(8, 2));
        }
        else
        {
            int s1 = date.IndexOf((byte)'/');
            int s2 = s1 < 0 ? -1 : date.Slice(s1 + 1).IndexOf((byte)'/');
            if (s1 < 0 || s2 < 0)
            {
                return 0;
            }

            month = Digits(date.Slice(0, s1));
            day = Digits(date.Slice(s1 + 1, s2));
            year = Digits(date.Slice(s1 + s2 + 2));
        }

        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return 0;
        }

        if (time.Length < 8 || time[2] != (byte)':' || time[5] != (byte)':')
        {
            return 0;
        }

        int hour = Digits(time.Slice(0, 2)), minute = Digits(time.Slice(3, 2)), second = Digits(time.Slice(6, 2));
        if (hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59)
        {
            return 0;
        }

        return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Digits(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty || s.Length > 4)
        {
            return -1;
        }

        int n = 0;
        foreach (byte b in s)
        {
            if ((uint)(b - '0') > 9)
            {
                return -1;
            }

            n = (n * 10) + (b - '0');
        }

        return n;
    }
}
