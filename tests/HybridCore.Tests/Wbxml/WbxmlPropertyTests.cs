using System.Buffers;
using System.Text;
using System.Text.Unicode;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HybridCore.Wbxml;

namespace HybridCore.Tests.Wbxml;

/// <summary>Round-trip and hostile-input properties (FsCheck; a failure prints the seed to replay).</summary>
public sealed class WbxmlPropertyTests
{
    private static readonly WbxmlTag[] AllTags = Enumerable.Range(0, 26)
        .SelectMany(page => Enumerable.Range(5, 59).Select(token => WbxmlTags.Create((WbxmlCodePage)page, (byte)token)))
        .Where(WbxmlTags.IsDefined)
        .ToArray();

    // Pieces of text: ASCII, XML-special, Latin-1, CJK, a surrogate pair, whitespace.
    private static readonly string[] TextPieces = ["a", "Z", "0", " ", "<", "&", ">", "\"", "é", "ß", "東", "京", "😀", "Ω", "\t", "\n"];

    private static Gen<string> TextGen(bool allowEmpty) =>
        Gen.ListOf(Gen.Elements(TextPieces))
            .Select(pieces => string.Concat(pieces))
            .Where(s => allowEmpty || s.Trim().Length > 0);

    private static Gen<byte[]> BytesGen(int max) =>
        Gen.Choose(0, max).SelectMany(length => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length));

    /// <summary>Any tree: mixed content, empty strings, opaque anywhere inside elements.</summary>
    private static Gen<Node> TreeGen(int size, bool activeSyncShaped)
    {
        Gen<WbxmlTag> tag = Gen.Elements(AllTags);
        if (size <= 0)
        {
            return activeSyncShaped
                ? Gen.OneOf(
                    tag.Select(t => new Node(t, [], null, null)),
                    Gen.Zip(tag, TextGen(false)).Select(p => new Node(p.Item1, [], p.Item2, null)),
                    Gen.Zip(tag, BytesGen(40)).Select(p => new Node(p.Item1, [], null, p.Item2)))
                : tag.Select(t => new Node(t, [], null, null));
        }

        Gen<Node> child = activeSyncShaped
            ? TreeGen(size / 3, activeSyncShaped)
            : Gen.Frequency(
                (3, TreeGen(size / 3, activeSyncShaped)),
                (2, TextGen(true).Select(s => new Node(default, [], s, null))),
                (1, BytesGen(300).Select(b => new Node(default, [], null, b))));
        return Gen.Zip(tag, Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(child, n)))
            .Select(p => new Node(p.Item1, p.Item2, null, null));
    }

    private static Gen<Node> Trees(bool activeSyncShaped) => Gen.Sized(size => TreeGen(Math.Min(size, 60), activeSyncShaped));

    [Property(MaxTest = 300)]
    public Property RandomTrees_WriteThenRead_GiveTheSameTree()
    {
        return Prop.ForAll(Arb.From(Gen.Zip(Trees(false), Gen.Choose(0, int.MaxValue))), input =>
        {
            (Node tree, int seed) = input;
            byte[] bytes = tree.ToWbxml();
            List<string> expected = tree.ExpectedTokens();
            Assert.Equal(expected, Tokens.Read(bytes));

            // The same bytes in random segments.
            var random = new Random(seed);
            int[] splits = Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(bytes.Length + 1)).Order().ToArray();
            Assert.Equal(expected, Tokens.Read(Segments.SplitAt(bytes, splits)));
        });
    }

    [Property(MaxTest = 200)]
    public Property RandomActiveSyncTrees_WbxmlToXmlToWbxml_GiveTheSameBytes()
    {
        return Prop.ForAll(Arb.From(Trees(true)), tree =>
        {
            byte[] bytes = tree.ToWbxml();
            string xml = WbxmlXmlConverter.ToXml(bytes);
            Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(WbxmlXmlConverter.FromXml(xml)));
            Assert.Equal(xml, WbxmlXmlConverter.ToXml(WbxmlXmlConverter.FromXml(xml)));
        });
    }

    [Property(MaxTest = 500)]
    public Property RandomStrings_WriteThenRead_GiveTheSameString()
    {
        Gen<string> strings = Gen.OneOf(
            TextGen(true),
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null && !s.Contains('\0', StringComparison.Ordinal) && Utf8.IsValid(Encoding.UTF8.GetBytes(s)) && !HasLoneSurrogate(s)));
        return Prop.ForAll(Arb.From(strings), value =>
        {
            var output = new ArrayBufferWriter<byte>();
            var writer = new WbxmlWriter(output);
            writer.WriteStartElement(AirSyncBaseTags.Data);
            writer.WriteString(value);
            writer.WriteString(Encoding.UTF8.GetBytes(value));
            writer.WriteEndElement();

            var reader = new WbxmlReader(output.WrittenSpan);
            Assert.True(reader.Read());
            Assert.True(reader.Read());
            Assert.Equal(value, reader.GetString());
            Assert.True(reader.Read());
            Assert.Equal(value, reader.GetString());
            Assert.True(reader.Read());
            Assert.Equal(WbxmlTokenType.EndElement, reader.TokenType);
            Assert.False(reader.Read());
        });
    }

    [Property(MaxTest = 200)]
    public Property RandomOpaque_AcrossSegmentBoundaries_ReadsBackTheSameBytes()
    {
        Gen<(byte[] Data, int Seed)> input = Gen.Zip(
            Gen.OneOf(BytesGen(200), BytesGen(20_000)),
            Gen.Choose(0, int.MaxValue));
        return Prop.ForAll(Arb.From(input), value =>
        {
            var output = new ArrayBufferWriter<byte>();
            var writer = new WbxmlWriter(output);
            writer.WriteElementOpaque(ItemOperationsTags.Data, value.Data);
            byte[] bytes = output.WrittenSpan.ToArray();

            var random = new Random(value.Seed);
            int[] splits = Enumerable.Range(0, random.Next(1, 8)).Select(_ => random.Next(bytes.Length + 1)).Order().ToArray();
            var reader = new WbxmlReader(Segments.SplitAt(bytes, splits));
            Assert.True(reader.Read());
            Assert.True(reader.Read());
            Assert.Equal(WbxmlTokenType.Opaque, reader.TokenType);
            byte[] read = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
            Assert.Equal(value.Data, read);
            Assert.True(reader.Read());
            Assert.False(reader.Read());
        });
    }

    [Property(MaxTest = 3000)]
    public Property RandomBytes_EndInWbxmlExceptionOrSuccess_NeverAnotherException()
    {
        Gen<byte[]> withHeader = BytesGen(64).Select(body => (byte[])[.. Hex.Parse(Hex.Header), .. body]);
        Gen<byte[]> anyBytes = BytesGen(64);
        Gen<(byte[] Data, bool Unknown, int Split)> input = Gen.Zip(Gen.OneOf(withHeader, anyBytes), Gen.Zip(ArbMap.Default.GeneratorFor<bool>(), Gen.Choose(0, 70)))
            .Select(t => (t.Item1, t.Item2.Item1, t.Item2.Item2));
        return Prop.ForAll(Arb.From(input), value =>
        {
            var options = new WbxmlReaderOptions { AllowUnknownTags = value.Unknown, MaxDepth = 8 };
            ReadSafely(value.Data, options);
            ReadSafely(Segments.SplitAt(value.Data, Math.Min(value.Split, value.Data.Length)), options);
        });
    }

    [Property(MaxTest = 1000)]
    public Property RandomTreeMutations_EndInWbxmlExceptionOrSuccess()
    {
        Gen<(Node Tree, int Position, byte Value)> input = Gen.Zip(Trees(false), Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, 255)))
            .Select(t => (t.Item1, t.Item2.Item1, (byte)t.Item2.Item2));
        return Prop.ForAll(Arb.From(input), value =>
        {
            byte[] bytes = value.Tree.ToWbxml();
            bytes[value.Position % bytes.Length] = value.Value;
            ReadSafely(bytes, default);
        });
    }

    [Fact]
    public void SampleDocument_EveryTruncation_ThrowsWbxmlException()
    {
        byte[] document = WbxmlSampleDocuments.CreateSyncResponse(2048);
        for (int length = 0; length < document.Length; length++)
        {
            WbxmlException e = Hex.Throws(document[..length]);
            Assert.True(e.Error is WbxmlError.UnexpectedEndOfData or WbxmlError.MissingRootElement, e.Message);
        }
    }

    [Fact]
    public void SampleDocument_EverySingleByteMutation_EndsInWbxmlExceptionOrSuccess()
    {
        byte[] document = WbxmlSampleDocuments.CreateSyncResponse(2048);
        byte[] values = [0x00, 0x01, 0x02, 0x03, 0x04, 0x43, 0x83, 0xC3, 0xFF, 0x80, 0x7F];
        int failures = 0;
        for (int position = 0; position < document.Length; position++)
        {
            foreach (byte value in values.Append((byte)(document[position] ^ 0x40)))
            {
                byte[] mutated = (byte[])document.Clone();
                mutated[position] = value;
                failures += ReadSafely(mutated, default) ? 0 : 1;
            }
        }

        Assert.True(failures > document.Length, "most mutations must be detected");
    }

    [Property(MaxTest = 300)]
    public Property MultiByteIntegers_Overflowing32Bits_AreRejected()
    {
        Gen<byte[]> overflow = Gen.Choose(5, 12).SelectMany(length => Gen.ArrayOf(Gen.Choose(0x80, 0xFF).Select(b => (byte)b), length));
        return Prop.ForAll(Arb.From(overflow), prefix =>
        {
            // Five or more continuation bytes: longer than an mb_u_int32 can be.
            byte[] opaque = [.. Hex.Parse(Hex.Header + "45 C3"), .. prefix, 0x00, 0x01];
            Assert.Equal(WbxmlError.InvalidMultiByteInteger, Hex.Throws(opaque).Error);
            byte[] header = [0x03, .. prefix, 0x00, 0x6A, 0x00, 0x05];
            Assert.Equal(WbxmlError.InvalidMultiByteInteger, Hex.Throws(header).Error);
        });
    }

    [Fact]
    public void MultiByteInteger_FiveBytesNeeding33Bits_IsRejected() =>
        Assert.Equal(WbxmlError.InvalidMultiByteInteger, Hex.Throws(Hex.Parse(Hex.Header + "45 C3 90 80 80 80 00 01")).Error);

    [Property(MaxTest = 300)]
    public Property OpaqueLengthsPastTheEnd_AreRejected()
    {
        return Prop.ForAll(Arb.From(Gen.Zip(Gen.Choose(1, 1_000_000), Gen.Choose(0, 50))), value =>
        {
            (int declared, int present) = value;
            if (present >= declared)
            {
                return;
            }

            var length = new byte[5];
            int n = WriteMultiByte(length, (uint)declared);
            byte[] data = [.. Hex.Parse(Hex.Header + "45 C3"), .. length[..n], .. new byte[present]];
            WbxmlException e = Hex.Throws(data);
            Assert.Equal(WbxmlError.UnexpectedEndOfData, e.Error);
            Assert.Equal(5, e.Offset);
        });
    }

    [Property(MaxTest = 2000)]
    public Property InvalidUtf8_IsRejectedExactlyWhenInvalid()
    {
        Gen<byte[]> strings = Gen.ArrayOf(Gen.Choose(1, 255).Select(b => (byte)b), 8);
        return Prop.ForAll(Arb.From(strings), value =>
        {
            byte[] data = [.. Hex.Parse(Hex.Header + "45 03"), .. value, 0x00, 0x01];
            if (Utf8.IsValid(value))
            {
                Assert.Equal(3, Tokens.Read(data).Count);
            }
            else
            {
                WbxmlException e = Hex.Throws(data);
                Assert.Equal(WbxmlError.InvalidUtf8, e.Error);
                Assert.Equal(5, e.Offset);
            }

            // Validation can be switched off.
            Assert.Equal(3, Tokens.Read(data, new WbxmlReaderOptions { SkipUtf8Validation = true }).Count);
        });
    }

    [Property(MaxTest = 300)]
    public Property StringTableOffsets_AreAlwaysOutOfRange()
    {
        return Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), offset =>
        {
            var encoded = new byte[5];
            int n = WriteMultiByte(encoded, (uint)offset);
            byte[] reference = [.. Hex.Parse(Hex.Header + "45 83"), .. encoded[..n], 0x01];
            WbxmlException e = Hex.Throws(reference);
            Assert.Equal(WbxmlError.StringTableReferenceOutOfRange, e.Error);
            Assert.Equal(5, e.Offset);

            if (offset > 0)
            {
                byte[] table = [0x03, 0x01, 0x6A, .. encoded[..n], .. new byte[Math.Min(offset, 16)], 0x05];
                Assert.Equal(WbxmlError.StringTableNotSupported, Hex.Throws(table).Error);
            }
        });
    }

    [Fact]
    public void DeepNesting_WithRaisedLimit_ReadsWithoutRecursion()
    {
        const int depth = 100_000;
        byte[] data = new byte[4 + depth + depth];
        Hex.Parse(Hex.Header).CopyTo(data, 0);
        data.AsSpan(4, depth).Fill(0x45);
        data.AsSpan(4 + depth).Fill(0x01);
        var reader = new WbxmlReader(data, new WbxmlReaderOptions { MaxDepth = depth });
        int maxDepth = 0;
        int count = 0;
        while (reader.Read())
        {
            maxDepth = Math.Max(maxDepth, reader.CurrentDepth);
            count++;
        }

        Assert.Equal(depth - 1, maxDepth);
        Assert.Equal(2 * depth, count);
    }

    /// <summary>Reads to the end; true when the input was valid, false on <see cref="WbxmlException"/>.
    /// Any other exception fails the calling test.</summary>
    private static bool ReadSafely(byte[] data, WbxmlReaderOptions options)
    {
        try
        {
            var reader = new WbxmlReader(data, options);
            int guard = 0;
            while (reader.Read())
            {
                Assert.True(++guard <= data.Length, "more tokens than bytes: the reader does not advance");
                if (reader.TokenType == WbxmlTokenType.String)
                {
                    _ = reader.GetString();
                }
            }

            return true;
        }
        catch (WbxmlException e)
        {
            Assert.InRange(e.Offset, 0, Math.Max(data.Length, 0));
            Assert.NotEqual(WbxmlError.None, e.Error);
            return false;
        }
    }

    private static void ReadSafely(ReadOnlySequence<byte> data, WbxmlReaderOptions options)
    {
        try
        {
            var reader = new WbxmlReader(data, options);
            while (reader.Read())
            {
            }
        }
        catch (WbxmlException e)
        {
            Assert.InRange(e.Offset, 0, data.Length);
        }
    }

    private static int WriteMultiByte(Span<byte> destination, uint value)
    {
        int length = 1;
        for (uint v = value; v > 0x7F; v >>= 7)
        {
            length++;
        }

        for (int i = length - 1; i >= 0; i--)
        {
            destination[i] = (byte)((value & 0x7F) | (i == length - 1 ? 0u : 0x80u));
            value >>= 7;
        }

        return length;
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An element (Tag, Children), or — with Tag default — a string or opaque child.</summary>
    internal sealed record Node(WbxmlTag Tag, Node[] Children, string? Text, byte[]? Data)
    {
        public byte[] ToWbxml()
        {
            var output = new ArrayBufferWriter<byte>();
            var writer = new WbxmlWriter(output);
            Write(ref writer);
            Assert.True(writer.IsDocumentComplete);
            return output.WrittenSpan.ToArray();
        }

        public List<string> ExpectedTokens()
        {
            var tokens = new List<string>();
            AddTokens(tokens, 0);
            return tokens;
        }

        private bool IsElement => Tag != default;

        private void Write(ref WbxmlWriter writer)
        {
            writer.WriteStartElement(Tag);
            if (Text is not null)
            {
                writer.WriteString(Text);
            }

            if (Data is not null)
            {
                writer.WriteOpaque(Data);
            }

            foreach (Node child in Children)
            {
                if (child.IsElement)
                {
                    child.Write(ref writer);
                }
                else if (child.Text is not null)
                {
                    writer.WriteString(child.Text);
                }
                else
                {
                    writer.WriteOpaque(child.Data);
                }
            }

            writer.WriteEndElement();
        }

        private void AddTokens(List<string> tokens, int depth)
        {
            string name = Tag.GetPage() + ":" + WbxmlTags.GetName(Tag);
            bool empty = Text is null && Data is null && Children.Length == 0;
            tokens.Add("+" + name + (empty ? "/" : string.Empty) + "@" + depth);
            if (empty)
            {
                return;
            }

            if (Text is not null)
            {
                tokens.Add("'" + Text + "'@" + (depth + 1));
            }

            if (Data is not null)
            {
                tokens.Add("#" + Convert.ToHexString(Data) + "@" + (depth + 1));
            }

            foreach (Node child in Children)
            {
                if (child.IsElement)
                {
                    child.AddTokens(tokens, depth + 1);
                }
                else if (child.Text is not null)
                {
                    tokens.Add("'" + child.Text + "'@" + (depth + 1));
                }
                else
                {
                    tokens.Add("#" + Convert.ToHexString(child.Data!) + "@" + (depth + 1));
                }
            }

            tokens.Add("-" + name + "@" + depth);
        }
    }
}
