using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HybridCore.Directory;

/// <summary>Reads and writes <see cref="DirectoryDocument"/> as JSON (System.Text.Json, source-generated: trimming and AOT safe).</summary>
public static class DirectoryJson
{
    /// <summary>Parses JSON text.</summary>
    /// <param name="utf8Json">UTF-8 JSON.</param>
    /// <returns>The document (not yet validated: see <see cref="DirectorySnapshot.Load"/>).</returns>
    /// <exception cref="DirectoryValidationException">The text is not JSON of the expected shape (code <see cref="DirectoryErrorCode.InvalidJson"/>, with line and byte position).</exception>
    public static DirectoryDocument Parse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, DirectoryJsonContext.Default.DirectoryDocument)
                ?? throw DirectoryValidationException.Single(DirectoryErrorCode.InvalidJson, "$", "The JSON document is null.");
        }
        catch (JsonException e)
        {
            string where = string.Create(CultureInfo.InvariantCulture, $"line {(e.LineNumber ?? 0) + 1}, byte {e.BytePositionInLine ?? 0}");
            throw new DirectoryValidationException([new DirectoryValidationError(DirectoryErrorCode.InvalidJson, e.Path ?? "$", "Invalid JSON at " + where + ": " + e.Message)], e);
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
