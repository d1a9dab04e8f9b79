using System.Buffers;
using System.IO.Pipelines;
using HybridCore.Wbxml;

namespace HybridCore.Tests.Wbxml;

/// <summary>Partial buffers, resumption and multi-segment input: every split must give the same tokens.</summary>
public sealed class WbxmlStreamingTests
{
    private static readonly byte[] Document = CreateDocument();

    private static byte[] CreateDocument()
    {
        // A document with every token kind: SWITCH_PAGE, empty and content tags, strings (one non-ASCII),
        // an empty string and opaque data with a two-byte length.
        var output = new ArrayBufferWriter<byte>();
        var writer = new WbxmlWriter(output);
        writer.WriteStartElement(AirSyncTags.Sync);
        writer.WriteElementString(AirSyncTags.SyncKey, "Zürich 東京");
        writer.WriteEmptyElement(AirSyncTags.MoreAvailable);
        writer.WriteStartElement(AirSyncBaseTags.Body);
        writer.WriteElementString(AirSyncBaseTags.Data, string.Empty);
        writer.WriteElementOpaque(AirSyncBaseTags.Data, Enumerable.Range(0, 150).Select(i => (byte)i).ToArray());
        writer.WriteEndElement();
        writer.WriteElementString(AirSyncTags.Status, "1");
        writer.WriteEndElement();
        return output.WrittenSpan.ToArray();
    }

    [Fact]
    public void Read_EveryPrefixNotFinal_ReturnsFalseLeavingTheIncompleteTokenUnconsumed()
    {
        List<string> expected = Tokens.Read(Document);
        for (int length = 0; length < Document.Length; length++)
        {
            var reader = new WbxmlReader(Document.AsSpan(0, length), isFinalBlock: false, default);
            var tokens = new List<string>();
            while (reader.Read())
            {
                tokens.Add(Tokens.Describe(ref reader));
            }

            // What was read is a prefix of the full token list, and the rest resumes from the state.
            Assert.Equal(expected.Take(tokens.Count), tokens);
            Assert.True(reader.BytesConsumed <= length);
            Assert.False(reader.IsDocumentComplete);
            WbxmlReaderState state = reader.CurrentState;
            Assert.Equal(reader.BytesConsumed, state.DocumentOffset);

            var rest = new WbxmlReader(Document.AsSpan((int)reader.BytesConsumed), isFinalBlock: true, state);
            while (rest.Read())
            {
                tokens.Add(Tokens.Describe(ref rest));
            }

            Assert.Equal(expected, tokens);
            Assert.Equal(Document.Length, rest.DocumentOffset);
        }
    }

    [Fact]
    public void Read_EveryPrefixFinal_ThrowsUnexpectedEndOrMissingRoot()
    {
        for (int length = 0; length < Document.Length; length++)
        {
            WbxmlException e = Hex.Throws(Document[..length]);
            Assert.True(e.Error is WbxmlError.UnexpectedEndOfData or WbxmlError.MissingRootElement, $"length {length}: {e.Error}");
            Assert.InRange(e.Offset, 0, length);
        }
    }

    [Fact]
    public void Read_ResumeOneByteAtATime_GivesTheSameTokens()
    {
        // Feed the document one byte more each time, keeping the unconsumed bytes, as a network would.
        List<string> expected = Tokens.Read(Document);
        var tokens = new List<string>();
        WbxmlReaderState state = default;
        int start = 0;
        for (int end = 1; end <= Document.Length; end++)
        {
            var reader = new WbxmlReader(Document.AsSpan(start, end - start), isFinalBlock: end == Document.Length, state);
            while (reader.Read())
            {
                tokens.Add(Tokens.Describe(ref reader));
            }

            state = reader.CurrentState;
            start += (int)reader.BytesConsumed;
        }

        Assert.Equal(expected, tokens);
        Assert.True(state.IsDocumentComplete);
    }

    [Fact]
    public void Read_SequenceSplitAtEveryPoint_GivesTheSameTokens()
    {
        List<string> expected = Tokens.Read(Document);
        for (int split = 0; split <= Document.Length; split++)
        {
            Assert.Equal(expected, Tokens.Read(Segments.SplitAt(Document, split)));
        }
    }

