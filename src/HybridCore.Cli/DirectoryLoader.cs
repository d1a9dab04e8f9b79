using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridCore.DirectoryModel;

namespace HybridCore.Cli;

/// <summary>Loads the directory a command works on: a file given with <c>--directory</c>, or the embedded demo lab.</summary>
internal static class DirectoryLoader
{
    private const string DemoResource = "HybridCore.Cli.demo-directory.json";

    /// <summary>The embedded demo directory's text.</summary>
    public static byte[] ReadDemoBytes()
    {
        using Stream stream = typeof(DirectoryLoader).Assembly.GetManifestResourceStream(DemoResource)
            ?? throw new InvalidOperationException($"The embedded resource {DemoResource} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Loads and validates; problems become a <see cref="CliUserException"/> listing each one with its path.</summary>
    public static HybridDirectoryFile Load(FileInfo? file)
    {
        (byte[] bytes, string source) = ReadBytes(file);
        try
        {
            return HybridDirectoryFile.Parse(bytes);
        }
        catch (DirectoryValidationException e)
        {
            throw Invalid(source, e);
        }
    }

    /// <summary>
    /// Reads the directory's data without validating it, for the readiness checks (which report what is wrong with
    /// the entries as findings). The <c>passwords</c> object of a front-door file is not directory data and is left
    /// out. Only a file that cannot be read, or text that is not JSON of the directory's shape, is a
    /// <see cref="CliUserException"/>.
    /// </summary>
    public static (DirectoryDocument Document, string Source) LoadDocument(FileInfo? file)
    {
        (byte[] bytes, string source) = ReadBytes(file);
        try
        {
            bytes = DirectoryJson.PrepareText(bytes).ToArray();
            JsonNode? root = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 16 });
            if (root is JsonObject obj)
            {
                obj.Remove(HybridDirectoryFile.PasswordsProperty);
                bytes = Encoding.UTF8.GetBytes(obj.ToJsonString());
            }

            return (DirectoryJson.Parse(bytes), source);
        }
        catch (JsonException e)
        {
            throw new CliUserException($"The directory in {source} is not valid JSON: {e.Message}", e);
        }
        catch (DirectoryValidationException e)
        {
            throw Invalid(source, e);
        }
    }

    private static CliUserException Invalid(string source, DirectoryValidationException e)
    {
        var message = new StringBuilder();
        message.Append("The directory in ").Append(source).Append(" is not valid:");
        foreach (DirectoryValidationError error in e.Errors)
        {
            message.AppendLine().Append("  ").Append(error.ToString());
        }

        return new CliUserException(message.ToString(), e);
    }

    private static (byte[] Bytes, string Source) ReadBytes(FileInfo? file)
    {
        byte[] bytes;
        string source;
        if (file is null)
        {
            bytes = ReadDemoBytes();
            source = "the embedded demo directory";
        }
        else
        {
            source = file.FullName;
            if (!file.Exists)
            {
                throw new CliUserException($"The directory file '{file.FullName}' does not exist.");
            }

            if (file.Length > HybridDirectoryFile.MaxFileBytes)
            {
                throw new CliUserException($"The directory file '{file.FullName}' is larger than {HybridDirectoryFile.MaxFileBytes} bytes.");
            }

            try
            {
                bytes = File.ReadAllBytes(file.FullName);
            }
            catch (IOException e)
            {
                throw new CliUserException($"Cannot read '{file.FullName}': {e.Message}", e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new CliUserException($"Cannot read '{file.FullName}': {e.Message}", e);
            }
        }

        return (bytes, source);
    }
}
