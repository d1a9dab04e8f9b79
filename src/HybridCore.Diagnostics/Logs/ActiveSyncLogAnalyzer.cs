using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;
using System.Threading;
using HybridCore.ActiveSync;
using HybridCore.Redirect;

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
public sealed class ActiveSyncLogAnalyzer : IW3CLogVisitor
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

    /// <summary>Open-addressed by hash, keyed by the lower-cased (decoded) user and device id bytes,
    /// so that looking up a known device allocates nothing.</summary>
    private sealed class DeviceTable
    {
        private const int MaxStackKey = 512;
        private readonly EasProtocolVersion _cloudFloor;
        private readonly int _max;
        private int[] _buckets = new int[256];
        private Entry[] _entries = new Entry[256];
        private int _count;

        public DeviceTable(EasProtocolVersion cloudFloor, int max)
        {
            _cloudFloor = cloudFloor;
            _max = max;
        }

        /// <summary>The devices, in the order first seen.</summary>
        public int Count => _count;

        /// <summary>Asks the CPU to fetch the entry (and so the counters) of the device added <paramref name="index"/>-th.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public unsafe void Prefetch(int index)
        {
            if (Sse.IsSupported)
            {
                byte* at = (byte*)Unsafe.AsPointer(ref _entries[index]);
                Sse.Prefetch0(at);
                Sse.Prefetch0(at + 64);
            }
        }

        /// <summary>The counters of the device added <paramref name="index"/>-th.</summary>
        public ref DeviceCounters CountersOf(int index) => ref _entries[index].Counters;

        /// <summary>The device added <paramref name="index"/>-th.</summary>
        public DeviceAccumulator this[int index] => _entries[index].Value;

        public DeviceAccumulator GetOrAdd(ReadOnlySpan<byte> user, ReadOnlySpan<byte> deviceId, out int index)
        {
            int length = user.Length + 1 + deviceId.Length;
            byte[]? rented = null;
            Span<byte> key = length <= MaxStackKey ? stackalloc byte[MaxStackKey] : (rented = ArrayPool<byte>.Shared.Rent(length));
            user.CopyTo(key);
            key[user.Length] = 0;
            deviceId.CopyTo(key.Slice(user.Length + 1));
            key = key.Slice(0, length);
            // User names and device ids are compared ASCII case-insensitively (Exchange does the same).
            if (Ascii.ToLowerInPlace(key, out int lowered) != System.Buffers.OperationStatus.Done)
            {
                // Non-ASCII (UTF-8) bytes stop the vectorised pass: lower the remaining ASCII letters one by one.
                for (int i = lowered; i < key.Length; i++)
                {
                    if ((uint)(key[i] - 'A') <= 'Z' - 'A')
                    {
                        key[i] = (byte)(key[i] | 0x20);
                    }
                }
            }

            var hasher = default(HashCode);
            hasher.AddBytes(key);
            int hash = hasher.ToHashCode();
            int bucket = (hash & int.MaxValue) % _buckets.Length;
            for (int i = _buckets[bucket] - 1; i >= 0; i = _entries[i].Next)
            {
                ref Entry e = ref _entries[i];
                if (e.Hash == hash && key.SequenceEqual(e.Key))
                {
                    ReturnKey(rented);
                    index = i;
                    return e.Value;
                }
            }

            if (_count >= _max)
            {
                ReturnKey(rented);
                throw LimitExceeded();
            }

            // First request of this user and device: the only allocation of its lifetime here.
            var value = new DeviceAccumulator(user, deviceId, _cloudFloor);
            if (_count == _entries.Length)
            {
                Grow();
                bucket = (hash & int.MaxValue) % _buckets.Length;
            }

            _entries[_count] = new Entry { Hash = hash, Key = key.ToArray(), Value = value, Counters = DeviceCounters.Empty, Next = _buckets[bucket] - 1 };
            index = _count;
            _buckets[bucket] = ++_count;
            ReturnKey(rented);
            return value;
        }

        /// <summary>Adds the devices of <paramref name="later"/> (input that comes after this table's), in the order
        /// they were first seen there, so insertion order stays the order of first appearance.</summary>
        public void Merge(DeviceTable later)
        {
            for (int j = 0; j < later._count; j++)
            {
                ref Entry other = ref later._entries[j];
                int bucket = (other.Hash & int.MaxValue) % _buckets.Length;
                bool found = false;
                for (int i = _buckets[bucket] - 1; i >= 0; i = _entries[i].Next)
                {
                    ref Entry e = ref _entries[i];
                    if (e.Hash == other.Hash && e.Key.AsSpan().SequenceEqual(other.Key))
                    {
                        e.Counters.Merge(in other.Counters);
                        found = true;
                        break;
                    }
                }

                if (!found)
                {
                    // Chunks read in parallel each stay under the limit; together they may not.
                    if (_count >= _max)
                    {
                        throw LimitExceeded();
                    }

                    if (_count == _entries.Length)
                    {
                        Grow();
                        bucket = (other.Hash & int.MaxValue) % _buckets.Length;
                    }

                    _entries[_count] = new Entry { Hash = other.Hash, Key = other.Key, Value = other.Value, Counters = other.Counters, Next = _buckets[bucket] - 1 };
                    _buckets[bucket] = ++_count;
                }
            }
        }

        private LogAnalysisLimitException LimitExceeded() =>
            new(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"The logs hold more than {_max} distinct user/device pairs (the limit, about {_max / 1250} MB of memory): narrow the analysis with a user or device filter, or raise the limit."))
            {
                MaxDevices = _max,
            };

        private static void ReturnKey(byte[]? rented)
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        private void Grow()
        {
            Array.Resize(ref _entries, _entries.Length * 2);
            _buckets = new int[_entries.Length];
            for (int i = 0; i < _count; i++)
            {
                int b = (_entries[i].Hash & int.MaxValue) % _buckets.Length;
                _entries[i].Next = _buckets[b] - 1;
                _buckets[b] = i + 1;
            }
        }

        private struct Entry
        {
            public int Hash;
            public int Next;
            public byte[] Key;
            public DeviceAccumulator Value;
            public DeviceCounters Counters;
        }
    }

    /// <summary>
    /// Every distinct request line parsed so far (up to <see cref="MaxEntries"/>), found by a hash of its bytes: the
    /// parser's verdict, the version and device type it read, and the device it named. A fleet's devices send a few
    /// distinct lines each (one per command), so after the first few thousand lines nearly every line is found here
    /// and neither the query parser nor the device table runs.
    /// Measured, the cost of a hit is memory latency, not instructions (on the 2-core test machine a random read
    /// costs ~15–30 ns while the data touched stays within ~4 MiB and ~200 ns beyond): so the table is laid out for
    /// the fewest cache lines per hit. A small index of 8-byte slots (hash and where the entry is; linear probing,
    /// grown at three quarters full) stays in the core's own cache; each entry is one record in a dense slab — a
    /// 20-byte header and then the key — so a hit reads one index slot and then one record, whose first cache line
    /// holds the header and the start of the key. The user and device id (read only when a later chunk finds the
    /// entry) live in a second slab. Past <see cref="MaxEntries"/> or <see cref="MaxSlabBytes"/> the table starts over
    /// (lines are parsed again, with the same result): memory stays bounded.
    /// </summary>
    internal sealed class RequestTable
    {
        /// <summary>Distinct request lines remembered before the table starts over.</summary>
        internal const int MaxEntries = 1 << 17;

        /// <summary>Bytes of records kept before the table starts over.</summary>
        internal const int MaxSlabBytes = 64 << 20;
        private const int MaxKey = 4096;
        private static readonly int HeaderBytes = Unsafe.SizeOf<Header>();
        private readonly int _max;
        private ulong[] _index = new ulong[1 << 12]; // 0 = empty; else (record offset + 1) << 32 | hash
        private byte[] _records = new byte[1 << 16];
        private byte[] _identities = new byte[1 << 14];
        private readonly List<byte[]> _deviceTypes = new();
        private int _used;
        private int _identitiesUsed;
        private int _count;
        private ushort _generation = 1;

        public RequestTable(int maxEntries) => _max = maxEntries;

        /// <summary>What an entry says about its request line; <see cref="Device"/> is an index into the device table
        /// of the analyser whose <see cref="Generation"/> it is.</summary>
        public struct Header
        {
            public int Device;
            public int DeviceType; // index into the table's device types; -1 when the line names none
            public int Identity; // offset of the user and device id in the identity slab
            public ushort Generation;
            public ushort KeyLength;
            public EasProtocolVersion Version;
            private byte _form;
            private byte _error;

            public EasQueryForm Form
            {
                readonly get => (EasQueryForm)_form;
                set => _form = (byte)value;
            }

            public EasRequestLineError Error
            {
                readonly get => (EasRequestLineError)_error;
                set => _error = checked((byte)value);
            }
        }

        /// <summary>A new analyser uses the table from now on: the entries keep their verdicts, and each is tied to the
        /// new analyser's device the first time it is found (<see cref="IsCurrent"/>, <see cref="Rebind"/>).</summary>
        public void Adopt()
        {
            if (++_generation == 0)
            {
                // 65,535 analysers (chunks) later: an entry of generation 1 would look current again.
                Clear();
                _generation = 1;
            }
        }

        public bool IsCurrent(ref Header entry) => entry.Generation == _generation;

        /// <summary>The device type an entry's request line named (the same array every time), or null.</summary>
        public byte[]? DeviceTypeOf(ref Header entry) => entry.DeviceType < 0 ? null : _deviceTypes[entry.DeviceType];

        /// <summary>The decoded user and device id the entry's request line named (its device table key).</summary>
        public void GetIdentity(ref Header entry, out ReadOnlySpan<byte> user, out ReadOnlySpan<byte> deviceId)
        {
            int at = entry.Identity;
            int userLength = BinaryPrimitives.ReadUInt16LittleEndian(_identities.AsSpan(at));
            int idLength = BinaryPrimitives.ReadUInt16LittleEndian(_identities.AsSpan(at + 2));
            user = new ReadOnlySpan<byte>(_identities, at + 4, userLength);
            deviceId = new ReadOnlySpan<byte>(_identities, at + 4 + userLength, idLength);
        }

        public void Rebind(ref Header entry, int device)
        {
            entry.Device = device;
            entry.Generation = _generation;
        }

        private void Clear()
        {
            Array.Clear(_index);
            _count = 0;
            _used = 0;
            _identitiesUsed = 0;
            _deviceTypes.Clear();
        }

        /// <summary>Reads the index slot where <paramref name="hash"/>'s search starts (it is small enough to stay in the
        /// core's cache) and asks the CPU to fetch the record it points to, so that it arrives while the caller reads
        /// the rest of the line.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public unsafe void Prefetch(uint hash)
        {
            if (Sse.IsSupported)
            {
                ulong[] index = _index;
                ulong slot = index[(int)hash & (index.Length - 1)];
                if (slot != 0)
                {
                    fixed (byte* records = _records)
                    {
                        byte* at = records + (int)(slot >> 32) - 1;
                        Sse.Prefetch0(at);
                        Sse.Prefetch0(at + 64);
                    }
                }
            }
        }

        /// <summary>The entry of <paramref name="request"/>, or a null reference when there is none (then
        /// <paramref name="slot"/> is the empty index slot where <see cref="Store"/> puts it). The reference is valid
        /// until the next <see cref="Store"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public ref Header Find(ReadOnlySpan<byte> request, uint hash, out int slot)
        {
            ulong[] index = _index;
            int mask = index.Length - 1;
            int i = (int)hash & mask;
            while (true)
            {
                ulong entry = index[i];
                if (entry == 0)
                {
                    slot = i;
                    return ref Unsafe.NullRef<Header>();
                }

                if ((uint)entry == hash)
                {
                    int at = (int)(entry >> 32) - 1;
                    ref Header header = ref Unsafe.As<byte, Header>(ref _records[at]);
                    if (header.KeyLength == request.Length
                        && request.SequenceEqual(new ReadOnlySpan<byte>(_records, at + HeaderBytes, request.Length)))
                    {
                        slot = i;
                        return ref header;
                    }
                }

                i = (i + 1) & mask;
            }
        }

        /// <summary>A multiplicative hash over 16 bytes at a time in two independent lanes: a few nanoseconds for a
        /// request line, and spread well enough over the slots.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static uint Hash(ReadOnlySpan<byte> key)
        {
            const ulong K = 0x9E3779B97F4A7C15;
            ulong a = (ulong)key.Length * K, b = 0x2545F4914F6CDD1D;
            ref byte first = ref MemoryMarshal.GetReference(key);
            int i = 0;
            for (; i + 16 <= key.Length; i += 16)
            {
                a = (BitOperations.RotateLeft(a, 23) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, i))) * K;
                b = (BitOperations.RotateLeft(b, 29) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, i + 8))) * K;
            }

            ulong tail = 0;
            if (i + 8 <= key.Length)
            {
                a = (BitOperations.RotateLeft(a, 23) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, i))) * K;
                i += 8;
            }

            for (; i < key.Length; i++)
            {
                tail = (tail << 8) | Unsafe.Add(ref first, i);
            }

            ulong h = (BitOperations.RotateLeft(a, 23) ^ b ^ tail) * K;
            return (uint)(h >> 32);
        }

        /// <summary>Adds the entry for <paramref name="request"/> at the empty index slot <see cref="Find"/> returned.
        /// Lines too long to be worth keeping are not kept (they are parsed every time).</summary>
        public void Store(int slot, uint hash, ReadOnlySpan<byte> request, int device, byte[]? deviceType, EasProtocolVersion version, EasQueryForm form, EasRequestLineError error, ReadOnlySpan<byte> user, ReadOnlySpan<byte> deviceId)
        {
            if (request.Length + user.Length + deviceId.Length > MaxKey)
            {
                return;
            }

            // Records start on 8-byte boundaries: the header is read in place.
            int length = (HeaderBytes + request.Length + 7) & ~7;
            int identityLength = 4 + user.Length + deviceId.Length;
            if (_count >= _max || _used + length > MaxSlabBytes)
            {
                // Start over (rare: 131,072 distinct request lines or 64 MiB of them); the slot found is gone with the rest.
                Clear();
                return;
            }

            if (_used + length > _records.Length)
            {
                Array.Resize(ref _records, Math.Max(_records.Length * 2, _used + length));
            }

            if (_identitiesUsed + identityLength > _identities.Length)
            {
                Array.Resize(ref _identities, Math.Max(_identities.Length * 2, _identitiesUsed + identityLength));
            }

            int type = -1;
            if (deviceType is not null)
            {
                // Consecutive entries of one device name the same array (the analyser shares it): kept once.
                type = _deviceTypes.Count > 0 && ReferenceEquals(_deviceTypes[^1], deviceType) ? _deviceTypes.Count - 1 : _deviceTypes.Count;
                if (type == _deviceTypes.Count)
                {
                    _deviceTypes.Add(deviceType);
                }
            }

            Span<byte> identity = _identities.AsSpan(_identitiesUsed, identityLength);
            BinaryPrimitives.WriteUInt16LittleEndian(identity, (ushort)user.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(identity.Slice(2), (ushort)deviceId.Length);
            user.CopyTo(identity.Slice(4));
            deviceId.CopyTo(identity.Slice(4 + user.Length));

            ref Header header = ref Unsafe.As<byte, Header>(ref _records[_used]);
            header = default;
            header.Device = device;
            header.DeviceType = type;
            header.Identity = _identitiesUsed;
            header.Generation = _generation;
            header.KeyLength = (ushort)request.Length;
            header.Version = version;
            header.Form = form;
            header.Error = error;
            request.CopyTo(_records.AsSpan(_used + HeaderBytes));
            _index[slot] = ((ulong)(uint)(_used + 1) << 32) | hash;
            _used += length;
            _identitiesUsed += identityLength;
            if (++_count > _index.Length / 4 * 3)
            {
                Grow();
            }
        }

        private void Grow()
        {
            ulong[] old = _index;
            var index = new ulong[old.Length * 2];
            int mask = index.Length - 1;
            foreach (ulong entry in old)
            {
                if (entry != 0)
                {
                    int i = (int)(uint)entry & mask;
                    while (index[i] != 0)
                    {
                        i = (i + 1) & mask;
                    }

                    index[i] = entry;
                }
            }

            _index = index;
        }
    }

    [InlineArray(Length)]
    private struct OutcomeCounters
    {
        public const int Length = 5;
        private long _element;
    }

    /// <summary>
    /// What every request of a device updates, kept in the device table's dense entry array (indexed by device, no
    /// object to reach first): 128 bytes with the entry, two cache lines. What only some requests carry (redirect,
    /// error, exception stack) and the device's names live in its <see cref="DeviceAccumulator"/>.
    /// </summary>
    /// <remarks>"Latest" is the line with the highest logged time, ties going to the later line; a line without a time
    /// (0) is older than any timed line. The device type and version each come from the latest line that has one. Such
    /// a maximum does not depend on where the input was cut, so partial results of chunks read in parallel merge (in
    /// input order) into exactly what one reader finds.</remarks>
    internal struct DeviceCounters
    {
        private OutcomeCounters _counts;
        private long _firstTicks;
        private long _maxTicks;
        private long _lastTicks;
        private long _typeTicks;
        private long _versionTicks;
        private long _redirectTicks;
        private long _errorTicks;
        private long _stackTicks;
        private byte[]? _deviceType;
        private byte[]? _redirect;
        private byte[]? _error;
        private byte[]? _stack;
        private ActiveSyncOutcome _last;
        private EasProtocolVersion _version;

        public static DeviceCounters Empty => new()
        {
            _firstTicks = long.MaxValue,
            _maxTicks = long.MinValue,
            _lastTicks = long.MinValue,
            _typeTicks = long.MinValue,
            _versionTicks = long.MinValue,
            _redirectTicks = long.MinValue,
            _errorTicks = long.MinValue,
            _stackTicks = long.MinValue,
        };

        /// <summary>The latest redirect target (<c>RdirTo</c>), error and exception stack (<c>ExStk</c>) logged, raw
        /// (percent-escaped; decoded once, for the report); arrays are never changed once made, so devices share them.</summary>
        public readonly byte[]? Redirect => _redirect;

        public readonly byte[]? Error => _error;

        public readonly byte[]? Stack => _stack;

        /// <summary>The device type of the latest request that named one (never changed once made: shared, not copied).</summary>
        public readonly byte[]? DeviceType => _deviceType;

        public readonly ActiveSyncOutcome Last => _last;

        public readonly EasProtocolVersion Version => _version;

        public readonly long Requests => _counts[0] + _counts[1] + _counts[2] + _counts[3] + _counts[4];

        /// <summary>The worst outcome of any request: the highest outcome counted.</summary>
        public readonly ActiveSyncOutcome Worst
        {
            get
            {
                for (int i = OutcomeCounters.Length - 1; i > 0; i--)
                {
                    if (_counts[i] > 0)
                    {
                        return (ActiveSyncOutcome)i;
                    }
                }

                return ActiveSyncOutcome.Served;
            }
        }

        public readonly OutcomeCounts Counts => new(_counts[0], _counts[1], _counts[2], _counts[3], _counts[4]);

        public readonly DateTime? FirstSeen => _firstTicks == long.MaxValue ? null : new DateTime(_firstTicks, DateTimeKind.Utc);

        public readonly DateTime? LastSeen => _maxTicks == long.MinValue ? null : new DateTime(_maxTicks, DateTimeKind.Utc);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(ActiveSyncOutcome outcome, long ticks, byte[]? deviceType, EasProtocolVersion version)
        {
            _counts[(int)outcome]++;
            if (ticks != 0)
            {
                _firstTicks = Math.Min(_firstTicks, ticks);
                _maxTicks = Math.Max(_maxTicks, ticks);
            }

            if (ticks >= _lastTicks)
            {
                _last = outcome;
                _lastTicks = ticks;
            }

            if (deviceType is not null && ticks >= _typeTicks)
            {
                _deviceType = deviceType;
                _typeTicks = ticks;
            }

            if (version.IsKnown && ticks >= _versionTicks)
            {
                _version = version;
                _versionTicks = ticks;
            }
        }

        /// <summary>Remembers a request's redirect, error and exception stack (those it carries: non-null).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void AddDetails(long ticks, byte[]? redirect, byte[]? error, byte[]? stack)
        {
            if (redirect is not null && ticks >= _redirectTicks)
            {
                _redirect = redirect;
                _redirectTicks = ticks;
            }

            if (error is not null && ticks >= _errorTicks)
            {
                _error = error;
                _errorTicks = ticks;
            }

            if (stack is not null && ticks >= _stackTicks)
            {
                _stack = stack;
                _stackTicks = ticks;
            }
        }

        /// <summary>Adds what <paramref name="later"/> counted of the same device in input that comes after this one's.</summary>
        public void Merge(in DeviceCounters later)
        {
            if (later._redirect is not null && later._redirectTicks >= _redirectTicks)
            {
                _redirect = later._redirect;
                _redirectTicks = later._redirectTicks;
            }

            if (later._error is not null && later._errorTicks >= _errorTicks)
            {
                _error = later._error;
                _errorTicks = later._errorTicks;
            }

            if (later._stack is not null && later._stackTicks >= _stackTicks)
            {
                _stack = later._stack;
                _stackTicks = later._stackTicks;
            }

            for (int i = 0; i < OutcomeCounters.Length; i++)
            {
                _counts[i] += later._counts[i];
            }

            _firstTicks = Math.Min(_firstTicks, later._firstTicks);
            _maxTicks = Math.Max(_maxTicks, later._maxTicks);
            if (later.Requests > 0 && later._lastTicks >= _lastTicks)
            {
                _last = later._last;
                _lastTicks = later._lastTicks;
            }

            if (later._deviceType is not null && later._typeTicks >= _typeTicks)
            {
                _deviceType = later._deviceType;
                _typeTicks = later._typeTicks;
            }

            if (later._version.IsKnown && later._versionTicks >= _versionTicks)
            {
                _version = later._version;
                _versionTicks = later._versionTicks;
            }
        }
    }

    /// <summary>A device's names (as first spelt) and the report's filter verdict; its counters and latest values are
    /// in <see cref="DeviceCounters"/>.</summary>
    internal sealed class DeviceAccumulator
    {
        private readonly string _user;
        private readonly string _deviceId;
        private readonly EasProtocolVersion _cloudFloor;
        private byte[]? _typeMatchedFor;
        private bool _typeMatches;

        public DeviceAccumulator(ReadOnlySpan<byte> user, ReadOnlySpan<byte> deviceId, EasProtocolVersion cloudFloor)
        {
            // Keyed case-insensitively; shown as spelt by the first request (decoded UTF-8; invalid bytes become U+FFFD).
            _user = Encoding.UTF8.GetString(user);
            _deviceId = Encoding.UTF8.GetString(deviceId);
            _cloudFloor = cloudFloor;
        }

        /// <summary>Whether this device passes the report's filters as it stands now (the timeline counts a request
        /// when its device passes them at that request; the table judges the device by its latest type).</summary>
        public bool MatchesFilters(LogAnalysisOptions options, byte[]? deviceType)
        {
            if (!string.IsNullOrEmpty(options.UserFilter) && !_user.Contains(options.UserFilter, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (string.IsNullOrEmpty(options.DeviceFilter) || _deviceId.Contains(options.DeviceFilter, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (!ReferenceEquals(_typeMatchedFor, deviceType))
            {
                // Decoded once per change of device type, not per request.
                _typeMatchedFor = deviceType;
                _typeMatches = deviceType is not null && Encoding.UTF8.GetString(deviceType).Contains(options.DeviceFilter, StringComparison.OrdinalIgnoreCase);
            }

            return _typeMatches;
        }

        public DeviceActivity ToActivity(in DeviceCounters counters)
        {
            string? redirect = counters.Redirect is null ? null : ExchangeLogField.GetRedirectUrl(PercentEncoding.DecodeToString(counters.Redirect));
            EasProtocolVersion version = counters.Version;
            bool known = version.IsKnown;
            return new DeviceActivity(
                _user,
                _deviceId,
                counters.DeviceType is null ? null : Encoding.UTF8.GetString(counters.DeviceType),
                counters.Requests,
                counters.Counts,
                counters.Last,
                counters.Worst,
                redirect,
                counters.Error is null ? null : PercentEncoding.DecodeToString(counters.Error),
                known ? version.ToString() : null,
                known ? version >= RedirectPolicy.MinimumRedirectVersion : null,
                known ? version >= _cloudFloor : null,
                counters.FirstSeen,
                counters.LastSeen)
            {
                LastException = counters.Stack is not null && ExchangeLogField.TryDecodeStack(counters.Stack, out string? text) ? DecodedException.Parse(text) : null,
            };
        }
    }
}
