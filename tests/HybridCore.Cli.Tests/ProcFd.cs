namespace HybridCore.Cli.Tests;

/// <summary>Open file descriptors of a process, read from /proc (Linux).</summary>
internal static class ProcFd
{
    /// <summary>Whether process <paramref name="pid"/> has <paramref name="path"/> open (false where /proc is missing).</summary>
    public static bool HasOpen(int pid, string path)
    {
        try
        {
            foreach (string fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                if (string.Equals(new FileInfo(fd).LinkTarget, path, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process is starting or ending, or a descriptor closed while we looked.
        }

        return false;
    }
}
