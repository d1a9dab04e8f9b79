using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HybridCore.Diagnostics.Logs;
using Xunit;

namespace HybridCore.Diagnostics.Tests.Logs;

/// <summary>
/// The reader finds a line's end and its values in one vectorised pass (<c>W3CLogReader.ScanLine</c>, 64, 32 or 16
/// bytes at a time); these tests hold it to the plain definition — the line ends at the first line feed, a carriage
/// return before it is not part of the line, values are separated by single spaces — whatever the line's length and
/// wherever the separators fall relative to the vector blocks.
/// </summary>
public sealed class W3CLineScanTests
{
    [Property(MaxTest = 500)]
    public Property ScanLine_AgreesWithASplitOfTheTextBeforeTheFirstLineFeed()
    {
        Gen<byte> bytes = Gen.Frequency(
            (8, Gen.Elements((byte)'a', (byte)'%', (byte)0xC3, (byte)'-')),
            (3, Gen.Constant((byte)' ')),
            (1, Gen.Elements((byte)'\n', (byte)'\r')));
        return Prop.ForAll(
            bytes.ArrayOf().ToArbitrary(),
            Gen.Choose(1, 20).ToArbitrary(),
            (text, limit) =>
            {
                int[] bounds = new int[(64 + 1) * 2];
                int nl = W3CLogReader.ScanLine(text, bounds, limit, out int columns);
                int expectedNl = Array.IndexOf(text, (byte)'\n');
                if (nl != expectedNl)
                {
                    return false.Label($"line feed at {nl}, expected {expectedNl}");
                }

                if (nl < 0)
                {
                    return (columns == 0).Label("no line: no values");
                }

                int end = nl > 0 && text[nl - 1] == (byte)'\r' ? nl - 1 : nl;
                List<(int Start, int End)> expected = Split(text.AsSpan(0, end));
                if (expected.Count > limit)
                {
                    return (columns == limit + 1).Label($"{expected.Count} values over a limit of {limit}: {columns}");
                }

                var actual = Enumerable.Range(0, columns).Select(c => (bounds[c * 2], bounds[(c * 2) + 1])).ToList();
                return actual.SequenceEqual(expected).Label($"values {string.Join(",", actual)} expected {string.Join(",", expected)}");
            });
    }

    [Fact]
    public void ScanLine_LineFeedAtEveryPositionOfALongLine_FoundWithTheSpacesBeforeIt()
    {
        // Every block boundary (16, 32, 64 bytes and beyond) with a space on each side of the line feed.
        for (int at = 0; at < 300; at++)
        {
            byte[] text = Enumerable.Repeat((byte)'x', 400).ToArray();
            for (int s = 3; s < at; s += 7)
            {
                text[s] = (byte)' ';
            }

            text[at] = (byte)'\n';
            if (at + 1 < text.Length)
            {
                text[at + 1] = (byte)' ';
            }

            int[] bounds = new int[(64 + 1) * 2];
            int nl = W3CLogReader.ScanLine(text, bounds, 64, out int columns);
            Assert.Equal(at, nl);
            List<(int Start, int End)> expected = Split(text.AsSpan(0, at));
            Assert.Equal(expected.Count, columns);
            Assert.Equal(expected[^1], (bounds[(columns - 1) * 2], bounds[((columns - 1) * 2) + 1]));
        }
    }

    private static List<(int Start, int End)> Split(ReadOnlySpan<byte> line)
    {
        var values = new List<(int, int)>();
        int start = 0;
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == (byte)' ')
            {
                values.Add((start, i));
                start = i + 1;
            }
        }

        values.Add((start, line.Length));
        return values;
    }
}
