using System.Text;
using HybridCore.ActiveSync;

namespace HybridCore.Tests.ActiveSync;

// The parser is one generic implementation, specialised by the JIT for UTF-16 and UTF-8 input; ASCII text of up to
// 312 chars is narrowed and parsed as bytes. Every ASCII query must get the same answer as text parsed as UTF-16
// (TryParseGeneral), as narrowed text and as UTF-8: same success, reason and offset, or the same fields.
public class EasRequestLineFastPathTests
{
    private static readonly string[] Seeds =
    [
        "Cmd=Sync&User=user12%40contoso.com&DeviceId=RSUA4U03JH48LAS6T7BD2TENV0&DeviceType=iPad",
        "User=user12@batre.msftonlinerepro.com&DeviceId=RSUA4U03JH48LAS6T7BD2TENV0&DeviceType=iPad&Cmd=Ping",
        "Cmd=SmartReply&User=J%C3%B6rg&DeviceId=d1&DeviceType=t&CollectionId=5&ItemId=5%3A12&SaveInSent=T",
        "Log=x&cmd=sync&deviceid=abc&devicetype=WP8&AttachmentName=a+b%2Fc%20d&LongId=" + new string('L', 70) + "&Occurrence=x=y",
        "Cmd=Sync&DeviceId=A&DeviceType=B&User=" + string.Concat(Enumerable.Repeat("ab%20", 60)) + "&ItemId=" + new string('i', 240),
        "Cmd=Sync&DeviceId=A&DeviceType=B&User=" + new string('u', 250) + "%41%42%43%44%45%46",
        "jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l",
        "jQMHBANkZXYEeFY0EgRpUG9kAQE1AwI3OQcBAQgGSsO2cmch",
        "jQMHBANkZXYEeFY0EgRpUG9kAQE1AwI3OQcBAQgGSsO2cmch%3D%3D",
    ];

    [Fact]
    public void TryParse_MutatedAsciiQueries_TextAndUtf8Agree()
    {
        var random = new Random(20261122);
        const string alphabet = "=&%+/?ACDIQUYabcdeisuvy0123456789 \0\u007F\t~";
        int accepted = 0;
        int longQueries = 0;
        for (int i = 0; i < 30_000; i++)
        {
            var text = new StringBuilder(Seeds[random.Next(Seeds.Length)]);
            int mutations = random.Next(0, 4);
            for (int m = 0; m < mutations && text.Length > 0; m++)
            {
                int at = random.Next(text.Length);
                switch (random.Next(5))
                {
                    case 0: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    case 2: text.Remove(at, Math.Min(random.Next(1, 4), text.Length - at)); break;
                    case 3: text.Insert(at, text.ToString(at, Math.Min(random.Next(1, 80), text.Length - at))); break;
                    default: text.Insert(at, "%" + random.Next(256).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)); break;
                }
            }

            if (random.Next(4) == 0)
            {
                text.Insert(0, '?');
            }

            string query = text.ToString();
            longQueries += query.Length > 128 ? 1 : 0;
            accepted += AssertSameAnswer(query) ? 1 : 0;
        }

