using System.Text;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.Diagnostics.Tests.Logs;

/// <summary>The per-column string cache of the Parquet export: a hit returns the string decoded the first time, a
/// miss or a collision never returns another value's string.</summary>
public sealed class Utf8StringCacheTests
{
    private static readonly Func<ReadOnlySpan<byte>, string> Utf8 = static b => Encoding.UTF8.GetString(b);

    [Fact]
    public void Get_SameBytesTwice_ReturnsTheSameInstanceWithoutDecodingAgain()
    {
        int decoded = 0;
        var cache = new Utf8StringCache(b => { decoded++; return Encoding.UTF8.GetString(b); });

        string? first = cache.Get("Apple-iPhone14C2/2104.100"u8);
        string? second = cache.Get("Apple-iPhone14C2/2104.100"u8.ToArray());

        Assert.Equal("Apple-iPhone14C2/2104.100", first);
        Assert.Same(first, second);
        Assert.Equal(1, decoded);
        Assert.Equal(1, cache.Hits);
        Assert.Null(cache.Get([]));
    }

    [Fact]
    public void Get_ManyDistinctValues_EachGetsItsOwnString()
    {
        // Far more values than slots: slots are shared and overwritten, values never mixed up.
        var cache = new Utf8StringCache(Utf8);
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < Utf8StringCache.Slots * 3; i++)
            {
                string value = "user" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "@contoso.com";
                Assert.Equal(value, cache.Get(Encoding.UTF8.GetBytes(value)));
            }
        }

        // Short values (another hash path) and values of the same length differing in one middle byte.
        Assert.Equal("a", cache.Get("a"u8));
        Assert.Equal("b", cache.Get("b"u8));
        Assert.Equal("a", cache.Get("a"u8));
        Assert.Equal("0123456789ABCDEF0123", cache.Get("0123456789ABCDEF0123"u8));
        Assert.Equal("0123456789XBCDEF0123", cache.Get("0123456789XBCDEF0123"u8));
    }

    [Fact]
    public void Get_ValueLongerThanTheLimit_IsDecodedEveryTime()
    {
        int decoded = 0;
        var cache = new Utf8StringCache(b => { decoded++; return Encoding.UTF8.GetString(b); });
        byte[] value = Encoding.UTF8.GetBytes(new string('x', Utf8StringCache.MaxKeyBytes + 1));

        Assert.Equal(value.Length, cache.Get(value)!.Length);
        Assert.Equal(value.Length, cache.Get(value)!.Length);
        Assert.Equal(2, decoded);
    }
}
