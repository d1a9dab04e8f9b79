using HybridCore.AspNetCore;
using HybridCore.Cli.Authentication;

namespace HybridCore.Cli.Tests.Authentication;

public sealed class PasswordHashTests
{
    [Fact]
    public void Create_ThenVerify_AcceptsOnlyTheSamePassword()
    {
        string hash = PasswordHash.Create("P@ssw0rd-demo", PasswordHash.MinIterations);

        Assert.StartsWith("PBKDF2-SHA256$1000$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHash.Verify("P@ssw0rd-demo", hash));
        Assert.False(PasswordHash.Verify("P@ssw0rd-demO", hash));
        Assert.False(PasswordHash.Verify(string.Empty, hash));
    }

    [Fact]
    public void Create_TwiceWithTheSamePassword_UsesDifferentSalts()
    {
        Assert.NotEqual(PasswordHash.Create("x", PasswordHash.MinIterations), PasswordHash.Create("x", PasswordHash.MinIterations));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("PBKDF2-SHA256$1000$c2FsdHNhbHQ=")]                                                // missing hash
    [InlineData("PBKDF2-SHA256$10$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]     // too few iterations
    [InlineData("PBKDF2-SHA256$999999999$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // too many: a hostile file cannot stall log-ons
    [InlineData("PBKDF2-SHA256$1000$not base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("MD5$1000$c2FsdHNhbHQ=$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Verify_MalformedHash_IsFalseAndInvalid(string? encoded)
    {
        Assert.False(PasswordHash.IsValid(encoded));
        Assert.False(PasswordHash.Verify("anything", encoded));
    }

    [Fact]
    public void Create_IterationsOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordHash.Create("x", PasswordHash.MinIterations - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordHash.Create("x", PasswordHash.MaxIterations + 1));
    }
}