        Assert.InRange(accepted, 1_000, 29_000);
        Assert.InRange(longQueries, 1_000, 30_000);
    }

    // Every length up to 200 (either side of the vector widths of the BCL searches), with the interesting bytes at
    // every position.
    [Theory]
    [InlineData("%41")]
    [InlineData("+")]
    [InlineData("&")]
    [InlineData("=")]
    [InlineData("%4")]
    [InlineData("\u0001")]
    [InlineData("\u007F")]
    public void TryParse_MarkedByteAtEveryPosition_TextAndUtf8Agree(string marked)
    {
        const string head = "Cmd=Sync&DeviceId=A&DeviceType=B&User=";
        for (int length = 0; length < 200; length++)
        {
            for (int at = 0; at <= length; at += Math.Max(1, length / 16))
            {
                string value = new string('v', at) + marked + new string('w', length - at);
                Assert.True(AssertSameAnswer(head + value) || marked != "%41");
                AssertSameAnswer(value + "&" + head + "x");
            }
        }
    }

    // Every prefix of every seed, with and without '?': each truncation of a name, a value and an escape.
    [Fact]
    public void TryParse_EveryPrefix_TextAndUtf8Agree()
    {
        int accepted = 0;
        foreach (string seed in Seeds.Append("Cmd=Ping&DeviceId=a&DeviceType=b").Append("cmd=ping&deviceid=a&devicetype=b&user=%41"))
        {
            for (int length = 0; length <= seed.Length; length++)
            {
                accepted += AssertSameAnswer(seed[..length]) ? 1 : 0;
                AssertSameAnswer("?" + seed[..length]);
            }
        }

        Assert.True(accepted >= 10, "only " + accepted + " prefixes parsed");
    }

    // Text with a character outside ASCII anywhere is not narrowed but read as UTF-16. Every position.
    [Theory]
    [InlineData('\u00E9')]
    [InlineData('\u0100')]
    [InlineData('\uFFFF')]
    [InlineData('\uD800')]
    public void TryParse_NonAsciiCharAtEveryPosition_SameAnswerAsGeneralPath(char c)
    {
        foreach (string query in new[] { "Cmd=Ping&DeviceId=a&DeviceType=b&User=u", Seeds[0], Seeds[0] + "&ItemId=" + new string('i', 90) })
        {
            for (int at = 0; at < query.Length; at++)
            {
                AssertSameAnswer(query[..at] + c + query[(at + 1)..]);
            }
        }
    }

    [Fact]
    public void TryParse_QueryLongerThanNarrowingLimit_ReadAsUtf16WithSameAnswer()
    {
        string query = "Cmd=Sync&DeviceId=A&DeviceType=B&" + string.Concat(Enumerable.Repeat("Unknown=x%20y&", 200)) + "User=a%40b";
        Assert.True(AssertSameAnswer(query));
        Assert.True(AssertSameAnswer(query + "&ItemId=" + new string('i', 255)));
    }

    // Returns whether the query parsed.
    private static bool AssertSameAnswer(string query)
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        Span<byte> buffer2 = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        Span<byte> buffer3 = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        bool general = EasRequestLine.TryParseGeneral(query, buffer, out EasRequestLine expected, out EasRequestLineFailure expectedError);
        bool chars = EasRequestLine.TryParse(query, buffer2, out EasRequestLine fromChars, out EasRequestLineFailure charsError);
        Assert.Equal(general, chars);
        Assert.Equal(expectedError, charsError);
        if (general)
        {
            AssertSameLine(expected, fromChars);
        }

        if (Ascii.IsValid(query))
        {
            bool utf8 = EasRequestLine.TryParse(Encoding.ASCII.GetBytes(query), buffer3, out EasRequestLine fromUtf8, out EasRequestLineFailure utf8Error);
            Assert.Equal(general, utf8);
            Assert.Equal(expectedError, utf8Error);
            if (general)
            {
                AssertSameLine(expected, fromUtf8);
            }
        }

        return general;
    }

    private static void AssertSameLine(EasRequestLine expected, EasRequestLine actual)
    {
        Assert.Equal(expected.Form, actual.Form);
        Assert.Equal(expected.ToRequest(), actual.ToRequest());
        Assert.Equal(expected.RawDeviceId.ToArray(), actual.RawDeviceId.ToArray());
        Assert.Equal(expected.IsBinaryDeviceId, actual.IsBinaryDeviceId);
        Assert.Equal(expected.HasUser, actual.HasUser);
        foreach (EasQueryParameter parameter in Enum.GetValues<EasQueryParameter>())
        {
            Assert.Equal(expected.Has(parameter), actual.Has(parameter));
        }
    }
}
