namespace HybridCore.AspNetCore.Authentication;

/// <summary>Checks a user name and password sent with HTTP Basic authentication.</summary>
/// <remarks>
/// The user name is what the client typed: a UPN, an SMTP address or <c>DOMAIN\user</c>. Implementations
/// must not reveal through their answer or their timing whether the user exists.
/// </remarks>
public interface IHybridCredentialValidator
{
    /// <summary>Validates the credentials.</summary>
    /// <returns>The canonical user name to put in the principal (the recipient's identity) or null when the
    /// credentials are not valid.</returns>
    ValueTask<string?> ValidateAsync(string userName, string password, CancellationToken cancellationToken);
}
