using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HybridCore.DirectoryModel;

/// <summary>Reads and writes <see cref="DirectoryDocument"/> as JSON (System.Text.Json, source-generated: trimming and AOT safe).</summary>
public static class DirectoryJson
{
    /// <summary>Parses JSON text.</summary>
    /// <param name="utf8Json">UTF-8 JSON.</param>
    /// <returns>The document (not yet validated: see <see cref="DirectorySnapshot.Load"/>).</returns>
    /// <exception cref="DirectoryValidationException">The text is not JSON of the expected shape (code <see cref="DirectoryErrorCode.InvalidJson"/>, with line and byte position).</exception>
    public static DirectoryDocument Parse(ReadOnlySpan<byte> utf8Json)
    {
        utf8Json = PrepareText(utf8Json);
        try
        {
            return JsonSerializer.Deserialize(utf8Json, DirectoryJsonContext.Default.DirectoryDocument)
                ?? throw DirectoryValidationException.Single(DirectoryErrorCode.InvalidJson, "$", "The JSON document is null.");
        }
        catch (JsonException e)
        {
            string where = string.Create(CultureInfo.InvariantCulture, $"line {(e.LineNumber ?? 0) + 1}, byte {e.BytePositionInLine ?? 0}");
            string path = e.Path ?? "$";
            throw new DirectoryValidationException([new DirectoryValidationError(DirectoryErrorCode.InvalidJson, path, Describe(e, path, where))], e);
        }
    }

    /// <summary>The parser's complaint in the directory's terms: an unknown property names the object it is in and the
    /// properties that object has (System.Text.Json would name a .NET type); anything else keeps the parser's words.</summary>
    private static string Describe(JsonException e, string path, string where)
    {
        if (e.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            int dot = path.LastIndexOf('.');
            string name = dot >= 0 ? path[(dot + 1)..].Trim('[', ']', '\'') : path;
            (string what, System.Text.Json.Serialization.Metadata.JsonTypeInfo info) =
                path.StartsWith("$.recipients[", StringComparison.Ordinal) ? ("a recipient", DirectoryJsonContext.Default.RecipientData)
                : path.StartsWith("$.relationships[", StringComparison.Ordinal) ? ("an organization relationship", DirectoryJsonContext.Default.OrganizationRelationshipData)
                : ("the directory file", (System.Text.Json.Serialization.Metadata.JsonTypeInfo)DirectoryJsonContext.Default.DirectoryDocument);
            return $"Unknown property '{name}' at {where}: {what} has no such property. Known: {string.Join(", ", info.Properties.Select(p => p.Name))}.";
        }

        return "Invalid JSON at " + where + ": " + e.Message;
    }

