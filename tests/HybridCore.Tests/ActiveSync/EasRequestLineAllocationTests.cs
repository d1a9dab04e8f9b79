using HybridCore.ActiveSync;
using HybridCore.Tests.Infrastructure;

namespace HybridCore.Tests.ActiveSync;

[Collection(AllocationCollection.Name)]
public class EasRequestLineAllocationTests
{
    private const string Plain = "Cmd=Sync&User=user12%40contoso.com&DeviceId=RSUA4U03JH48LAS6T7BD2TENV0&DeviceType=iPad";
    private const string Base64 = "jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l";
    private static readonly byte[] PlainUtf8 = "Cmd=Sync&User=user12%40contoso.com&DeviceId=RSUA4U03JH48LAS6T7BD2TENV0&DeviceType=iPad"u8.ToArray();
    private static readonly byte[] Base64Utf8 = "jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l"u8.ToArray();

    // xunit assertions allocate (they build messages), so the measured lambdas only count failures,
    // and the count is asserted after the measurement.
    private int _failures;

    private void Check(bool condition) => _failures += condition ? 0 : 1;

    private void AssertNoAllocation(Action action)
    {
        Assert.Equal(0, Allocations.Measure(action));
        Assert.Equal(0, _failures);
    }

    [Fact]
    public void TryParse_PlainChars_AllocatesNothing() => AssertNoAllocation(() =>
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        Check(EasRequestLine.TryParse(Plain, new EasRequestHeaders("14.1", "123"), buffer, out EasRequestLine line, out _));
        Check(line.User.Length == 18 && line.PolicyKey == 123 && line.ProtocolVersion == EasProtocolVersion.V14_1);
    });

    [Fact]
    public void TryParse_PlainUtf8_AllocatesNothing() => AssertNoAllocation(() =>
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        Check(EasRequestLine.TryParse(PlainUtf8, EasRequestHeaders.FromUtf8("14.1"u8, "123"u8), buffer, out EasRequestLine line, out _));
        Check(line.Command == EasCommand.Sync && line.User.Length == 18);
    });

    [Fact]
    public void TryParse_Base64Chars_AllocatesNothing() => AssertNoAllocation(() =>
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        Check(EasRequestLine.TryParse(Base64, buffer, out EasRequestLine line, out _));
        Check(line.DeviceType.Length == 10 && line.Locale == 0x0409);
    });

    [Fact]
    public void TryParse_Base64Utf8_AllocatesNothing() => AssertNoAllocation(() =>
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        Check(EasRequestLine.TryParse(Base64Utf8, buffer, out EasRequestLine line, out _));
        Check(line.ProtocolVersion == EasProtocolVersion.V14_0);
    });

    [Fact]
    public void GetValueAndHas_AllocateNothing()
    {
        byte[] buffer = new byte[EasRequestLine.MaxDecodedBytes];
        AssertNoAllocation(() =>
        {
            EasRequestLine line = EasRequestLine.Parse(Plain, buffer);
            Check(line.Has(EasQueryParameter.DeviceType) && !line.Has(EasQueryParameter.CollectionId));
            Check(line.GetValue(EasQueryParameter.DeviceId).Length == 26 && line.GetValue(EasQueryParameter.ItemId).IsEmpty);
        });
    }

    [Fact]
    public void ProtocolVersionTryParse_CharsAndUtf8_AllocateNothing() => AssertNoAllocation(() =>
    {
        Check(EasProtocolVersion.TryParse("16.1".AsSpan(), out EasProtocolVersion v) && v == EasProtocolVersion.V16_1);
        Check(EasProtocolVersion.TryParse("2.5"u8, out v) && v == EasProtocolVersion.V2_5);
        Check(!EasProtocolVersion.TryParse("14.2"u8, out _));
    });

    [Fact]
    public void TryParse_BadQuery_AllocatesNothing() => AssertNoAllocation(() =>
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        Check(!EasRequestLine.TryParse("Cmd=Sync&DeviceId=a-b&DeviceType=x", buffer, out _, out EasRequestLineFailure error));
        Check(error.Reason == EasRequestLineError.DeviceIdInvalid && error.Status == EasStatus.DeviceIdMissingOrInvalid);
    });

    [Fact]
    public void TryWrite_BothForms_AllocateNothing()
    {
        var request = new EasRequest { Command = EasCommand.Sync, DeviceId = "abc", DeviceType = "iPad", User = "user12@contoso.com", ProtocolVersion = EasProtocolVersion.V14_1, Locale = 0x0409 };
        AssertNoAllocation(() =>
        {
            Span<char> chars = stackalloc char[EasRequestWriter.MaxPlainQueryLength];
            Check(EasRequestWriter.TryWritePlain(request, chars, out int n) && n == 63);
            Check(EasRequestWriter.TryWriteBase64(request, chars, out n) && n > 0);
        });
    }

    [Fact]
    public void TryGetUser_Basic_AllocatesNothing() => AssertNoAllocation(() =>
    {
        Span<byte> buffer = stackalloc byte[64];
        Check(EasBasicCredentials.TryGetUser("Basic Q09OVE9TT1x1c2VyMTI6cGFzcw==", buffer, out EasUserName user));
        Check(user.Format == EasUserNameFormat.DownLevel && user.Account.Length == 6);
    });
}
