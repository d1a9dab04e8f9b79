using HybridCore.ActiveSync;
using static HybridCore.Tests.ActiveSync.QueryTestHelpers;

namespace HybridCore.Tests.ActiveSync;

// The exact offset of every byte-sequence error of the base64 form ([MS-ASHTTP] 2.2.1.1.1.1): the byte that is wrong
// (a version, command, length or tag byte; the first byte of a bad device id; where a missing byte should be),
// reported as the base64 digit that carries that byte's first bit (byte * 8 / 6), counted after a '?' and never
// pointing at padding (past the digits it is the query length). Both paths share the sequence walk, so these pin it
// independently of the differential tests.
public class EasRequestLineBase64OffsetTests
{
    private static readonly byte[] Fixed = [141, 0, 9, 4, 1, (byte)'a', 0, 1, (byte)'b']; // tags start at byte 9

    public static TheoryData<byte[], EasRequestLineError, int> Cases => new()
    {
        { [141], EasRequestLineError.Truncated, 1 },
        { [99, 0, 9, 4, 1, (byte)'a', 0, 1, (byte)'b'], EasRequestLineError.UnknownProtocolVersion, 0 },
        { [120, 0, 9, 4, 1, (byte)'a', 0, 1, (byte)'b'], EasRequestLineError.UnsupportedProtocolVersionForForm, 0 },
        { [141, 200, 9, 4, 1, (byte)'a', 0, 1, (byte)'b'], EasRequestLineError.UnknownCommand, 1 },
        { [141, 0, 9], EasRequestLineError.Truncated, 2 },
        { [141, 0, 9, 4], EasRequestLineError.Truncated, 4 },
        { [141, 0, 9, 4, 200, (byte)'a', (byte)'b'], EasRequestLineError.LengthPastEnd, 4 },
        { [141, 0, 9, 4, 0, 0, 1, (byte)'b'], EasRequestLineError.DeviceIdMissing, 5 },
        { Sequence(141, 0, "abcdefghijklmnopqrstuvwxyz0123456", "b"), EasRequestLineError.DeviceIdTooLong, 5 },
        { [141, 0, 9, 4, 17, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 0, 1, (byte)'b'], EasRequestLineError.DeviceIdTooLong, 5 },
        { [141, 0, 9, 4, 1, (byte)'a'], EasRequestLineError.Truncated, 6 },
        { [141, 0, 9, 4, 1, (byte)'a', 3, 1, 2, 3, 1, (byte)'b'], EasRequestLineError.InvalidPolicyKeyLength, 6 },
        { [141, 0, 9, 4, 1, (byte)'a', 4, 1, 2], EasRequestLineError.LengthPastEnd, 6 },
        { [141, 0, 9, 4, 1, (byte)'a', 0], EasRequestLineError.Truncated, 7 },
        { [141, 0, 9, 4, 1, (byte)'a', 4, 1, 2, 3, 4], EasRequestLineError.Truncated, 11 },
        { [141, 0, 9, 4, 1, (byte)'a', 0, 5, (byte)'b'], EasRequestLineError.LengthPastEnd, 7 },
        { [141, 0, 9, 4, 1, (byte)'a', 0, 0], EasRequestLineError.DeviceTypeMissing, 7 },
        { [141, 0, 9, 4, 1, (byte)'a', 0, 2, (byte)'b', 0x20], EasRequestLineError.DeviceTypeInvalid, 7 },
        { [.. Fixed, 8], EasRequestLineError.Truncated, 10 },
        { [.. Fixed, 8, 5, (byte)'x'], EasRequestLineError.LengthPastEnd, 10 },
        { [.. Fixed, 2, 1, (byte)'x'], EasRequestLineError.UnknownParameterTag, 9 },
        { [.. Fixed, 8, 1, (byte)'x', 3, 0, 8, 1, (byte)'y'], EasRequestLineError.DuplicateParameter, 14 },
        { [.. Fixed, 7, 2, 1, 1], EasRequestLineError.InvalidParameterValue, 9 },
        { [.. Fixed, 3, 1, (byte)'1', 8, 2, 0xC3, 0x28], EasRequestLineError.InvalidUtf8, 12 },
        { [.. Fixed, 8, 2, (byte)'x', 0x0A], EasRequestLineError.InvalidCharacter, 9 },
        { [.. Fixed, 8, 1, (byte)'x', 1], EasRequestLineError.Truncated, 13 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TryParse_BadSequence_ReportsTheDigitOfTheOffendingByte(byte[] sequence, EasRequestLineError reason, int byteOffset)
    {
        string padded = Base64(sequence);
        string unpadded = padded.TrimEnd('=');
        foreach (string query in new[] { padded, unpadded, "?" + padded, "?" + unpadded })
        {
            int start = query.StartsWith('?') ? 1 : 0;
            int digit = byteOffset * 8 / 6;
            int expected = digit < unpadded.Length ? start + digit : query.Length;

            EasRequestLineFailure error = Error(query);
            Assert.Equal(reason, error.Reason);
            Assert.Equal(expected, error.Offset);
            EasRequestLineFailure utf8 = Utf8Error(System.Text.Encoding.ASCII.GetBytes(query));
            Assert.Equal(error, utf8);

            // The same error with the digits percent-encoded where they can be: the offset counts an escape as one digit.
            string escaped = query.Replace("+", "%2B", StringComparison.Ordinal).Replace("/", "%2F", StringComparison.Ordinal);
            if (escaped != query)
            {
                Assert.Equal(reason, Error(escaped).Reason);
            }
        }
    }
}
