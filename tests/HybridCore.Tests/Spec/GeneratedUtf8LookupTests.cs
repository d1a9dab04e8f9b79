using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HybridCore.ActiveSync;
using HybridCore.Wbxml;

namespace HybridCore.Tests.Spec;

/// <summary>
/// The generated UTF-8 name lookups compare names as whole little-endian words (ignoring case by OR-ing 0x20 into the
/// letter bytes only). These tests hold them to the plain definition — <see cref="MemoryExtensions.SequenceEqual{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>
/// for ordinal, <see cref="Ascii.EqualsIgnoreCase(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> ignoring case — on every
/// name, on every single-byte change of every name, and on random near-names.
/// </summary>
public class GeneratedUtf8LookupTests
{
    // Bytes that sit next to the letters under OR 0x20 or that a careless case fold would confuse.
    private static readonly byte[] Tricky = [0x00, 0x0D, 0x20, (byte)'-', (byte)'@', (byte)'[', (byte)'`', (byte)'{', (byte)'_', (byte)'^', 0x7F, 0x80, 0xC0, 0xE1, 0xFF];

    private static readonly string[] CommandNames = Enum.GetValues<EasCommand>().Select(c => EasCommands.GetName(c)!).ToArray();

    private static readonly string[] ParameterNames = Enum.GetValues<EasQueryParameter>()
        .Where(EasQueryParameters.IsPlain)
        .Select(p => EasQueryParameters.GetName(p)!)
        .ToArray();

    [Fact]
    public void Commands_AgreeWithReference_OnEveryNameAndEverySingleByteChange()
    {
        foreach (byte[] candidate in NearNames(CommandNames))
        {
            AssertCommand(candidate);
        }
    }

    [Fact]
    public void PlainParameterNames_AgreeWithReference_OnEveryNameAndEverySingleByteChange()
    {
        foreach (byte[] candidate in NearNames(ParameterNames))
        {
            AssertParameter(candidate);
        }
    }

    [Fact]
    public void WbxmlTags_AgreeWithReference_OnEveryNameAndEverySingleByteChange()
    {
        int total = 0;
        foreach (WbxmlCodePage page in Enum.GetValues<WbxmlCodePage>())
        {
            string[] names = Enumerable.Range(0x05, 0x40 - 0x05)
                .Select(token => WbxmlTags.Create(page, (byte)token))
                .Where(WbxmlTags.IsDefined)
                .Select(t => WbxmlTags.GetName(t)!)
                .ToArray();
            total += names.Length;
            foreach (byte[] candidate in NearNames(names))
            {
                string? expected = names.FirstOrDefault(n => candidate.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(n)));
                bool found = WbxmlTags.TryParse(page, candidate, out WbxmlTag tag);
                Assert.Equal(expected is not null, found);
                if (found)
                {
                    Assert.Equal(expected, WbxmlTags.GetName(tag));
                }
            }
        }

        Assert.True(total > 500, "only " + total + " tag names were checked");
    }

    [Property(MaxTest = 100)]
    public Property Lookups_AgreeWithReference_OnRandomNearNames()
    {
        string[] all = [.. CommandNames, .. ParameterNames];
        Gen<byte[]> nearName =
            from name in Gen.Elements(all)
            from flips in Gen.ListOf(Gen.Choose(0, 63).Zip(Gen.Elements(Tricky.Concat("aAzZ09"u8.ToArray()).ToArray())))
            from caseMask in Gen.Choose(0, int.MaxValue)
            select Mutate(name, flips, caseMask);

        return Prop.ForAll(nearName.ToArbitrary(), candidate =>
        {
            AssertCommand(candidate);
            AssertParameter(candidate);
        });
    }

    private static void AssertCommand(byte[] candidate)
        => AssertLookup<EasCommand>(candidate, CommandNames, EasCommands.TryParse, EasCommands.TryParseIgnoreCase, c => EasCommands.GetName(c));

    private static void AssertParameter(byte[] candidate)
        => AssertLookup<EasQueryParameter>(candidate, ParameterNames, EasQueryParameters.TryParsePlainName, EasQueryParameters.TryParsePlainNameIgnoreCase, p => EasQueryParameters.GetName(p));

    // The ordinal and ignore-case lookups of one table against their definitions over that table's names.
    private static void AssertLookup<T>(byte[] candidate, string[] names, Utf8Lookup<T> ordinal, Utf8Lookup<T> ignoreCase, Func<T, string?> getName)
    {
        string? expectedOrdinal = names.FirstOrDefault(n => candidate.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(n)));
        string? expectedIgnoreCase = names.FirstOrDefault(n => Ascii.EqualsIgnoreCase(candidate, Encoding.UTF8.GetBytes(n)));

        Assert.Equal(expectedOrdinal is not null, ordinal(candidate, out T a));
        Assert.Equal(expectedIgnoreCase is not null, ignoreCase(candidate, out T b));
        if (expectedOrdinal is not null)
        {
            Assert.Equal(expectedOrdinal, getName(a));
        }

        if (expectedIgnoreCase is not null)
        {
            Assert.Equal(expectedIgnoreCase, getName(b));
        }
    }

    private delegate bool Utf8Lookup<T>(ReadOnlySpan<byte> utf8Name, out T value);

    // Every name, upper- and lower-cased, and every name with one byte replaced by each tricky byte and by the same
    // letter in the other case.
    private static IEnumerable<byte[]> NearNames(IEnumerable<string> names)
    {
        foreach (string name in names)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(name);
            yield return bytes;
            yield return Encoding.UTF8.GetBytes(name.ToUpperInvariant());
            yield return Encoding.UTF8.GetBytes(name.ToLowerInvariant());
            for (int i = 0; i < bytes.Length; i++)
            {
                foreach (byte b in Tricky.Append((byte)(bytes[i] ^ 0x20)).Append((byte)(bytes[i] ^ 0x01)))
                {
                    byte[] changed = (byte[])bytes.Clone();
                    changed[i] = b;
                    yield return changed;
                }
            }
        }
    }

    private static byte[] Mutate(string name, IEnumerable<(int Position, byte Value)> flips, int caseMask)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(name);
        for (int i = 0; i < bytes.Length && i < 31; i++)
        {
            if ((caseMask & (1 << i)) != 0 && char.IsAsciiLetter((char)bytes[i]))
            {
                bytes[i] ^= 0x20;
            }
        }

        foreach ((int position, byte value) in flips)
        {
            if (position < bytes.Length)
            {
                bytes[position] = value;
            }
        }

        return bytes;
    }
}
