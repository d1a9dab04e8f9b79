using HybridCore.AspNetCore.Directory;
using HybridCore.Directory;

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

        try
        {
            return HybridDirectoryFile.Parse(bytes);
        }
        catch (DirectoryValidationException e)
        {
            var message = new System.Text.StringBuilder();
            message.Append("The directory in ").Append(source).Append(" is not valid:");
            foreach (DirectoryValidationError error in e.Errors)
            {
                message.AppendLine().Append("  ").Append(error.ToString());
            }

            throw new CliUserException(message.ToString(), e);
        }
    }
}
