using HybridCore.ActiveSync;

namespace HybridCore.Tests.ActiveSync;

public class EasRequestWriterTests
{
    private static EasRequest Sample => new()
    {
        Command = EasCommand.Sync,
        DeviceId = "RSUA4U03JH48LAS6T7BD2TENV0",
        DeviceType = "iPad",
        User = "user12@contoso.com",
        ProtocolVersion = EasProtocolVersion.V14_1,
    };

    [Fact]
    public void WritePlain_IssueExample_MatchesTheSpecOrderAndEscaping()
        => Assert.Equal("Cmd=Sync&User=user12%40contoso.com&DeviceId=RSUA4U03JH48LAS6T7BD2TENV0&DeviceType=iPad", EasRequestWriter.WritePlain(Sample));

    [Fact]
    public void WritePlain_ParametersAndSaveInSent_AreAppended()
    {
        EasRequest r = Sample with { Command = EasCommand.SmartForward, CollectionId = "5", ItemId = "5:1", Options = EasRequestOptions.SaveInSent | EasRequestOptions.AcceptMultiPart, User = "Jörg Müller" };
        Assert.Equal("Cmd=SmartForward&User=J%C3%B6rg%20M%C3%BCller&DeviceId=RSUA4U03JH48LAS6T7BD2TENV0&DeviceType=iPad&CollectionId=5&ItemId=5%3A1&SaveInSent=T", EasRequestWriter.WritePlain(r));
    }

    [Fact]
    public void WriteBase64_SequenceLayout_FollowsTheSpec()
    {
        EasRequest r = Sample with { Locale = 0x0409, PolicyKey = 0x01020304, Options = EasRequestOptions.AcceptMultiPart, Command = EasCommand.ItemOperations };
        Span<byte> seq = stackalloc byte[EasRequestLine.MaxSequenceBytes];
        Assert.True(EasRequestWriter.TryWriteBase64Sequence(r, seq, out int n));
        byte[] expected =
        [
            141, 19, 0x09, 0x04, 26, .. "RSUA4U03JH48LAS6T7BD2TENV0"u8, 4, 0x04, 0x03, 0x02, 0x01, 4, .. "iPad"u8,
            7, 1, 0x02, 8, 18, .. "user12@contoso.com"u8,
        ];
        Assert.Equal(expected, seq[..n].ToArray());
        Assert.Equal(Convert.ToBase64String(expected), EasRequestWriter.WriteBase64(r));
    }

    [Fact]
    public void TryWrite_ShortDestination_ReturnsFalse()
    {
        Span<char> small = stackalloc char[10];
        Assert.False(EasRequestWriter.TryWritePlain(Sample, small, out int n));
        Assert.Equal(0, n);
        Assert.False(EasRequestWriter.TryWriteBase64(Sample, small, out n));
        Span<byte> smallBytes = stackalloc byte[10];
        Assert.False(EasRequestWriter.TryWriteBase64Sequence(Sample, smallBytes, out n));
        Assert.Equal(0, n);
    }

    [Fact]
    public void Write_RequestTheFormCannotCarry_ThrowsEasRequestLineException()
    {
        Assert.Equal(EasRequestLineError.UnsupportedProtocolVersionForForm, Assert.Throws<EasRequestLineException>(() => EasRequestWriter.WriteBase64(Sample with { ProtocolVersion = EasProtocolVersion.V12_0 })).Reason);
        Assert.Equal(EasRequestLineError.NotRepresentable, Assert.Throws<EasRequestLineException>(() => EasRequestWriter.WriteBase64(Sample with { Command = EasCommand.Autodiscover })).Reason);
        Assert.Equal(EasRequestLineError.UnknownCommand, Assert.Throws<EasRequestLineException>(() => EasRequestWriter.WritePlain(Sample with { Command = (EasCommand)999 })).Reason);
        Assert.Equal(EasRequestLineError.DeviceIdInvalid, Assert.Throws<EasRequestLineException>(() => EasRequestWriter.WritePlain(Sample with { DeviceId = "a-b" })).Reason);
        Assert.Equal(EasRequestLineError.DeviceIdTooLong, Assert.Throws<EasRequestLineException>(() => EasRequestWriter.WritePlain(Sample with { DeviceId = new string('a', 33) })).Reason);
        Assert.Equal(EasRequestLineError.DeviceTypeMissing, Assert.Throws<EasRequestLineException>(() => EasRequestWriter.WritePlain(Sample with { DeviceType = "" })).Reason);
        Assert.Equal(EasRequestLineError.ValueTooLong, Assert.Throws<EasRequestLineException>(() => EasRequestWriter.WritePlain(Sample with { User = new string('é', 128) })).Reason);
        Assert.Equal(EasRequestLineError.InvalidUtf8, Assert.Throws<EasRequestLineException>(() => EasRequestWriter.WritePlain(Sample with { User = "a\uD800" })).Reason);
        Assert.Equal(EasRequestLineError.InvalidCharacter, Assert.Throws<EasRequestLineException>(() => EasRequestWriter.WriteBase64(Sample with { ItemId = "a\nb" })).Reason);
    }

    [Fact]
    public void EasRequest_Equality_IsByValue()
    {
        EasRequest a = Sample with { ItemId = new string('x', 3) };
        EasRequest b = Sample with { ItemId = "xxx" };
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Locale = 1 });
    }
}
