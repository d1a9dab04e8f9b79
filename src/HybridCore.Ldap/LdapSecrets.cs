using System.Text;

namespace HybridCore.Ldap;

/// <summary>Reads the service account's password from a file or an environment variable (never a command line,
/// where every local user can read it in the process list).</summary>
public static class LdapSecrets
{
    /// <summary>The largest password file read.</summary>
    public const int MaxPasswordFileBytes = 4096;

    /// <summary>The first line of <paramref name="file"/> (a trailing newline is not part of the password), or the
    /// value of the environment variable <paramref name="environmentVariable"/>.</summary>
    /// <param name="file">A file holding the password; takes precedence.</param>
    /// <param name="environmentVariable">An environment variable name.</param>
    /// <returns>The password, or null when neither is given.</returns>
    /// <exception cref="LdapDirectoryException">The file cannot be read, is too large or empty; the variable is unset or empty.</exception>
    public static string? ReadPassword(string? file, string? environmentVariable)
    {
        if (!string.IsNullOrEmpty(file))
        {
            byte[] bytes;
            try
            {
                var info = new FileInfo(file);
                if (!info.Exists)
                {
                    throw new LdapDirectoryException($"The password file '{file}' does not exist.");
                }

                if (info.Length > MaxPasswordFileBytes)
                {
                    throw new LdapDirectoryException($"The password file '{file}' is larger than {MaxPasswordFileBytes} bytes.");
                }

                bytes = File.ReadAllBytes(file);
            }
            catch (IOException e)
            {
                throw new LdapDirectoryException($"Cannot read the password file '{file}': {e.Message}", e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new LdapDirectoryException($"Cannot read the password file '{file}': {e.Message}", e);
            }

            string text;
            try
            {
                text = new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw new LdapDirectoryException($"The password file '{file}' is not UTF-8.", e);
            }

            int end = text.IndexOfAny(['\r', '\n']);
            string password = end < 0 ? text : text[..end];
            if (password.Length == 0)
            {
                throw new LdapDirectoryException($"The password file '{file}' is empty.");
            }

            return password;
        }

        if (!string.IsNullOrEmpty(environmentVariable))
        {
            string? value = Environment.GetEnvironmentVariable(environmentVariable);
            if (string.IsNullOrEmpty(value))
            {
                throw new LdapDirectoryException($"The environment variable {environmentVariable} is not set or empty.");
            }

            return value;
        }

        return null;
    }
}
