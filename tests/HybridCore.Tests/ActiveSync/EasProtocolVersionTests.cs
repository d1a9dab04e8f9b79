using System.Text;
using HybridCore.ActiveSync;

namespace HybridCore.Tests.ActiveSync;

public class EasProtocolVersionTests
{
    // [MS-ASHTTP] 2.2.1.1.2.6: "16.1", "16.0", "14.1", "14.0", "12.1", "12.0", "2.5".
    // [MS-ASHTTP] 2.2.1.1.1.1: the base64 form's byte is major x 10 + minor (141 = 14.1).
    [Theory]
    [InlineData("2.5", 2, 5, 25, EasProtocolVersionSet.V2_5)]
    [InlineData("12.0", 12, 0, 120, EasProtocolVersionSet.V12_0)]
    [InlineData("12.1", 12, 1, 121, EasProtocolVersionSet.V12_1)]
    [InlineData("14.0", 14, 0, 140, EasProtocolVersionSet.V14_0)]
    [InlineData("14.1", 14, 1, 141, EasProtocolVersionSet.V14_1)]
    [InlineData("16.0", 16, 0, 160, EasProtocolVersionSet.V16_0)]
    [InlineData("16.1", 16, 1, 161, EasProtocolVersionSet.V16_1)]
    public void TryParse_KnownVersion_RoundTripsEveryRepresentation(string text, int major, int minor, int encoded, EasProtocolVersionSet flag)
    {
        Assert.True(EasProtocolVersion.TryParse(text, out EasProtocolVersion v));
        Assert.True(EasProtocolVersion.TryParse(Encoding.ASCII.GetBytes(text), out EasProtocolVersion fromUtf8));
        Assert.True(EasProtocolVersion.TryFromEncodedValue(encoded, out EasProtocolVersion fromByte));
        Assert.True(EasProtocolVersion.TryFromFlag(flag, out EasProtocolVersion fromFlag));
        Assert.Equal(v, fromUtf8);
        Assert.Equal(v, fromByte);
        Assert.Equal(v, fromFlag);
        Assert.Equal(major, v.Major);
        Assert.Equal(minor, v.Minor);
        Assert.Equal(encoded, v.EncodedValue);
        Assert.Equal(flag, v.ToFlag());
        Assert.True(v.IsIn(flag | EasProtocolVersionSet.V2_5));
        Assert.Equal(text, v.ToString());
        Assert.Equal(text, $"{v}");
        Assert.True(v.IsKnown);
        Assert.Equal(encoded >= 121, v.SupportsBase64Query);
    }

    [Theory]
    [InlineData("")]
    [InlineData("14")]
    [InlineData("14.2")]
    [InlineData("14.10")]
    [InlineData(" 14.1")]
    [InlineData("2.50")]
    [InlineData("1.0")]
    [InlineData("10.0")]
    [InlineData("3.5")]
    [InlineData("14,1")]
    public void TryParse_NotAVersion_ReturnsFalse(string text)
    {
        Assert.False(EasProtocolVersion.TryParse(text, out EasProtocolVersion v));
        Assert.Equal(EasProtocolVersion.Unknown, v);
        Assert.False(EasProtocolVersion.TryParse(Encoding.ASCII.GetBytes(text), out _));
        Assert.Throws<FormatException>(() => EasProtocolVersion.Parse(text));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(14)]
    [InlineData(122)]
    [InlineData(142)]
    [InlineData(255)]
    [InlineData(-1)]
    public void TryFromEncodedValue_UnknownByte_ReturnsFalse(int value)
        => Assert.False(EasProtocolVersion.TryFromEncodedValue(value, out _));

    [Fact]
    public void Comparison_FollowsProtocolOrder()
    {
        EasProtocolVersion[] ordered =
        [
            EasProtocolVersion.Unknown, EasProtocolVersion.V2_5, EasProtocolVersion.V12_0, EasProtocolVersion.V12_1,
            EasProtocolVersion.V14_0, EasProtocolVersion.V14_1, EasProtocolVersion.V16_0, EasProtocolVersion.V16_1,
        ];
        for (int i = 0; i < ordered.Length; i++)
        {
            for (int j = 0; j < ordered.Length; j++)
            {
                Assert.Equal(i < j, ordered[i] < ordered[j]);
                Assert.Equal(i <= j, ordered[i] <= ordered[j]);
                Assert.Equal(i > j, ordered[i] > ordered[j]);
                Assert.Equal(i >= j, ordered[i] >= ordered[j]);
                Assert.Equal(i == j, ordered[i] == ordered[j]);
                Assert.Equal(i != j, ordered[i] != ordered[j]);
                Assert.Equal(Math.Sign(i.CompareTo(j)), Math.Sign(ordered[i].CompareTo(ordered[j])));
            }
        }

        // The redirect condition (docs/design.md §4 rule 6): 14.0 or higher can follow HTTP 451.
        Assert.True(EasProtocolVersion.V14_1 >= EasProtocolVersion.V14_0);
        Assert.False(EasProtocolVersion.V12_1 >= EasProtocolVersion.V14_0);
    }

    [Fact]
    public void Unknown_IsDefaultAndNotKnown()
    {
        Assert.Equal(default, EasProtocolVersion.Unknown);
        Assert.False(EasProtocolVersion.Unknown.IsKnown);
        Assert.Equal(EasProtocolVersionSet.None, EasProtocolVersion.Unknown.ToFlag());
        Assert.False(EasProtocolVersion.TryFromFlag(EasProtocolVersionSet.V14_0 | EasProtocolVersionSet.V14_1, out _));
    }

    [Fact]
    public void TryFormat_Utf8AndChars_WriteHeaderText()
    {
        Span<char> chars = stackalloc char[8];
        Assert.True(EasProtocolVersion.V16_1.TryFormat(chars, out int n, default, null));
        Assert.Equal("16.1", chars[..n].ToString());
        Span<byte> bytes = stackalloc byte[8];
        Assert.True(EasProtocolVersion.V2_5.TryFormat(bytes, out n, default, null));
        Assert.Equal("2.5", Encoding.ASCII.GetString(bytes[..n]));
        Assert.False(EasProtocolVersion.V16_1.TryFormat(chars[..3], out n, default, null));
        Assert.Equal(0, n);
    }
}
