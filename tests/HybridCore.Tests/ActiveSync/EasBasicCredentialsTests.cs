using System.Text;
using HybridCore.ActiveSync;

namespace HybridCore.Tests.ActiveSync;

public class EasBasicCredentialsTests
{
    private static string Header(string userAndPassword) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword));

    [Theory]
    [InlineData("CONTOSO\\user12:P@ss:word", "CONTOSO\\user12", "user12", "CONTOSO", EasUserNameFormat.DownLevel)]
    [InlineData("user12@contoso.com:secret", "user12@contoso.com", "user12", "contoso.com", EasUserNameFormat.UserPrincipalName)]
    [InlineData("user12:secret", "user12", "user12", "", EasUserNameFormat.Plain)]
    [InlineData("jörg@müller.de:", "jörg@müller.de", "jörg", "müller.de", EasUserNameFormat.UserPrincipalName)]
    public void TryGetUser_BasicHeader_SplitsTheUser(string credentials, string name, string account, string domain, EasUserNameFormat format)
    {
        Span<byte> buffer = stackalloc byte[EasBasicCredentials.MaxDecodedBytes];
        Assert.True(EasBasicCredentials.TryGetUser(Header(credentials), buffer, out EasUserName user));
        Assert.Equal(name, user.ToString());
        Assert.Equal(account, Encoding.UTF8.GetString(user.Account));
        Assert.Equal(domain, Encoding.UTF8.GetString(user.Domain));
        Assert.Equal(format, user.Format);

        Span<byte> buffer2 = stackalloc byte[EasBasicCredentials.MaxDecodedBytes];
        Assert.True(EasBasicCredentials.TryGetUser(Encoding.ASCII.GetBytes("basic   " + Header(credentials)[6..]), buffer2, out EasUserName fromUtf8));
        Assert.Equal(name, fromUtf8.ToString());
    }

    [Fact]
    public void TryGetUser_Password_IsZeroedInTheBuffer()
    {
        Span<byte> buffer = stackalloc byte[EasBasicCredentials.MaxDecodedBytes];
        Assert.True(EasBasicCredentials.TryGetUser(Header("u:TopSecret"), buffer, out EasUserName user));
        Assert.Equal("u", user.ToString());
        Assert.True(buffer[1..64].IndexOfAnyExcept((byte)0) < 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Basic")]
    [InlineData("Basic ")]
    [InlineData("Bearer dXNlcjpwYXNz")]
    [InlineData("Basic !!!!")]
    [InlineData("Basic dXNlcg==")]          // "user" without ':'
    [InlineData("Basic OnBhc3M=")]          // ":pass", empty user
    [InlineData("BasicdXNlcjpwYXNz")]
    public void TryGetUser_NotUsableBasic_ReturnsFalse(string header)
    {
        Span<byte> buffer = stackalloc byte[EasBasicCredentials.MaxDecodedBytes];
        Assert.False(EasBasicCredentials.TryGetUser(header, buffer, out EasUserName user));
        Assert.True(user.Name.IsEmpty);
        Assert.False(EasBasicCredentials.TryGetUser(Encoding.UTF8.GetBytes(header), buffer, out _));
    }

    [Fact]
    public void TryGetUser_ShortBuffer_ReturnsFalse()
    {
        Span<byte> buffer = stackalloc byte[4];
        Assert.False(EasBasicCredentials.TryGetUser(Header("user12@contoso.com:secret"), buffer, out _));
    }

    [Fact]
    public void Split_QueryUser_WorksOnTheView()
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        EasRequestLine line = EasRequestLine.Parse("Cmd=Sync&User=CONTOSO%5Cuser12&DeviceId=a&DeviceType=b", buffer);
        EasUserName user = EasUserName.Split(line.User);
        Assert.Equal(EasUserNameFormat.DownLevel, user.Format);
        Assert.True(user.Account.SequenceEqual("user12"u8));
    }
}
