using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using HybridCore.ActiveSync;

namespace HybridCore.Diagnostics.Logs;

public sealed partial class ActiveSyncLogAnalyzer
{
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
            if (_count >= _max || _used + length > MaxSlabBytes || _identitiesUsed + identityLength > MaxSlabBytes)
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
}
