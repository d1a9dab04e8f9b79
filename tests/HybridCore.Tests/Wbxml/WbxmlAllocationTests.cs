using System.Buffers;
using HybridCore.Tests.Infrastructure;
using HybridCore.Wbxml;

namespace HybridCore.Tests.Wbxml;

[Collection(AllocationCollection.Name)]
public sealed class WbxmlAllocationTests
{
    private static readonly byte[] SyncResponse = WbxmlSampleDocuments.CreateSyncResponse(64 * 1024);

    private static long Walk(ReadOnlySpan<byte> data)
    {
        var reader = new WbxmlReader(data);
        long sum = 0;
        while (reader.Read())
        {
            sum += reader.TokenType == WbxmlTokenType.StartElement ? (int)reader.Tag : reader.ValueSpan.Length;
            _ = reader.TagName;
        }

        return sum;
    }

    [Fact]
    public void Read_SyncResponse_AllocatesNothing()
    {
        Assert.True(Walk(SyncResponse) > 0);
        Assert.Equal(0, Allocations.Measure(() => Walk(SyncResponse)));
    }

    [Fact]
    public void Read_MultiSegmentSyncResponse_AllocatesNothing()
    {
        ReadOnlySequence<byte> sequence = Segments.SplitAt(SyncResponse, 1, 2, 4096, 4097, 30000, 50000);
        long Read()
        {
            var reader = new WbxmlReader(sequence);
            long sum = 0;
            while (reader.Read())
            {
                sum += reader.ValueLength;
            }

            return sum;
        }

        Assert.True(Read() > 0);
        Assert.Equal(0, Allocations.Measure(() => Read()));
    }

    [Fact]
    public void ValueEqualsAndTryCopyValue_ValuesSpanningSegments_AllocateNothing()
    {
        // 7-byte segments: most strings span several, so both calls take their multi-segment paths.
        var parts = new List<byte[]>();
        for (int i = 0; i < SyncResponse.Length; i += 7)
        {
            parts.Add(SyncResponse.AsSpan(i, Math.Min(7, SyncResponse.Length - i)).ToArray());
        }

        ReadOnlySequence<byte> sequence = Segments.Create([.. parts]);
        byte[] scratch = new byte[SyncResponse.Length];
        long Compare()
        {
            var reader = new WbxmlReader(sequence);
            long matches = 0;
            while (reader.Read())
            {
                if (reader.TokenType == WbxmlTokenType.String && reader.TryCopyValue(scratch, out int n)
                    && reader.ValueEquals(scratch.AsSpan(0, n)))
                {
                    matches++;
                }
            }

            return matches;
        }

        Assert.True(Compare() > 100);
        Assert.Equal(0, Allocations.Measure(() => Compare(), iterations: 10));
    }

    [Fact]
    public void Read_ResumedInChunks_AllocatesNothing()
    {
        long Read()
        {
            WbxmlReaderState state = default;
            int start = 0;
            long tokens = 0;
            for (int end = 1000; ; end = Math.Min(end + 1000, SyncResponse.Length))
            {
                bool final = end == SyncResponse.Length;
                var reader = new WbxmlReader(SyncResponse.AsSpan(start, end - start), final, state);
                while (reader.Read())
                {
                    tokens++;
                }

                state = reader.CurrentState;
                start += (int)reader.BytesConsumed;
                if (final)
                {
                    return tokens;
                }
            }
        }

        Assert.True(Read() > 0);
        Assert.Equal(0, Allocations.Measure(() => Read()));
    }

    [Fact]
    public void Write_SyncResponse_AllocatesNothingBesidesTheBuffer()
    {
        var output = new ArrayBufferWriter<byte>(128 * 1024);
        void Write()
        {
            output.ResetWrittenCount();
            var writer = new WbxmlWriter(output);
            writer.WriteStartElement(AirSyncTags.Sync);
            writer.WriteStartElement(AirSyncTags.Collections);
            writer.WriteStartElement(AirSyncTags.Collection);
            writer.WriteElementString(AirSyncTags.SyncKey, "1482759203"u8);
            writer.WriteElementString(AirSyncTags.CollectionId, "5");
            writer.WriteStartElement(AirSyncTags.Commands);
            for (int i = 0; i < 100; i++)
            {
                writer.WriteStartElement(AirSyncTags.Add);
                writer.WriteElementString(AirSyncTags.ServerId, "5:1");
                writer.WriteStartElement(AirSyncTags.ApplicationData);
                writer.WriteElementString(EmailTags.Subject, "Zürich budget review");
                writer.WriteStartElement(AirSyncBaseTags.Body);
                writer.WriteElementString(AirSyncBaseTags.Type, "1"u8);
                writer.WriteElementString(AirSyncBaseTags.Data, "Hello from the hybrid migration team, 東京.");
                writer.WriteEndElement();
                writer.WriteEmptyElement(EmailTags.Flag);
                writer.WriteElementOpaque(EmailTags.MIMEData, "MIME-Version: 1.0"u8);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        Write();
        Assert.True(output.WrittenCount > 10_000);
        Assert.Equal(0, Allocations.Measure(Write));
    }
}
