using System.Text;
using HybridCore.ActiveSync;
using static HybridCore.Tests.ActiveSync.QueryTestHelpers;

namespace HybridCore.Tests.ActiveSync;

public class EasRequestLineBase64Tests
{
    private const string SpecExample = "jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l";

    // [MS-ASHTTP] 2.2.1.1.1.1: the spec's example, decoded field by field:
    // 8C | 00 | 09 04 | 0A "v140Device" | 00 | 0A "SmartPhone".
    [Fact]
    public void Parse_SpecExample_DecodesEachField()
    {
        Assert.Equal(
            Convert.FromHexString("8C0009040A76313430446576696365000A536D61727450686F6E65"),
            Convert.FromBase64String(SpecExample));

        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        EasRequestLine line = EasRequestLine.Parse(SpecExample, buffer);
        Assert.Equal(EasQueryForm.Base64, line.Form);
        Assert.Equal(EasProtocolVersion.V14_0, line.ProtocolVersion);   // 0x8C = 140
        Assert.Equal(EasCommand.Sync, line.Command);                     // command code 0
        Assert.Equal((ushort)0x0409, line.Locale);                      // en-US, little-endian
        Assert.True(line.DeviceId.SequenceEqual("v140Device"u8));       // length 0x0A
        Assert.False(line.IsBinaryDeviceId);
        Assert.Null(line.PolicyKey);                                    // policy key length 0
        Assert.True(line.DeviceType.SequenceEqual("SmartPhone"u8));     // length 0x0A
        Assert.False(line.HasUser);
        Assert.Equal(EasRequestOptions.None, line.Options);

        EasRequest r = line.ToRequest();
        Assert.Equal(new EasRequest
        {
            Command = EasCommand.Sync,
            DeviceId = "v140Device",
            DeviceType = "SmartPhone",
            ProtocolVersion = EasProtocolVersion.V14_0,
            Locale = 0x0409,
        }, r);
        Assert.Equal(SpecExample, EasRequestWriter.WriteBase64(r));
    }