    [Fact]
    public void Read_SequenceSplitAtEveryPairOfPoints_GivesTheSameTokens()
    {
        List<string> expected = Tokens.Read(Document);
        for (int first = 0; first <= Document.Length; first++)
        {
            for (int second = first; second <= Document.Length; second++)
            {
                Assert.Equal(expected, Tokens.Read(Segments.SplitAt(Document, first, second)));
            }
        }
    }

    [Fact]
    public void Read_OneByteSegmentsWithEmptySegments_GivesTheSameTokens()
    {
        Assert.Equal(Tokens.Read(Document), Tokens.Read(Segments.OneByteWithEmpties(Document)));
    }

    [Fact]
    public void Read_StringStraddlingSegments_IsExposedAsValueSequence()
    {
        byte[] data = Hex.Parse(Hex.Header + "45 03 61 62 63 64 00 01");
        var reader = new WbxmlReader(Segments.SplitAt(data, 7));
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.True(reader.HasValueSequence);
        Assert.True(reader.ValueSpan.IsEmpty);
        Assert.Equal(4, reader.ValueLength);
        Assert.Equal("abcd", reader.GetString());
        Assert.True(reader.ValueEquals("abcd"u8));
        Assert.False(reader.ValueEquals("abce"u8));
        Assert.Equal(5, reader.TokenOffset);
    }

    [Fact]
    public void Read_InvalidUtf8SplitAcrossSegments_IsRejectedAndValidSplitsAccepted()
    {
        // "é" (C3 A9) split between segments is fine; C3 followed by 28 is not.
        byte[] valid = Hex.Parse(Hex.Header + "45 03 61 C3 A9 E6 9D B1 F0 9F 98 80 00 01");
        for (int split = 6; split < valid.Length - 2; split++)
        {
            Assert.Equal("'aé東😀'@1", Tokens.Read(Segments.SplitAt(valid, split))[1]);
        }

        byte[] invalid = Hex.Parse(Hex.Header + "45 03 61 C3 28 00 01");
        for (int split = 6; split < invalid.Length; split++)
        {
            WbxmlException e = Assert.Throws<WbxmlException>(() => Tokens.Read(Segments.SplitAt(invalid, split)));
            Assert.Equal(WbxmlError.InvalidUtf8, e.Error);
            Assert.Equal(5, e.Offset);
        }
    }

    [Fact]
    public void Read_StringStraddlingSegments_RespectsMaxStringLength()
    {
        var options = new WbxmlReaderOptions { MaxStringLength = 3 };
        byte[] ok = Hex.Parse(Hex.Header + "45 03 61 62 63 00 01");
        byte[] tooLong = Hex.Parse(Hex.Header + "45 03 61 62 63 64 65 66 00 01");
        for (int split = 6; split < ok.Length; split++)
        {
            Assert.Equal("'abc'@1", Tokens.Read(Segments.SplitAt(ok, split), options)[1]);
        }

        for (int first = 6; first < tooLong.Length; first++)
        {
            for (int second = first; second < tooLong.Length; second++)
            {
                WbxmlException e = Assert.Throws<WbxmlException>(() => Tokens.Read(Segments.SplitAt(tooLong, first, second), options));
                Assert.Equal(WbxmlError.StringTooLong, e.Error);
                Assert.Equal(5, e.Offset);

                // Not final either: too long is too long, whatever follows.
                e = Assert.Throws<WbxmlException>(() =>
                {
                    var reader = new WbxmlReader(Segments.SplitAt(tooLong[..^2], Math.Min(first, tooLong.Length - 2), Math.Min(second, tooLong.Length - 2)), isFinalBlock: false, new WbxmlReaderState(options));
                    while (reader.Read())
                    {
                    }
                });
                Assert.Equal(WbxmlError.StringTooLong, e.Error);
            }
        }
    }

