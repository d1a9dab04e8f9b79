using System.Text;
using FsCheck;
using FsCheck.Fluent;
using HybridCore.ActiveSync;

namespace HybridCore.Tests.ActiveSync;

// The base64 form read from UTF-16 text (TryParseGeneral), from narrowed text and from UTF-8: the digits are gathered
// differently (chars narrowed into a chunk, bytes decoded where they are), the walk is the same. All must give the
// same answer for every query: success and every field, or reason and offset.
public class EasRequestLineBase64FastPathTests
{
    private const string Digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private const string Others = "=%&?! -_.\u0000\u007F\u00E9\u0141\uFF21";

    [Fact]
    public void TryParse_WrittenQueriesAndEveryMutation_TextAndUtf8Agree()
    {
        var random = new Random(14_1);
        int accepted = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), Prop.ForAll(EasRequestGenerators.Base64Requests, request =>
        {
            string query = EasRequestWriter.WriteBase64(request);
            accepted += AssertSameAnswer(query) ? 1 : 0;
            AssertSameAnswer("?" + query.TrimEnd('='));
            AssertSameAnswer(query + "=");

            // Every position: another digit (a valid-looking query whose fields change), a non-digit, an '='.
            for (int at = 0; at < query.Length; at++)
            {
                char[] text = query.ToCharArray();
                text[at] = Digits[random.Next(Digits.Length)];
                accepted += AssertSameAnswer(new string(text)) ? 1 : 0;
                text[at] = Others[random.Next(Others.Length)];
                AssertSameAnswer(new string(text));
                AssertSameAnswer(query.Insert(at, "="));
            }

            // Every truncation, with and without '?'.
            for (int length = 0; length < query.Length; length++)
            {
                AssertSameAnswer(query[..length]);
                AssertSameAnswer("?" + query[..length]);
            }
        }));

        Assert.InRange(accepted, 1_000, 1_000_000);
    }

    [Fact]
    public void TryParse_RandomBase64Requests_TextAndUtf8Agree()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(EasRequestGenerators.Base64Requests, request =>
        {
            string query = EasRequestWriter.WriteBase64(request);
            Assert.True(AssertSameAnswer(query));
            Assert.True(AssertSameAnswer(query.TrimEnd('=')));
            Assert.True(AssertSameAnswer("?" + query));
        }));
    }

    // Random digit runs of every length decode to random sequences: nearly all are errors, at every offset.
    [Fact]
    public void TryParse_RandomDigitRunsOfEveryLength_TextAndUtf8Agree()
    {
        var random = new Random(2_2_1_1_1_1);
        for (int length = 0; length <= 200; length++)
        {
            for (int trial = 0; trial < 20; trial++)
            {
                var text = new StringBuilder();
                for (int i = 0; i < length; i++)
                {
                    text.Append(Digits[random.Next(Digits.Length)]);
                }

                // A valid version and a known command up front, so the walk gets past the first bytes.
                if (length >= 4 && trial % 2 == 0)
                {
                    text.Remove(0, 4).Insert(0, trial % 4 == 0 ? "jQAJ" : "oQEH");
                }

                text.Append('=', random.Next(3));
                AssertSameAnswer(text.ToString());
            }
        }
    }

    // Longer than the narrowing limit (312 chars) and than the longest sequence (3094 digits): text is read as
    // UTF-16 and the digits cross several chunks; UTF-8 input still agrees.
    [Fact]
    public void TryParse_VeryLongDigitRuns_TextAndUtf8Agree()
    {
        foreach (int length in new[] { 1020, 1024, 1028, 1100, 3088, 3092, 3096, 4000 })
        {
            AssertSameAnswer("jQAJBAFhAAFi" + new string('A', length - 12));
            AssertSameAnswer("jQAJBAFhAAFi" + new string('A', length - 12) + "==");
        }
    }

    // Returns whether the query parsed.
    private static bool AssertSameAnswer(string query)
    {
        Span<byte> buffer = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        Span<byte> buffer2 = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        Span<byte> buffer3 = stackalloc byte[EasRequestLine.MaxDecodedBytes];
        buffer2.Fill(0xA5); // the parse must not depend on what the buffer held
        bool general = EasRequestLine.TryParseGeneral(query, buffer, out EasRequestLine expected, out EasRequestLineFailure expectedError);
        bool chars = EasRequestLine.TryParse(query, buffer2, out EasRequestLine fromChars, out EasRequestLineFailure charsError);
        Assert.Equal(general, chars);
        Assert.Equal(expectedError, charsError);
        AssertSameLine(expected, fromChars);

        byte[] latin1 = Encoding.Latin1.GetBytes(query);
        if (query.All(c => c < 0x80))
        {
            bool utf8 = EasRequestLine.TryParse(latin1, buffer3, out EasRequestLine fromUtf8, out EasRequestLineFailure utf8Error);
            Assert.Equal(general, utf8);
            Assert.Equal(expectedError, utf8Error);
            AssertSameLine(expected, fromUtf8);
        }

        return general;
    }

    private static void AssertSameLine(EasRequestLine expected, EasRequestLine actual)
    {
        Assert.Equal(expected.Form, actual.Form);
        Assert.Equal(expected.Command, actual.Command);
        Assert.Equal(expected.ProtocolVersion, actual.ProtocolVersion);
        Assert.Equal(expected.Locale, actual.Locale);
        Assert.Equal(expected.PolicyKey, actual.PolicyKey);
        Assert.Equal(expected.Options, actual.Options);
        Assert.Equal(expected.DeviceId.ToArray(), actual.DeviceId.ToArray());
        Assert.Equal(expected.RawDeviceId.ToArray(), actual.RawDeviceId.ToArray());
        Assert.Equal(expected.DeviceType.ToArray(), actual.DeviceType.ToArray());
        Assert.Equal(expected.IsBinaryDeviceId, actual.IsBinaryDeviceId);
        Assert.Equal(expected.HasUser, actual.HasUser);
        foreach (EasQueryParameter parameter in Enum.GetValues<EasQueryParameter>())
        {
            Assert.Equal(expected.Has(parameter), actual.Has(parameter));
            Assert.Equal(expected.GetValue(parameter).ToArray(), actual.GetValue(parameter).ToArray());
        }
    }
}
