namespace HybridCore.Ldap;

/// <summary>
/// The directory could not be read or a credential could not be checked for a reason other than the credential
/// itself: the server is unreachable, TLS failed, the service account was refused, a search hit a server limit. The
/// message says which; <see cref="Exception.InnerException"/> holds the LDAP error when there is one.
/// </summary>
public sealed class LdapDirectoryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LdapDirectoryException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public LdapDirectoryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public LdapDirectoryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