    /// <summary>
    /// The checks every reader of directory JSON makes before parsing: a UTF-8 byte order mark (what Windows
    /// PowerShell 5.1's <c>Out-File -Encoding utf8</c> writes) is skipped, and a property name that appears twice in
    /// one object is an error (JSON parsers disagree on which value wins, RFC 8259 section 4, so the file is
    /// ambiguous). Text that is not well-formed JSON is returned as it is, for the parser to report.
    /// </summary>
    /// <param name="utf8Json">UTF-8 JSON, with or without a byte order mark.</param>
    /// <returns>The text without the byte order mark.</returns>
    /// <exception cref="DirectoryValidationException">A property name is repeated in an object (code
    /// <see cref="DirectoryErrorCode.InvalidJson"/>, with its path, line and byte offset).</exception>
    public static ReadOnlySpan<byte> PrepareText(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8Json = utf8Json[3..];
        }

        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 });
        var frames = new List<(HashSet<string>? Names, int Index, string Path)>();
        string pending = "$";
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        frames.Add((reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null, 0, ValuePath(frames, pending)));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        Advance(frames);
                        break;
                    case JsonTokenType.String:
                    case JsonTokenType.PropertyName:
                    {
                        // The reader does not check UTF-8 inside strings; materialising one later would throw
                        // InvalidOperationException (found by fuzzing): say where instead.
                        if (!reader.ValueIsEscaped && !System.Text.Unicode.Utf8.IsValid(reader.ValueSpan))
                        {
                            throw DirectoryValidationException.Single(
                                DirectoryErrorCode.InvalidJson,
                                reader.TokenType == JsonTokenType.PropertyName ? ValuePath(frames, pending) : pending,
                                string.Create(CultureInfo.InvariantCulture, $"A string is not valid UTF-8 (byte offset {reader.TokenStartIndex})."));
                        }

                        string? text;
                        try
                        {
                            text = reader.GetString();
                        }
                        catch (InvalidOperationException)
                        {
                            throw DirectoryValidationException.Single(
                                DirectoryErrorCode.InvalidJson,
                                pending,
                                string.Create(CultureInfo.InvariantCulture, $"A string is not valid UTF-8 once its escapes are decoded (byte offset {reader.TokenStartIndex})."));
                        }

                        if (reader.TokenType == JsonTokenType.String)
                        {
                            Advance(frames);
                            break;
                        }

                        string name = text!;
                        (HashSet<string>? names, _, string path) = frames[^1];
                        pending = path == "$" ? name : path + "." + name;
                        if (!names!.Add(name))
                        {
                            long offset = reader.TokenStartIndex;
                            int line = utf8Json[..(int)offset].Count((byte)'\n') + 1;
                            throw DirectoryValidationException.Single(
                                DirectoryErrorCode.InvalidJson,
                                pending,
                                string.Create(CultureInfo.InvariantCulture, $"The property '{name}' appears twice in the same object (line {line}, byte offset {offset}); keep one."));
                        }

                        break;
                    }

                    default:
                        Advance(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not well-formed: the parser reports it with its position.
        }

        return utf8Json;

        static string ValuePath(List<(HashSet<string>? Names, int Index, string Path)> frames, string pending) =>
            frames.Count == 0 ? "$"
            : frames[^1].Names is null ? string.Create(CultureInfo.InvariantCulture, $"{frames[^1].Path}[{frames[^1].Index}]")
            : pending;

        static void Advance(List<(HashSet<string>? Names, int Index, string Path)> frames)
        {
            if (frames.Count > 0 && frames[^1].Names is null)
            {
                frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
            }
        }
    }

    /// <summary>Parses JSON text.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The document.</returns>
    /// <exception cref="DirectoryValidationException">The text is not JSON of the expected shape.</exception>
    public static DirectoryDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Writes the document as indented UTF-8 JSON.</summary>
    /// <param name="document">The document.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] SerializeToUtf8Bytes(DirectoryDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return JsonSerializer.SerializeToUtf8Bytes(document, DirectoryJsonContext.Default.DirectoryDocument);
    }

    private static readonly JsonEncodedText RelationshipsName = JsonEncodedText.Encode("relationships");
    private static readonly JsonEncodedText RecipientsName = JsonEncodedText.Encode("recipients");

    /// <summary>The number of bytes a <see cref="Utf8JsonWriter"/> holds before <see cref="Write"/> flushes it.</summary>
    private const int FlushThreshold = 64 * 1024;

    /// <summary>
    /// Writes a snapshot as directory JSON one relationship and one recipient at a time, flushing
    /// <paramref name="writer"/> every 64 KiB: a writer over a stream sends the text on as it is made, so memory stays
    /// bounded by one entry however large the directory is (<see cref="DirectorySnapshot.ToJson"/> builds the whole text,
    /// about 460 bytes per recipient, as one string). With an indented writer
    /// (<see cref="JsonWriterOptions.Indented"/>) the text is the same as <see cref="DirectorySnapshot.ToJson"/>'s.
    /// </summary>
    /// <param name="writer">Where the JSON goes; flushed when done.</param>
    /// <param name="snapshot">The directory.</param>
    public static void Write(Utf8JsonWriter writer, DirectorySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(snapshot);
        writer.WriteStartObject();
        writer.WriteStartArray(RelationshipsName);
        foreach (OrganizationRelationship r in snapshot.Relationships)
        {
            JsonSerializer.Serialize(writer, DirectorySnapshot.ToData(r), DirectoryJsonContext.Default.OrganizationRelationshipData);
            FlushIfFull(writer);
        }

        writer.WriteEndArray();
        writer.WriteStartArray(RecipientsName);
        foreach (Recipient r in snapshot.Recipients)
        {
            JsonSerializer.Serialize(writer, DirectorySnapshot.ToData(r), DirectoryJsonContext.Default.RecipientData);
            FlushIfFull(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();

        static void FlushIfFull(Utf8JsonWriter writer)
        {
            if (writer.BytesPending >= FlushThreshold)
            {
                writer.Flush();
            }
        }
    }

    /// <summary>Writes the document as indented JSON text.</summary>
    /// <param name="document">The document.</param>
    /// <returns>JSON.</returns>
    public static string Serialize(DirectoryDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return JsonSerializer.Serialize(document, DirectoryJsonContext.Default.DirectoryDocument);
    }
}

/// <summary>The source-generated serializer for directory documents. Unknown properties are errors, so typos surface.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    MaxDepth = 16)]
[JsonSerializable(typeof(DirectoryDocument))]
internal sealed partial class DirectoryJsonContext : JsonSerializerContext
{
}
