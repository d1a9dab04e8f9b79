using System.Text;
using HybridCore.ActiveSync;
using static HybridCore.Tests.ActiveSync.QueryTestHelpers;

namespace HybridCore.Tests.ActiveSync;

public class EasRequestLinePlainTests
{
    // IIS log line from "Exchange ActiveSync on-boarding to Office 365": a Windows Phone 8 device that sends no User=.
    [Fact]
    public void Parse_SeedWp8LineWithoutUser_ReadsCommandDeviceAndType()
    {
        EasRequest r = Parse("Cmd=Sync&DeviceId=AC94832BCFD9DCD19D299AD36D2CA8C5&DeviceType=WP8", "14.1");
        Assert.Equal(EasCommand.Sync, r.Command);
        Assert.Equal("AC94832BCFD9DCD19D299AD36D2CA8C5", r.DeviceId);
        Assert.Equal("WP8", r.DeviceType);
        Assert.Null(r.User);
        Assert.Equal(EasProtocolVersion.V14_1, r.ProtocolVersion);
        Assert.Null(r.Locale);
        Assert.Null(r.PolicyKey);
    }

    // IIS log line from "Exchange ActiveSync on-boarding to Office 365": parameters in another order than the ABNF's, '@' not escaped.
    [Fact]
    public void Parse_SeedIPadLineInAnyOrder_ReadsEveryField()
    {
        EasRequest r = Parse("User=user12@batre.msftonlinerepro.com&DeviceId=RSUA4U03JH48LAS6T7BD2TENV0&DeviceType=iPad&Cmd=Ping");
        Assert.Equal(EasCommand.Ping, r.Command);
        Assert.Equal("user12@batre.msftonlinerepro.com", r.User);
        Assert.Equal("RSUA4U03JH48LAS6T7BD2TENV0", r.DeviceId);
        Assert.Equal("iPad", r.DeviceType);
        Assert.Equal(EasProtocolVersion.Unknown, r.ProtocolVersion);
    }

    [Fact]
    public void Parse_PathQueryWithQuestionMarkAndEscapedAt_DecodesUser()
    {
        EasRequest r = Parse("?Cmd=Sync&User=user12%40contoso.com&DeviceId=RSUA4U03JH48LAS6T7BD2TENV0&DeviceType=iPad");
        Assert.Equal("user12@contoso.com", r.User);
    }

    // [MS-ASHTTP] 4.1: the FolderSync example request.
    [Fact]
    public void Parse_SpecFolderSyncExample_MatchesHeaders()
    {
        EasRequest r = Parse("Cmd=FolderSync&User=fakename&DeviceId=v140Device&DeviceType=SmartPhone", "14.0");
        Assert.Equal(EasCommand.FolderSync, r.Command);
        Assert.Equal("fakename", r.User);
        Assert.Equal(EasProtocolVersion.V14_0, r.ProtocolVersion);
    }

    [Theory]
    [InlineData("J%C3%B6rg%40m%C3%BCller.de", "Jörg@müller.de")]
    [InlineData("J%c3%b6rg", "Jörg")]
    [InlineData("Jörg", "Jörg")]
    [InlineData("%E5%BC%A0%E4%BC%9F", "张伟")]
    [InlineData("%F0%9F%98%80x", "😀x")]
    [InlineData("😀x", "😀x")]
    [InlineData("first+last", "first last")]
    [InlineData("a%2Bb", "a+b")]
    [InlineData("CONTOSO%5Cuser12", "CONTOSO\\user12")]
    public void Parse_EncodedUser_DecodesUtf8(string raw, string expected)
    {
        EasRequest r = Parse("Cmd=Sync&User=" + raw + "&DeviceId=abc&DeviceType=iPhone");
        Assert.Equal(expected, r.User);
    }

