using System.Security.Claims;

namespace HybridCore.AspNetCore.Tests.Infrastructure;

/// <summary>An authenticated principal whose name is read without enumerating claims.</summary>
internal sealed class FixedPrincipal(string name) : ClaimsPrincipal(new FixedIdentity(name))
{
    private readonly FixedIdentity _identity = new(name);

    public override System.Security.Principal.IIdentity? Identity => _identity;

    private sealed class FixedIdentity(string name) : ClaimsIdentity("Test")
    {
        public override string Name => name;

        public override bool IsAuthenticated => true;
    }
}