    [Fact]
    public void Parse_SpecExampleFromUtf8WithQuestionMark_IsTheSame()
    {
        EasRequest a = Parse(SpecExample);
        EasRequest b = Parse("?" + SpecExample);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Parse_SameDeviceInBothForms_IsOneRequest()
    {
        EasRequest plain = Parse("Cmd=Sync&DeviceId=v140Device&DeviceType=SmartPhone", "14.0");
        EasRequest base64 = Parse(SpecExample);
        Assert.Equal(plain, base64 with { Locale = null });
    }

    [Fact]
    public void Parse_AllFieldsAndParameters_ReadsEach()
    {
        byte[] seq =
        [
            141, 3, 0x07, 0x04, 3, (byte)'d', (byte)'e', (byte)'v',
            4, 0x78, 0x56, 0x34, 0x12,
            4, (byte)'i', (byte)'P', (byte)'o', (byte)'d',
            1, 1, (byte)'5',
            3, 2, (byte)'7', (byte)'9',
            7, 1, 0x01,
            8, 6, (byte)'J', 0xC3, 0xB6, (byte)'r', (byte)'g', (byte)'!',
        ];
        EasRequest r = Parse(Base64(seq));
        Assert.Equal(EasProtocolVersion.V14_1, r.ProtocolVersion);
        Assert.Equal(EasCommand.SmartReply, r.Command);
        Assert.Equal((ushort)0x0407, r.Locale);
        Assert.Equal("dev", r.DeviceId);
        Assert.Equal(0x12345678u, r.PolicyKey);
        Assert.Equal("iPod", r.DeviceType);
        Assert.Equal("5", r.CollectionId);
        Assert.Equal("79", r.ItemId);
        Assert.Equal(EasRequestOptions.SaveInSent, r.Options);
        Assert.Equal("Jörg!", r.User);
    }

    // A device id sent as raw bytes (a GUID) reads as upper-case hex, the same text a plain-form
    // request from that device carries, so the device keeps one identity.
    [Fact]
    public void Parse_BinaryDeviceId_IsUpperCaseHexOfTheBytes()
    {
        byte[] guid = Convert.FromHexString("AC94832BCFD9DCD19D299AD36D2CA8C5");
        var seq = new List<byte> { 140, 0, 0x09, 0x04, 16 };
        seq.AddRange(guid);
        seq.AddRange([0, 3, (byte)'W', (byte)'P', (byte)'8']);

        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        EasRequestLine line = EasRequestLine.Parse(Base64([.. seq]), buffer);
        Assert.True(line.IsBinaryDeviceId);
        Assert.True(line.RawDeviceId.SequenceEqual(guid));
        Assert.Equal("AC94832BCFD9DCD19D299AD36D2CA8C5", Encoding.ASCII.GetString(line.DeviceId));

        EasRequest plain = Parse("Cmd=Sync&DeviceId=AC94832BCFD9DCD19D299AD36D2CA8C5&DeviceType=WP8", "14.0");
        Assert.Equal(plain.DeviceId, line.ToRequest().DeviceId);
    }

    // Real clients send '+' and '/' raw (a raw '+' is a digit, never a space), percent-encode them, and drop '='.
    [Fact]
    public void Parse_RawPlusSlashPercentEncodedAndUnpadded_AllDecodeTheSame()
    {
        string text = "";
        EasRequest? request = null;
        for (uint key = 0; key < 65_536 && !(text.Contains('+', StringComparison.Ordinal) && text.Contains('/', StringComparison.Ordinal) && text.EndsWith('=')); key++)
        {
            request = new EasRequest { Command = EasCommand.Ping, DeviceId = "abc", DeviceType = "iPhone1C2", ProtocolVersion = EasProtocolVersion.V14_1, Locale = 0x0409, PolicyKey = 0xFBFF0000 | key };
            text = EasRequestWriter.WriteBase64(request);
        }

        Assert.Contains('+', text);
        Assert.Contains('/', text);
        Assert.EndsWith("=", text, StringComparison.Ordinal);
        Assert.Equal(request, Parse(text));
        Assert.Equal(request, Parse(text.TrimEnd('=')));
        Assert.Equal(request, Parse(text.Replace("+", "%2B", StringComparison.Ordinal).Replace("/", "%2f", StringComparison.Ordinal).Replace("=", "%3D", StringComparison.Ordinal)));
    }

    [Fact]
    public void Parse_HeadersWithBase64Form_AreIgnored()
    {
        EasRequest r = Parse(SpecExample, "16.1", "99", "T");
        Assert.Equal(EasProtocolVersion.V14_0, r.ProtocolVersion);
        Assert.Null(r.PolicyKey);
        Assert.Equal(EasRequestOptions.None, r.Options);
    }

    public static TheoryData<byte[], EasRequestLineError> BadSequences => new()
    {
        { [], EasRequestLineError.Truncated },
        { [141], EasRequestLineError.Truncated },
        { [141, 0, 9], EasRequestLineError.Truncated },
        { [99, 0, 9, 4, 1, (byte)'a', 0, 1, (byte)'b'], EasRequestLineError.UnknownProtocolVersion },
        { [120, 0, 9, 4, 1, (byte)'a', 0, 1, (byte)'b'], EasRequestLineError.UnsupportedProtocolVersionForForm },
        { [25, 0, 9, 4, 1, (byte)'a', 0, 1, (byte)'b'], EasRequestLineError.UnsupportedProtocolVersionForForm },
        { [141, 200, 9, 4, 1, (byte)'a', 0, 1, (byte)'b'], EasRequestLineError.UnknownCommand },
        { [141, 0, 9, 4, 0, 0, 1, (byte)'b'], EasRequestLineError.DeviceIdMissing },
        { [141, 0, 9, 4, 200, (byte)'a', (byte)'b'], EasRequestLineError.LengthPastEnd },
        { [141, 0, 9, 4, 1, (byte)'a'], EasRequestLineError.Truncated },
        { [141, 0, 9, 4, 1, (byte)'a', 3, 1, 2, 3, 1, (byte)'b'], EasRequestLineError.InvalidPolicyKeyLength },
        { [141, 0, 9, 4, 1, (byte)'a', 4, 1, 2], EasRequestLineError.LengthPastEnd },
        { [141, 0, 9, 4, 1, (byte)'a', 0, 0], EasRequestLineError.DeviceTypeMissing },
        { [141, 0, 9, 4, 1, (byte)'a', 0, 2, (byte)'b', 0x20], EasRequestLineError.DeviceTypeInvalid },
        { Sequence(141, 0, "a", "b", 2, 1, (byte)'x'), EasRequestLineError.UnknownParameterTag },
        { Sequence(141, 0, "a", "b", 99, 0), EasRequestLineError.UnknownParameterTag },
        { Sequence(141, 0, "a", "b", 8, 1, (byte)'x', 8, 1, (byte)'y'), EasRequestLineError.DuplicateParameter },
        { Sequence(141, 0, "a", "b", 7, 2, 1, 1), EasRequestLineError.InvalidParameterValue },
        { Sequence(141, 0, "a", "b", 7, 0), EasRequestLineError.InvalidParameterValue },
        { Sequence(141, 0, "a", "b", 8), EasRequestLineError.Truncated },
        { Sequence(141, 0, "a", "b", 8, 5, (byte)'x'), EasRequestLineError.LengthPastEnd },
        { Sequence(141, 0, "a", "b", 8, 2, 0xC3, 0x28), EasRequestLineError.InvalidUtf8 },
        { Sequence(141, 0, "a", "b", 8, 2, (byte)'x', 0x0A), EasRequestLineError.InvalidCharacter },
        { Sequence(141, 0, "abcdefghijklmnopqrstuvwxyz0123456", "b"), EasRequestLineError.DeviceIdTooLong },
        { [141, 0, 9, 4, 17, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 0, 1, (byte)'b'], EasRequestLineError.DeviceIdTooLong },
    };

    [Theory]
    [MemberData(nameof(BadSequences))]
    public void TryParse_BadSequence_ReportsReason(byte[] sequence, EasRequestLineError reason)
    {
        string text = sequence.Length == 0 ? "====" : Base64(sequence);
        EasRequestLineFailure error = Error(text);
        Assert.Equal(reason, error.Reason);
        Assert.InRange(error.Offset, 0, text.Length);
        Assert.Equal(reason == EasRequestLineError.DeviceIdTooLong || reason == EasRequestLineError.DeviceIdMissing ? EasStatus.DeviceIdMissingOrInvalid
            : reason is EasRequestLineError.DeviceTypeMissing or EasRequestLineError.DeviceTypeInvalid ? EasStatus.DeviceTypeMissingOrInvalid
            : null, error.Status);
    }

    [Fact]
    public void TryParse_ErrorOffset_PointsAtTheDigitOfTheBadByte()
    {
        // Byte 1 (the command code) starts at bit 8, carried by digit 1.
        byte[] seq = [141, 200, 9, 4, 1, (byte)'a', 0, 1, (byte)'b'];
        Assert.Equal(1, Error(Base64(seq)).Offset);
        Assert.Equal(2, Error("?" + Base64(seq)).Offset);

        // Tag at byte 9 starts at bit 72 = digit 12.
        byte[] tagged = Sequence(141, 0, "a", "b", 2, 1, (byte)'x');
        Assert.Equal(9, Array.IndexOf(tagged, (byte)2, 8));
        Assert.Equal(12, Error(Base64(tagged)).Offset);
    }

    [Theory]
    [InlineData("jAAJ!AAA", EasRequestLineError.InvalidBase64, 4)]
    [InlineData("jAAJ AAA", EasRequestLineError.InvalidBase64, 4)]
    [InlineData("jA%3DAJBAp", EasRequestLineError.InvalidBase64, 5)]
    [InlineData("jAAJ%2", EasRequestLineError.InvalidPercentEncoding, 4)]
    [InlineData("jAAJ%ZZAA", EasRequestLineError.InvalidPercentEncoding, 4)]
    [InlineData("jAAJB", EasRequestLineError.Truncated, 5)]
    [InlineData("jAAJBAp2MTQwRGV2aWNl\u00e9", EasRequestLineError.InvalidBase64, 20)]
    public void TryParse_BadBase64Text_ReportsReasonAndOffset(string query, EasRequestLineError reason, int offset)
    {
        EasRequestLineFailure error = Error(query);
        Assert.Equal(reason, error.Reason);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void TryParse_SequenceLongerThanAnyValidOne_StopsWithValueTooLong()
    {
        string text = new('A', ((EasRequestLine.MaxSequenceBytes + 3) / 3 * 4) + 8);
        Assert.Equal(EasRequestLineError.ValueTooLong, Error(text).Reason);
    }

    [Fact]
    public void Parse_LongestValidSequence_FitsTheDocumentedBuffer()
    {
        string v = new('x', 255);
        var request = new EasRequest
        {
            Command = EasCommand.SmartForward,
            DeviceId = new string('D', 32),
            DeviceType = new string('T', 255),
            ProtocolVersion = EasProtocolVersion.V16_1,
            Locale = 1,
            PolicyKey = uint.MaxValue,
            User = v,
            AttachmentName = v,
            CollectionId = v,
            ItemId = v,
            LongId = v,
            Occurrence = v,
            Options = EasRequestOptions.SaveInSent,
        };
        Span<byte> seq = stackalloc byte[EasRequestLine.MaxSequenceBytes];
        Assert.True(EasRequestWriter.TryWriteBase64Sequence(request, seq, out int n));
        Assert.True(n <= EasRequestLine.MaxSequenceBytes);
        Assert.Equal(request, Parse(EasRequestWriter.WriteBase64(request)));
    }
}