    [Fact]
    public void Parse_CommandParameters_ReadsEach()
    {
        EasRequest r = Parse("Cmd=SmartReply&User=u&DeviceId=d1&DeviceType=t&CollectionId=5&ItemId=5%3A12&LongId=RgAAAA&Occurrence=2026-11-21T08%3A00%3A00.000Z&SaveInSent=T&AttachmentName=a%2Fb.txt");
        Assert.Equal(EasCommand.SmartReply, r.Command);
        Assert.Equal("5", r.CollectionId);
        Assert.Equal("5:12", r.ItemId);
        Assert.Equal("RgAAAA", r.LongId);
        Assert.Equal("2026-11-21T08:00:00.000Z", r.Occurrence);
        Assert.Equal("a/b.txt", r.AttachmentName);
        Assert.Equal(EasRequestOptions.SaveInSent, r.Options);
    }

    [Fact]
    public void Parse_NamesAndCommandInOtherCase_AreAccepted()
    {
        EasRequest r = Parse("cmd=sync&user=u&deviceid=abc&DEVICETYPE=x&saveinsent=f");
        Assert.Equal(EasCommand.Sync, r.Command);
        Assert.Equal(EasRequestOptions.None, r.Options);
    }

    [Fact]
    public void Parse_UnknownParametersAndEmptySegments_AreSkipped()
    {
        EasRequest r = Parse("&Cmd=Sync&&Log=V141_Error:UserHasNoMailbox&DeviceId=abc&DeviceType=x&foo&");
        Assert.Equal(EasCommand.Sync, r.Command);
        Assert.Equal("abc", r.DeviceId);
    }

    [Fact]
    public void Parse_Headers_GiveVersionPolicyKeyAndMultiPart()
    {
        EasRequest r = Parse("Cmd=ItemOperations&DeviceId=abc&DeviceType=x", "16.1", "3942919513", "T");
        Assert.Equal(EasProtocolVersion.V16_1, r.ProtocolVersion);
        Assert.Equal(3942919513u, r.PolicyKey);
        Assert.Equal(EasRequestOptions.AcceptMultiPart, r.Options);
    }

