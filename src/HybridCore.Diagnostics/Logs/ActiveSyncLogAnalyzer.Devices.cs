using System;
using System.Buffers;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using System.Text;
using HybridCore.ActiveSync;
using HybridCore.Redirect;

namespace HybridCore.Diagnostics.Logs;

public sealed partial class ActiveSyncLogAnalyzer
{
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
