using System.Security.Cryptography;
using System.Text;
using HybridCore.AspNetCore.Authentication;
using HybridCore.DirectoryModel;

namespace HybridCore.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Every recipient of <paramref name="directory"/> logs on with <paramref name="sharedPassword"/>: the middleware and
/// authentication-handler tests need a validator, not a password store (the CLI demo's PBKDF2 store is tested in
/// HybridCore.Cli.Tests). The user name is looked up like any authenticated name and the password compared in fixed time.
/// </summary>
internal sealed class TestCredentialValidator(IHybridDirectory directory, string sharedPassword) : IHybridCredentialValidator
{
    private readonly byte[] _password = Encoding.UTF8.GetBytes(sharedPassword);

    public async ValueTask<string?> ValidateAsync(string userName, string password, CancellationToken cancellationToken)
    {
        RecipientLookupResult found = await directory.FindRecipientAsync(userName, cancellationToken);
        bool match = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), _password);
        return match && found.Recipient is { } recipient ? recipient.Identity : null;
    }
}
