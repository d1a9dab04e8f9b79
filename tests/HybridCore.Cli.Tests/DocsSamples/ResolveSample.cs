// The code between "sample:begin" and "sample:end" is shown in docs/cli.md; DocsTests checks that the page
// and this file agree, and runs it.
#pragma warning disable IDE0005
using HybridCore.AspNetCore.Directory;
using HybridCore.Directory;
using HybridCore.Redirect;
#pragma warning restore IDE0005

namespace HybridCore.Cli.Tests.DocsSamples;

public static class ResolveSample
{
    public static string Run(string directoryPath, string user)
    {
        // sample:begin
        HybridDirectoryFile file = HybridDirectoryFile.Parse(File.ReadAllBytes(directoryPath));
        var resolver = new RedirectResolver(file.Snapshot.RelationshipIndex);

        RecipientLookupResult found = file.Snapshot.RecipientIndex.Find(user);
        EasRedirectDecision eas = resolver.ResolveEas(
            new EasRedirectRequest(isOptions: false, protocolMajor: 14, protocolMinor: 1, LogonNameForm.UserPrincipalName), found);

        // e.g. "Redirect Redirected https://outlook.office365.com/Microsoft-Server-ActiveSync"
        return $"{eas.Action} {eas.Reason} {eas.Location}";
        // sample:end
    }
}
