// The code between each "sample:begin" and "sample:end" pair, the pairs joined by a blank line, is the whole program
// shown in docs/cli.md; DocsTests checks that the page and this file agree, and runs it (the page's block also
// compiles on its own in HybridCore.Docs.Tests).
#pragma warning disable IDE0005
// sample:begin
using HybridCore.DirectoryModel;
using HybridCore.Redirect;
// sample:end
#pragma warning restore IDE0005

namespace HybridCore.Cli.Tests.DocsSamples;

public static class ResolveSample
{
    /// <summary>The program up to its output.</summary>
    /// <param name="args">The command line: the directory file and the user, both optional.</param>
    /// <returns>The line the program prints.</returns>
    public static string Run(string[] args)
    {
        // sample:begin
        // The directory file and the user: examples/directory.json and user12 unless the command line names others.
        string directoryPath = args.Length > 0 ? args[0] : "examples/directory.json";
        string user = args.Length > 1 ? args[1] : "user12@batre.msftonlinerepro.com";

        DirectorySnapshot directory = DirectorySnapshot.FromJson(File.ReadAllBytes(directoryPath));
        var resolver = new RedirectResolver(directory.RelationshipIndex);

        RecipientLookupResult found = directory.RecipientIndex.Find(user);
        EasRedirectDecision eas = resolver.ResolveEas(
            new EasRedirectRequest(isOptions: false, protocolMajor: 14, protocolMinor: 1, LogonNameForm.UserPrincipalName), found);

        // e.g. "Redirect Redirected https://outlook.office365.com/Microsoft-Server-ActiveSync"
        string answer = $"{eas.Action} {eas.Reason} {eas.Location}";
        // sample:end
        return answer;
    }

    /// <summary>The program's last line.</summary>
    /// <param name="answer">What <see cref="Run"/> returned.</param>
    public static void Print(string answer)
    {
        // sample:begin
        Console.WriteLine(answer);
        // sample:end
    }
}
