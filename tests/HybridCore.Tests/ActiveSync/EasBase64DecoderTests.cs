using System.Runtime.Intrinsics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using HybridCore.ActiveSync;

namespace HybridCore.Tests.ActiveSync;

// The base64 decoder of the request line (EasBase64DecoderOld) against the framework's Convert.FromBase64String, on
// digit runs of every length around the 16-digit vector blocks, with a non-digit at every position, from UTF-8 and
// from UTF-16. Run the suite with DOTNET_EnableAVX512F=0, DOTNET_EnableAVX2=0 and DOTNET_EnableHWIntrinsic=0 too:
// the last one takes the scalar loop (IsVectorized false), the others the same SSSE3 path with other encodings.
public class EasBase64DecoderTests
{
    private const string Digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    // Characters that end a run. Those above 0xFF are the UTF-16 traps: 'Ł' (U+0141), 'ī' (U+012B), fullwidth
    // 'Ａ' (U+FF21) and U+8041 have a low byte that is a digit ('A', '+', '!', 'A'), U+8000 narrows to 0 on x86.
    private static readonly char[] NonDigits =
    [
        '=', '%', '&', ' ', '\0', '\u007F', '-', '_', '.', ':', '@', '[', '`', '{', '*', ',', '\t', '\n', '?', '#',
        '\u0080', '\u00FF', '\u0141', '\u012B', '\uFF21', '\u8041', '\u8000', '\uD83D',
    ];

    [Fact]
    public void DecodeGroups_DigitRunsOfEveryLength_MatchConvert()
    {
        var random = new Random(4648);
        for (int length = 0; length <= 200; length++)
        {
            for (int trial = 0; trial < 8; trial++)
            {
                string text = RandomDigits(random, length);
                AssertDecodes(text, length);
            }
        }
    }

    [Fact]
    public void DecodeGroups_NonDigitAtEveryPosition_StopsThere()
    {
        var random = new Random(2045);
        for (int length = 1; length <= 200; length++)
        {
            for (int at = 0; at < length; at++)
            {
                char[] text = RandomDigits(random, length).ToCharArray();
                text[at] = NonDigits[random.Next(NonDigits.Length)];
                AssertDecodes(new string(text), at);
            }
        }
    }

    // Every byte value and every UTF-16 trap, at every position of a 16-digit block, of the overlapping last block,
    // and of a short run.
    [Fact]
    public void DecodeGroups_EveryCharacterValue_IsClassifiedLikeTheTable()
    {
        var random = new Random(4);
        int[] lengths = [7, 16, 33, 47];
        var values = Enumerable.Range(0, 256).Select(i => (char)i).Concat(NonDigits).ToArray();
        foreach (int length in lengths)
        {
            for (int at = 0; at < length; at++)
            {
                foreach (char c in values)
                {
                    char[] text = RandomDigits(random, length).ToCharArray();
                    text[at] = c;
                    AssertDecodes(new string(text), Digits.Contains(c, StringComparison.Ordinal) ? length : at);
                }
            }
        }
    }

    [Fact]
    public void DecodeGroups_RandomBytes_RoundTripThroughConvert() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i))), data =>
        {
            string text = Convert.ToBase64String(data).TrimEnd('=');
            byte[] decoded = Decode(text, out int run, utf16: data.Length % 2 == 0);
            Assert.Equal(text.Length, run);
            Assert.Equal(data.AsSpan(0, run / 4 * 3).ToArray(), decoded);
        }));

    // Any text at all: the run ends at the first non-digit and the bytes are the framework's decoding of it.
    [Fact]
    public void DecodeGroups_AnyText_AgreesWithTheFrameworkOnBothInputs() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(Arb.From(Gen.Frequency(
            (3, Gen.Choose(0, 120).SelectMany(n => Gen.ArrayOf(Gen.Elements(Digits.ToCharArray()), n)).Select(c => new string(c))),
            (2, Gen.Choose(0, 120).SelectMany(n => Gen.ArrayOf(Gen.Elements((Digits + Digits + new string(NonDigits)).ToCharArray()), n)).Select(c => new string(c))),
            (1, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty)))), text =>
        {
            int expected = 0;
            while (expected < text.Length && Digits.Contains(text[expected], StringComparison.Ordinal))
            {
                expected++;
            }

            AssertDecodes(text, expected);
        }));

    [Fact]
    public void DecodeGroups_NeverWritesPastDecodedLength()
    {
        var random = new Random(16);
        for (int length = 0; length <= 100; length++)
        {
            string text = RandomDigits(random, length);
            int room = EasBase64DecoderOld.DecodedLength(length);
            byte[] destination = new byte[room + 32];
            destination.AsSpan().Fill(0xA5);
            int run = EasBase64DecoderOld.DecodeGroups(Encoding.ASCII.GetBytes(text).AsSpan(), destination.AsSpan(0, room), out int written);
            Assert.Equal(length, run);
            Assert.Equal(length / 4 * 3, written);
            Assert.All(destination[room..], b => Assert.Equal(0xA5, b));
        }
    }

    [Fact]
    public void IsVectorized_FollowsTheHardware()
    {
        // With DOTNET_EnableHWIntrinsic=0 this is false and every other test here runs the scalar loop.
        Assert.Equal(Vector128.IsHardwareAccelerated && (System.Runtime.Intrinsics.X86.Ssse3.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.Arm64.IsSupported), EasBase64DecoderOld.IsVectorized);
    }

    private static string RandomDigits(Random random, int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = Digits[random.Next(Digits.Length)];
        }

        return new string(chars);
    }

    // Decodes 'text' from UTF-16 and, when it has no char above 0xFF, from bytes (Latin-1, so every byte value
    // occurs), and checks both against Convert.FromBase64String of the whole groups of its first 'run' chars.
    private static void AssertDecodes(string text, int run)
    {
        byte[] expected = Convert.FromBase64String(text[..(run / 4 * 4)]);
        Assert.Equal(expected, Decode(text, out int charRun, utf16: true));
        Assert.Equal(run, charRun);
        if (text.All(c => c <= 0xFF))
        {
            Assert.Equal(expected, Decode(text, out int byteRun, utf16: false));
            Assert.Equal(run, byteRun);
        }
    }

    private static byte[] Decode(string text, out int run, bool utf16)
    {
        byte[] destination = new byte[EasBase64DecoderOld.DecodedLength(text.Length)];
        int written;
        if (utf16)
        {
            run = EasBase64DecoderOld.DecodeGroups(text.AsSpan(), destination, out written);
        }
        else
        {
            byte[] latin1 = Encoding.Latin1.GetBytes(text);
            run = EasBase64DecoderOld.DecodeGroups(latin1.AsSpan(), destination, out written);
        }

        return destination[..written];
    }
}
