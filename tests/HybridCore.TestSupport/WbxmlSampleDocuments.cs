using System.Buffers;
using System.Globalization;
using HybridCore.Wbxml;

namespace HybridCore.TestSupport;

/// <summary>
/// Deterministic, realistic ActiveSync documents for tests, benchmarks and the fuzz seeds: Sync responses
/// carrying new e-mail items (AirSync, Email and AirSyncBase code pages), like a server sends after
/// a mailbox's first sync ([MS-ASCMD] 2.2.1.21).
/// </summary>
public static class WbxmlSampleDocuments
{
    private static readonly string[] Words =
    [
        "meeting", "budget", "hybrid", "mailbox", "migration", "Exchange", "Online", "device", "sync", "report",
        "quarterly", "Zürich", "naïve", "café", "東京", "résumé", "Ελλάδα", "déjà", "project", "review",
    ];

    /// <summary>A Sync response of at least <paramref name="minimumSize"/> bytes.</summary>
    public static byte[] CreateSyncResponse(int minimumSize, int seed = 42)
    {
        var output = new ArrayBufferWriter<byte>(minimumSize + 4096);
        WriteSyncResponse(output, minimumSize, seed);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Writes a Sync response of at least <paramref name="minimumSize"/> bytes.</summary>
    public static void WriteSyncResponse(ArrayBufferWriter<byte> output, int minimumSize, int seed = 42)
    {
        var random = new Random(seed);
        int start = output.WrittenCount;
        var writer = new WbxmlWriter(output);
        writer.WriteStartElement(AirSyncTags.Sync);
        writer.WriteStartElement(AirSyncTags.Collections);
        writer.WriteStartElement(AirSyncTags.Collection);
        writer.WriteElementString(AirSyncTags.SyncKey, "1482759203");
        writer.WriteElementString(AirSyncTags.CollectionId, "5");
        writer.WriteElementString(AirSyncTags.Status, "1");
        writer.WriteStartElement(AirSyncTags.Commands);
        Span<char> scratch = stackalloc char[64];
        int item = 0;
        do
        {
            item++;
            writer.WriteStartElement(AirSyncTags.Add);
            writer.WriteElementString(AirSyncTags.ServerId, Format(scratch, "5:", item));
            writer.WriteStartElement(AirSyncTags.ApplicationData);
            writer.WriteElementString(EmailTags.To, "\"Don Funk\" <don@contoso.com>");
            writer.WriteElementString(EmailTags.From, "\"Ana Trujillo\" <ana.trujillo@contoso.com>");
            writer.WriteElementString(EmailTags.Subject, Sentence(random, 3 + random.Next(6)));
            writer.WriteElementString(EmailTags.DateReceived, "2026-11-20T08:15:00.000Z");
            writer.WriteElementString(EmailTags.DisplayTo, "Don Funk");
            writer.WriteElementString(EmailTags.ThreadTopic, "hybrid migration");
            writer.WriteElementString(EmailTags.Importance, "1");
            writer.WriteElementString(EmailTags.Read, random.Next(2) == 0 ? "0" : "1");
            writer.WriteStartElement(AirSyncBaseTags.Body);
            writer.WriteElementString(AirSyncBaseTags.Type, "1");
            string body = Sentence(random, 60 + random.Next(200));
            writer.WriteElementString(AirSyncBaseTags.EstimatedDataSize, Format(scratch, string.Empty, body.Length));
            writer.WriteElementString(AirSyncBaseTags.Data, body);
            writer.WriteEndElement();
            writer.WriteElementString(EmailTags.MessageClass, "IPM.Note");
            writer.WriteElementString(EmailTags.InternetCPID, "65001");
            writer.WriteStartElement(EmailTags.Flag);
            writer.WriteEndElement();
            writer.WriteElementString(EmailTags.ContentClass, "urn:content-classes:message");
            writer.WriteElementString(AirSyncBaseTags.NativeBodyType, "1");
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.Flush();
        }
        while (output.WrittenCount - start < minimumSize - 8);

        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static string Format(Span<char> scratch, string prefix, int number)
    {
        prefix.AsSpan().CopyTo(scratch);
        number.TryFormat(scratch[prefix.Length..], out int written, provider: CultureInfo.InvariantCulture);
        return scratch[..(prefix.Length + written)].ToString();
    }

    private static string Sentence(Random random, int words)
    {
        var builder = new System.Text.StringBuilder(words * 8);
        for (int i = 0; i < words; i++)
        {
            if (i > 0)
            {
                builder.Append(i % 12 == 0 ? ". " : " ");
            }

            builder.Append(Words[random.Next(Words.Length)]);
        }

        return builder.ToString();
    }
}
