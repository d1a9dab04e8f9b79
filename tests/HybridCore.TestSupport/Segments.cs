using System.Buffers;

namespace HybridCore.TestSupport;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, as a <c>PipeReader</c> hands them out.</summary>
public static class Segments
{
    /// <summary>One segment per part, in order (empty parts make empty segments).</summary>
    public static ReadOnlySequence<byte> Create(params ReadOnlyMemory<byte>[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(parts[0], 0);
        Segment last = first;
        for (int i = 1; i < parts.Length; i++)
        {
            last = last.Append(parts[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Splits <paramref name="data"/> at the given (sorted) offsets.</summary>
    public static ReadOnlySequence<byte> SplitAt(byte[] data, params int[] offsets)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(offsets);
        var parts = new ReadOnlyMemory<byte>[offsets.Length + 1];
        int previous = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            parts[i] = data.AsMemory(previous, offsets[i] - previous);
            previous = offsets[i];
        }

        parts[^1] = data.AsMemory(previous);
        return Create(parts);
    }

    /// <summary>Segments of <paramref name="size"/> bytes (the last one shorter).</summary>
    public static ReadOnlySequence<byte> Chunk(ReadOnlyMemory<byte> data, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var parts = new List<ReadOnlyMemory<byte>>();
        for (int offset = 0; offset < data.Length || parts.Count == 0; offset += size)
        {
            parts.Add(data.Slice(offset, Math.Min(size, data.Length - offset)));
        }

        return Create([.. parts]);
    }

    /// <summary>One-byte segments with an empty segment before, between and after them.</summary>
    public static ReadOnlySequence<byte> OneByteWithEmpties(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var parts = new List<ReadOnlyMemory<byte>> { ReadOnlyMemory<byte>.Empty };
        for (int i = 0; i < data.Length; i++)
        {
            parts.Add(data.AsMemory(i, 1));
            parts.Add(ReadOnlyMemory<byte>.Empty);
        }

        return Create([.. parts]);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