    [Fact]
    public void Read_ManySegments_EveryStraddlingTokenIsFound()
    {
        byte[] document = WbxmlSampleDocuments.CreateSyncResponse(256 * 1024);
        List<string> expected = Tokens.Read(document);
        var parts = new List<byte[]>();
        for (int offset = 0; offset < document.Length; offset += 97)
        {
            parts.Add(document[offset..Math.Min(offset + 97, document.Length)]);
        }

        Assert.Equal(expected, Tokens.Read(Segments.Create([.. parts])));
    }

    [Fact]
    public void Read_MultiSegmentNotFinal_ResumesFromState()
    {
        List<string> expected = Tokens.Read(Document);
        for (int split = 1; split < Document.Length; split++)
        {
            var tokens = new List<string>();
            ReadOnlySequence<byte> first = Segments.SplitAt(Document[..split], split / 2);
            var reader = new WbxmlReader(first, isFinalBlock: false, default);
            while (reader.Read())
            {
                tokens.Add(Tokens.Describe(ref reader));
            }

            ReadOnlySequence<byte> rest = Segments.SplitAt(Document[(int)reader.BytesConsumed..], 1);
            var next = new WbxmlReader(rest, isFinalBlock: true, reader.CurrentState);
            while (next.Read())
            {
                tokens.Add(Tokens.Describe(ref next));
            }

            Assert.Equal(expected, tokens);
        }
    }

    [Fact]
    public async Task PipeReader_BodySplitAtEveryByteBoundary_GivesTheSameTokens()
    {
        List<string> expected = Tokens.Read(Document);
        for (int split = 0; split <= Document.Length; split++)
        {
            var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 16));
            var handler = new CollectingHandler();
            Task<long> reading = WbxmlPipeReader.ReadDocumentAsync(pipe.Reader, handler).AsTask();
            await pipe.Writer.WriteAsync(Document.AsMemory(0, split));
            await Task.Yield();
            await pipe.Writer.WriteAsync(Document.AsMemory(split));
            await pipe.Writer.CompleteAsync();
            Assert.Equal(Document.Length, await reading);
            Assert.Equal(expected, handler.Tokens);
        }
    }

    [Fact]
    public async Task PipeReader_OneByteWrites_GivesTheSameTokens()
    {
        var pipe = new Pipe();
        var handler = new CollectingHandler();
        Task<long> reading = WbxmlPipeReader.ReadDocumentAsync(pipe.Reader, handler).AsTask();
        for (int i = 0; i < Document.Length; i++)
        {
            await pipe.Writer.WriteAsync(Document.AsMemory(i, 1));
        }

        await pipe.Writer.CompleteAsync();
        Assert.Equal(Document.Length, await reading);
        Assert.Equal(Tokens.Read(Document), handler.Tokens);
    }

    [Fact]
    public async Task PipeReader_TruncatedBody_ThrowsWbxmlException()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Document.AsMemory(0, Document.Length - 1));
        await pipe.Writer.CompleteAsync();
        WbxmlException e = await Assert.ThrowsAsync<WbxmlException>(() => WbxmlPipeReader.ReadDocumentAsync(pipe.Reader, new CollectingHandler()).AsTask());
        Assert.Equal(WbxmlError.UnexpectedEndOfData, e.Error);
    }

    [Fact]
    public async Task PipeReader_TrailingBytesInALaterWrite_ThrowsTrailingData()
    {
        var pipe = new Pipe();
        Task<long> reading = WbxmlPipeReader.ReadDocumentAsync(pipe.Reader, new CollectingHandler()).AsTask();
        await pipe.Writer.WriteAsync(Document);
        await Task.Yield();
        await pipe.Writer.WriteAsync(new byte[] { 0x45 });
        await pipe.Writer.CompleteAsync();
        WbxmlException e = await Assert.ThrowsAsync<WbxmlException>(() => reading);
        Assert.Equal(WbxmlError.TrailingData, e.Error);
        Assert.Equal(Document.Length, e.Offset);
    }

    private sealed class CollectingHandler : IWbxmlTokenHandler
    {
        public List<string> Tokens { get; } = [];

        public void OnToken(ref WbxmlReader reader) => Tokens.Add(Wbxml.Tokens.Describe(ref reader));
    }
}
