using System.CommandLine;
using System.Net;
using HybridCore.AspNetCore.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace HybridCore.Cli.Commands;

/// <summary><c>hybridcore serve</c>: the reference front door.</summary>
internal static class ServeCommand
{
    /// <summary>Loopback only by default: Basic credentials over plain HTTP must not leave the machine.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create(CliConsole console)
    {
        var directory = new Option<FileInfo?>("--directory", "-d")
        {
            Description = "Directory file (JSON: relationships, recipients, passwords). Default: the embedded demo lab (batre.msftonlinerepro.com, password P@ssw0rd-demo).",
        };
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, semicolon separated.",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var backend = new Option<Uri?>("--backend")
        {
            Description = "Absolute http(s) URL of the Exchange (or test) server that serves local mailboxes; without it they get 502.",
            CustomParser = r =>
            {
                string text = r.Tokens.Single().Value;
                if (Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                {
                    return uri;
                }

                r.AddError($"--backend must be an absolute http or https URL (was '{text}').");
                return null;
            },
        };
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = "Log at Debug level (includes user names in decisions).",
        };

        var ldap = new LdapCliOptions();
        var refresh = new Option<int>("--refresh")
        {
            Description = "With --ldap: seconds between directory refreshes (a failed refresh keeps the last good directory).",
            DefaultValueFactory = _ => 300,
        };

        var command = new Command("serve", "Run the reference front door: redirect migrated users' ActiveSync (451) and Autodiscover (redirectAddr) requests, answer UserHasNoMailbox where no redirect is possible, forward local mailboxes to --backend.");
        command.Options.Add(directory);
        command.Options.Add(urls);
        command.Options.Add(backend);
        command.Options.Add(verbose);
        var policy = new RedirectPolicyOptions();
        policy.AddTo(command);
        ldap.AddTo(command);
        command.Options.Add(refresh);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using LdapFrontDoor? live = LoadLdap(ldap, parse, parse.GetValue(refresh), cancellationToken);
            HybridDirectoryFile file = live is null ? DirectoryLoader.Load(parse.GetValue(directory)) : LdapFrontDoor.EmptyFile;
            var settings = new FrontDoorSettings
            {
                Directory = file,
                Urls = parse.GetValue(urls)!,
                Backend = parse.GetValue(backend),
                MinimumLogLevel = parse.GetValue(verbose) ? LogLevel.Debug : LogLevel.Information,
                ConfigureRedirects = policy.Configure(parse),
                DefaultDomain = parse.GetValue(policy.DefaultDomain),
            };
            settings = live?.Apply(settings) ?? settings;

            WebApplication app = FrontDoor.Build(settings);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new CliUserException($"Cannot listen on {settings.Urls}: {e.Message}", e);
            }

            foreach (string address in FrontDoor.Addresses(app))
            {
                console.Out.WriteLine($"Listening on {console.Style(address, CliConsole.Color.Cyan)}");
                if (address.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !IsLoopback(address))
                {
                    console.Error.WriteLine(console.Style("warning: ", CliConsole.Color.Yellow) + $"{address} is plain HTTP on a non-loopback address: Basic credentials would cross the network unencrypted.");
                }
            }

            if (live is not null)
            {
                console.Out.WriteLine($"Directory: {live.Initial.Snapshot.Recipients.Length} recipients, {live.Initial.Snapshot.Relationships.Length} relationships from {parse.GetValue(ldap.Ldap)} (refreshed every {live.Refresh.TotalSeconds:0} s; health at {LdapFrontDoor.HealthPath}); passwords checked by LDAP bind.");
            }
            else
            {
                console.Out.WriteLine(parse.GetValue(directory) is null
                    ? "Directory: embedded demo lab (users user12, Mig8, admin, user30, Kiosk3, cutover5 @batre.msftonlinerepro.com; password P@ssw0rd-demo)."
                    : $"Directory: {file.Snapshot.Recipients.Length} recipients, {file.Snapshot.Relationships.Length} relationships.");
                if (file.PasswordHashes.Count == 0)
                {
                    console.Error.WriteLine(console.Style("warning: ", CliConsole.Color.Yellow) + "the directory has no \"passwords\": every Basic log-on will be refused (make hashes with 'hybridcore hash-password').");
                }
            }

            console.Out.WriteLine(settings.Backend is null ? "Back end: none (local mailboxes get 502)." : $"Back end: {settings.Backend}");
            console.Out.WriteLine("Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static LdapFrontDoor? LoadLdap(LdapCliOptions ldap, ParseResult parse, int refreshSeconds, CancellationToken cancellationToken)
    {
        if (ldap.Read(parse) is not { } options)
        {
            return null;
        }

        if (parse.GetValue<FileInfo?>("--directory") is not null)
        {
            throw new CliUserException("Give either --directory or --ldap, not both.");
        }

        if (refreshSeconds < 5)
        {
            throw new CliUserException($"--refresh must be at least 5 seconds (was {refreshSeconds}).");
        }

        return LdapFrontDoor.Load(options, TimeSpan.FromSeconds(refreshSeconds), cancellationToken);
    }

    private static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out Uri? uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? ip) && IPAddress.IsLoopback(ip));
    }
}
