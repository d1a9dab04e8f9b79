using HybridCore.Diagnostics.Readiness;

namespace HybridCore.Diagnostics.Tests.Readiness;

public class ExchangeBuildTests
{
    [Theory]
    [InlineData("15.0.1076.9", 15, 0, 1076, 9)]
    [InlineData("15.00.1076.009", 15, 0, 1076, 9)]
    [InlineData("Version 15.1 (Build 2507.6)", 15, 1, 2507, 6)]
    [InlineData("Version 14.3 (Build 123.4)", 14, 3, 123, 4)]
    [InlineData(" 8.3.83.6 ", 8, 3, 83, 6)]
    [InlineData("15.2.1748", 15, 2, 1748, 0)]
    public void TryParse_KnownForms(string text, int major, int minor, int build, int revision)
    {
        Assert.True(ExchangeBuild.TryParse(text, out ExchangeBuild b));
        Assert.Equal(new ExchangeBuild(major, minor, build, revision), b);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("15.0")]
    [InlineData("15.0.x.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("Version 15.1 Build 2507.6")]
    [InlineData("15.0.-1.2")]
    public void TryParse_Malformed_ReturnsFalse(string? text)
    {
        Assert.False(ExchangeBuild.TryParse(text, out _));
    }

    [Fact]
    public void Parse_Malformed_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => ExchangeBuild.Parse("nope"));
    }

    [Fact]
    public void Compare_OrdersByEachPart()
    {
        Assert.True(ExchangeBuild.Parse("15.0.1076.9") < ExchangeBuild.Parse("15.0.1076.10"));
        Assert.True(ExchangeBuild.Parse("14.3.235.1") < ExchangeBuild.Parse("15.0.516.32"));
        Assert.True(ExchangeBuild.Parse("15.1.225.42") > ExchangeBuild.Parse("15.0.1497.2"));
    }
}