    [Fact]
    public void Parse_View_ExposesUtf8SpansAndPresence()
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        EasRequestLine line = EasRequestLine.Parse("Cmd=Sync&User=a%40b&DeviceId=abc&DeviceType=iPad&ItemId=", buffer);
        Assert.Equal(EasQueryForm.Plain, line.Form);
        Assert.True(line.HasUser);
        Assert.True(line.User.SequenceEqual("a@b"u8));
        Assert.True(line.DeviceType.SequenceEqual("iPad"u8));
        Assert.True(line.GetValue(EasQueryParameter.DeviceId).SequenceEqual("abc"u8));
        Assert.True(line.Has(EasQueryParameter.ItemId));
        Assert.True(line.ItemId.IsEmpty);
        Assert.False(line.Has(EasQueryParameter.LongId));
        Assert.False(line.IsBinaryDeviceId);
        Assert.Equal(string.Empty, line.ToRequest().ItemId);
        Assert.Null(line.ToRequest().LongId);
    }

    [Fact]
    public void Parse_Utf8InputNeedingNoDecoding_PointsIntoTheQuery()
    {
        byte[] query = "Cmd=Sync&User=someone&DeviceId=abc&DeviceType=iPad"u8.ToArray();
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        buffer.Clear();
        EasRequestLine line = EasRequestLine.Parse(query, buffer);
        Assert.True(line.User.SequenceEqual("someone"u8));
        Assert.True(buffer.IndexOfAnyExcept((byte)0) < 0, "nothing was copied to the scratch buffer");
    }

    [Theory]
    [InlineData("", EasRequestLineError.Empty, 0)]
    [InlineData("?", EasRequestLineError.Empty, 1)]
    [InlineData("DeviceId=abc&DeviceType=x", EasRequestLineError.MissingCommand, 25)]
    [InlineData("Cmd=&DeviceId=abc&DeviceType=x", EasRequestLineError.MissingCommand, 4)]
    [InlineData("Cmd=Foo&DeviceId=abc&DeviceType=x", EasRequestLineError.UnknownCommand, 4)]
    [InlineData("Cmd=Sync&DeviceType=x", EasRequestLineError.DeviceIdMissing, 21)]
    [InlineData("Cmd=Sync&DeviceId=&DeviceType=x", EasRequestLineError.DeviceIdMissing, 18)]
    [InlineData("Cmd=Sync&DeviceId=123456789012345678901234567890123&DeviceType=x", EasRequestLineError.DeviceIdTooLong, 18)]
    [InlineData("Cmd=Sync&DeviceId=ab-c&DeviceType=x", EasRequestLineError.DeviceIdInvalid, 18)]
    [InlineData("Cmd=Sync&DeviceId=ab%2Cc&DeviceType=x", EasRequestLineError.DeviceIdInvalid, 18)]
    [InlineData("Cmd=Sync&DeviceId=abc", EasRequestLineError.DeviceTypeMissing, 21)]
    [InlineData("Cmd=Sync&DeviceId=abc&DeviceType=", EasRequestLineError.DeviceTypeMissing, 33)]
    [InlineData("Cmd=Sync&DeviceId=abc&DeviceType=a%20b", EasRequestLineError.DeviceTypeInvalid, 33)]
    [InlineData("Cmd=Sync&Cmd=Ping&DeviceId=abc&DeviceType=x", EasRequestLineError.DuplicateParameter, 9)]
    [InlineData("Cmd=Sync&DeviceId=abc&DeviceType=x&deviceid=abc", EasRequestLineError.DuplicateParameter, 35)]
    [InlineData("Cmd=Sync&DeviceId=abc&DeviceType=x&User=a%G1", EasRequestLineError.InvalidPercentEncoding, 41)]
    [InlineData("Cmd=Sync&DeviceId=abc&DeviceType=x&User=a%4", EasRequestLineError.InvalidPercentEncoding, 41)]
    [InlineData("Cmd=Sync&DeviceId=abc&DeviceType=x&User=%FF", EasRequestLineError.InvalidUtf8, 40)]
    [InlineData("Cmd=Sync&DeviceId=abc&DeviceType=x&User=%C3", EasRequestLineError.InvalidUtf8, 40)]
    [InlineData("Cmd=Sync&DeviceId=abc&DeviceType=x&User=a%0Ab", EasRequestLineError.InvalidCharacter, 40)]
    [InlineData("Cmd=SendMail&DeviceId=abc&DeviceType=x&SaveInSent=Q", EasRequestLineError.InvalidParameterValue, 50)]
    public void TryParse_BadPlainQuery_ReportsReasonAndOffset(string query, EasRequestLineError reason, int offset)
    {
        EasRequestLineFailure error = Error(query);
        Assert.Equal(reason, error.Reason);
        Assert.Equal(offset, error.Offset);
        Assert.Equal(EasHttpStatusCodes.BadRequest, error.HttpStatusCode);
    }

    // Long values go through the vectorised checks (8/16 at a time); the bad character sits past the first block.
    [Theory]
    [InlineData("Cmd=Sync&DeviceId=ABCDEFGHIJKLMNOPQ-STU&DeviceType=x", EasRequestLineError.DeviceIdInvalid)]
    [InlineData("Cmd=Sync&DeviceId=ABCDEFGHIJKLMNOPQRSTUVWXYZ01234_&DeviceType=x", EasRequestLineError.DeviceIdInvalid)]
    [InlineData("Cmd=Sync&DeviceId=abc&DeviceType=0123456789abcdefghi\u007Fj", EasRequestLineError.DeviceTypeInvalid)]
    [InlineData("Cmd=Sync&DeviceId=abc&DeviceType=x&User=0123456789abcdefghijklmn\u0001o", EasRequestLineError.InvalidCharacter)]
    public void TryParse_BadCharacterPastTheFirstVectorBlock_IsFound(string query, EasRequestLineError reason)
        => Assert.Equal(reason, Error(System.Text.RegularExpressions.Regex.Unescape(query)).Reason);

    [Fact]
    public void Parse_LongValuesWithEscapesPastTheFirstVectorBlock_Decode()
    {
        EasRequest r = Parse("Cmd=Sync&DeviceId=ABCDEFGHIJKLMNOPQRSTUVWXYZ012345&DeviceType=0123456789abcdefghij&User=0123456789abcdefghij%40contoso+com");
        Assert.Equal("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", r.DeviceId);
        Assert.Equal("0123456789abcdefghij@contoso com", r.User);
    }

    [Fact]
    public void TryParse_LoneSurrogateInCharQuery_IsInvalidUtf8()
        => Assert.Equal(EasRequestLineError.InvalidUtf8, Error("Cmd=Sync&DeviceId=abc&DeviceType=x&User=a\uD800b").Reason);

    [Fact]
    public void TryParse_InvalidUtf8Bytes_IsInvalidUtf8()
    {
        byte[] query = [.. "Cmd=Sync&DeviceId=abc&DeviceType=x&User=a"u8, 0xC3, 0x28];
        Assert.Equal(EasRequestLineError.InvalidUtf8, Utf8Error(query).Reason);
    }

    [Fact]
    public void TryParse_ValueOver255Bytes_IsValueTooLong()
    {
        Assert.Equal(EasRequestLineError.ValueTooLong, Error("Cmd=Sync&DeviceId=abc&DeviceType=x&User=" + new string('u', 256)).Reason);
        Assert.Equal(EasRequestLineError.ValueTooLong, Error("Cmd=Sync&DeviceId=abc&DeviceType=x&User=" + string.Concat(Enumerable.Repeat("%C3%A9", 128))).Reason);
        Assert.Equal(new string('u', 255), Parse("Cmd=Sync&DeviceId=abc&DeviceType=x&User=" + new string('u', 255)).User);
    }

    [Theory]
    [InlineData("14.5", "", "", EasRequestLineError.InvalidProtocolVersionHeader)]
    [InlineData("14.1", "-1", "", EasRequestLineError.InvalidPolicyKeyHeader)]
    [InlineData("14.1", "4294967296", "", EasRequestLineError.InvalidPolicyKeyHeader)]
    [InlineData("14.1", "12a", "", EasRequestLineError.InvalidPolicyKeyHeader)]
    [InlineData("14.1", "", "yes", EasRequestLineError.InvalidAcceptMultiPartHeader)]
    public void TryParse_BadHeader_ReportsHeaderReason(string version, string policyKey, string multiPart, EasRequestLineError reason)
    {
        Assert.Equal(reason, Error("Cmd=Sync&DeviceId=abc&DeviceType=x", version, policyKey, multiPart).Reason);
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        var utf8 = EasRequestHeaders.FromUtf8(Encoding.ASCII.GetBytes(version), Encoding.ASCII.GetBytes(policyKey), Encoding.ASCII.GetBytes(multiPart));
        Assert.False(EasRequestLine.TryParse("Cmd=Sync&DeviceId=abc&DeviceType=x"u8, utf8, buffer, out _, out EasRequestLineFailure e));
        Assert.Equal(reason, e.Reason);
    }

    [Fact]
    public void Errors_DeviceProblems_MapToEasCommonStatus()
    {
        Assert.Equal(EasStatus.DeviceIdMissingOrInvalid, Error("Cmd=Sync&DeviceType=x").Status);
        Assert.Equal(EasStatus.DeviceIdMissingOrInvalid, Error("Cmd=Sync&DeviceId=a_b&DeviceType=x").Status);
        Assert.Equal(EasStatus.DeviceTypeMissingOrInvalid, Error("Cmd=Sync&DeviceId=ab").Status);
        Assert.Null(Error("Cmd=Foo&DeviceId=ab&DeviceType=x").Status);
    }

    [Fact]
    public void TryParse_ShortBuffer_IsBufferTooSmallAndServerError()
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes - 1];
        Assert.False(EasRequestLine.TryParse("Cmd=Sync&DeviceId=abc&DeviceType=x", buffer, out _, out EasRequestLineFailure error));
        Assert.Equal(EasRequestLineError.BufferTooSmall, error.Reason);
        Assert.Equal(EasHttpStatusCodes.InternalServerError, error.HttpStatusCode);
    }

    [Fact]
    public void EveryError_HasDescriptionAndStatus()
    {
        foreach (EasRequestLineError e in Enum.GetValues<EasRequestLineError>())
        {
            Assert.NotEqual("Unknown error.", EasRequestLineErrors.GetDescription(e));
            Assert.True(EasHttpStatusCodes.IsDefined(EasRequestLineErrors.GetHttpStatusCode(e)));
            var ex = new EasRequestLineException(e, 7);
            Assert.Contains(e.ToString(), ex.Message, StringComparison.Ordinal);
        }
    }
}
