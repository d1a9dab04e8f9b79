using System.Text.Json;
using System.Text.Json.Nodes;
using HybridCore.AspNetCore;
using HybridCore.Cli.Authentication;
using HybridCore.DirectoryModel;

namespace HybridCore.Cli;

/// <summary>
/// A directory file for a front door: the models' JSON (<see cref="DirectoryDocument"/>: <c>relationships</c>
/// and <c>recipients</c>) plus an optional <c>passwords</c> object mapping recipient identity to a
/// <see cref="PasswordHash"/>, for HTTP Basic authentication.
/// </summary>
/// <example>
/// <code language="json">
/// {
///   "relationships": [ { "name": "On Premises to O365", "domainNames": ["contoso.mail.onmicrosoft.com"], "targetOwaUrl": "https://outlook.com/owa/contoso.com" } ],
///   "recipients": [ { "kind": "RemoteMailbox", "identity": "user12", "userPrincipalName": "user12@contoso.com",
///                     "remoteRoutingAddress": "SMTP:user12@contoso.mail.onmicrosoft.com" } ],
///   "passwords": { "user12": "PBKDF2-SHA256$100000$…$…" }
/// }
/// </code>
/// </example>
internal sealed class HybridDirectoryFile
{
    /// <summary>The name of the top-level property that holds password hashes.</summary>
    public const string PasswordsProperty = "passwords";

    /// <summary>Files larger than this are refused (16 MiB).</summary>
    public const int MaxFileBytes = 16 * 1024 * 1024;

    private HybridDirectoryFile(DirectorySnapshot snapshot, IReadOnlyDictionary<string, string> passwordHashes)
    {
        Snapshot = snapshot;
        Directory = new InMemoryHybridDirectory(snapshot);
        PasswordHashes = passwordHashes;
    }

    /// <summary>The validated models and indexes.</summary>
    public DirectorySnapshot Snapshot { get; }

    /// <summary>The directory over <see cref="Snapshot"/>.</summary>
    public InMemoryHybridDirectory Directory { get; }

    /// <summary>Recipient identity → password hash (empty when the file has no <c>passwords</c>).</summary>
    public IReadOnlyDictionary<string, string> PasswordHashes { get; }

    /// <summary>Parses and validates a directory file.</summary>
    /// <param name="utf8Json">The file's bytes.</param>
    /// <param name="strict">When true (default) a non-https TargetOWAURL is an error; when false it loads and the resolver reports it.</param>
    /// <returns>The file.</returns>
    /// <exception cref="DirectoryValidationException">The JSON is malformed, too large, or has invalid entries or password hashes (every problem, with its path).</exception>
    public static HybridDirectoryFile Parse(ReadOnlySpan<byte> utf8Json, bool strict = true)
    {
        if (utf8Json.Length > MaxFileBytes)
        {
            throw Invalid("$", $"The file is larger than {MaxFileBytes} bytes.");
        }

        // A UTF-8 byte order mark is skipped; a repeated property name anywhere is an error with its location.
        utf8Json = DirectoryJson.PrepareText(utf8Json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(utf8Json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw Invalid(e.Path ?? "$", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Invalid JSON at line {(e.LineNumber ?? 0) + 1}, byte {e.BytePositionInLine ?? 0}: {e.Message}"));
        }

        if (root is not JsonObject obj)
        {
            throw Invalid("$", "The file must hold a JSON object.");
        }

        var hashes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var spelled = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<DirectoryValidationError>();
        if (obj.TryGetPropertyValue(PasswordsProperty, out JsonNode? passwords))
        {
            obj.Remove(PasswordsProperty);
            if (passwords is JsonObject map)
            {
                foreach ((string identity, JsonNode? value) in map)
                {
                    string path = $"{PasswordsProperty}.{identity}";
                    if (spelled.TryGetValue(identity, out string? first))
                    {
                        // Identities are case-insensitive (as in Active Directory): two spellings would silently keep the last hash.
                        errors.Add(new DirectoryValidationError(DirectoryErrorCode.InvalidJson, path, $"The same identity as '{PasswordsProperty}.{first}' (identities are case-insensitive); keep one."));
                        continue;
                    }

                    spelled[identity] = identity;
                    string? hash = value is JsonValue v && v.TryGetValue(out string? text) ? text : null;
                    if (PasswordHash.Describe(hash) is { } problem)
                    {
                        errors.Add(new DirectoryValidationError(DirectoryErrorCode.InvalidJson, path, problem));
                    }
                    else
                    {
                        hashes[identity] = hash!;
                    }
                }
            }
            else if (passwords is not null)
            {
                errors.Add(new DirectoryValidationError(DirectoryErrorCode.InvalidJson, PasswordsProperty, "Must be an object mapping recipient identity to a password hash."));
            }
        }

        DirectorySnapshot? snapshot = null;
        try
        {
            snapshot = DirectorySnapshot.FromJson(JsonSerializer.SerializeToUtf8Bytes(obj, HybridJsonContext.Default.JsonObject), strict);
        }
        catch (DirectoryValidationException e)
        {
            errors.InsertRange(0, e.Errors);
        }

        if (snapshot is not null && hashes.Count > 0)
        {
            var identities = new HashSet<string>(snapshot.Recipients.Length, StringComparer.OrdinalIgnoreCase);
            foreach (Recipient r in snapshot.Recipients)
            {
                identities.Add(r.Identity);
            }

            foreach (string identity in hashes.Keys)
            {
                if (!identities.Contains(identity))
                {
                    errors.Add(new DirectoryValidationError(DirectoryErrorCode.MissingValue, $"{PasswordsProperty}.{identity}", "No recipient has this identity."));
                }
            }
        }

        if (errors.Count > 0 || snapshot is null)
        {
            throw new DirectoryValidationException(errors);
        }

        return new HybridDirectoryFile(snapshot, hashes);
    }

    private static DirectoryValidationException Invalid(string path, string message) =>
        new([new DirectoryValidationError(DirectoryErrorCode.InvalidJson, path, message)]);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonObject))]
internal sealed partial class HybridJsonContext : System.Text.Json.Serialization.JsonSerializerContext
{
}
