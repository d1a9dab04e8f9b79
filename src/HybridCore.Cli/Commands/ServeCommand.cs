using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
        var urls = new Option<string?>("--urls")
        {
            Description = $"Where to listen, semicolon separated (default {DefaultUrls}; https URLs need --certificate or Kestrel: settings).",
        };
        var backend = new Option<Uri[]>("--backend")
        {
            Description = "Absolute http(s) URL of an Exchange (or test) server that serves local mailboxes; repeat it for several (load balanced, health checked). Without any, local mailboxes get 502.",
            AllowMultipleArgumentsPerToken = false,
            CustomParser = r =>
            {
                var list = new List<Uri>();
                foreach (System.CommandLine.Parsing.Token token in r.Tokens)
                {
                    string text = token.Value;
                    if (Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                    {
                        list.Add(uri);
                    }
                    else
                    {
                        r.AddError($"--backend must be an absolute http or https URL (was '{text}').");
                    }
                }

                return [.. list];
            },
        };
        var certificate = new Option<FileInfo?>("--certificate")
        {
            Description = "Server certificate for https: a .pfx/.p12 file, or a PEM certificate (key in --certificate-key or the same file).",
        };
        var certificateKey = new Option<FileInfo?>("--certificate-key")
        {
            Description = "PEM private key of --certificate.",
        };
        var config = new Option<FileInfo?>("--config")
        {
            Description = "JSON settings file (default: appsettings.json in the working directory, when present). Environment variables HYBRIDCORE_Section__Key override it; options on this command line override both.",
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
        command.Options.Add(certificate);
        command.Options.Add(certificateKey);
        command.Options.Add(config);
        command.Options.Add(verbose);
        var policy = new RedirectPolicyOptions();
        policy.AddTo(command);
        ldap.AddTo(command);
        command.Options.Add(refresh);
        command.SetAction(async (parse, cancellationToken) =>
        {
            FileInfo? directoryFile = parse.GetValue(directory);
            using LdapFrontDoor? live = LoadLdap(ldap, parse, parse.GetValue(refresh), cancellationToken);
            HybridDirectoryFile file = live is null ? DirectoryLoader.Load(directoryFile) : LdapFrontDoor.EmptyFile;
            var commandLine = new Dictionary<string, string?>();
            if (parse.GetValue(urls) is { } listen)
            {
                commandLine["FrontDoor:Urls"] = listen;
            }

            Uri[] backends = parse.GetValue(backend) ?? [];
            for (int i = 0; i < backends.Length; i++)
            {
                commandLine[$"FrontDoor:Backends:{i}"] = backends[i].GetLeftPart(UriPartial.Authority);
            }

            if (parse.GetValue(certificate) is { } cert)
            {
                commandLine["FrontDoor:Certificate:Path"] = cert.FullName;
            }

            if (parse.GetValue(certificateKey) is { } key)
            {
                commandLine["FrontDoor:Certificate:KeyPath"] = key.FullName;
            }

            var settings = new FrontDoorSettings
            {
                Directory = file,
                DirectoryFile = directoryFile,
                ConfigFile = parse.GetValue(config),
                CommandLine = commandLine,
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
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                throw new CliUserException($"{e.Message.TrimEnd('.')}: another program listens there. Stop it, or choose another address with --urls (for example --urls http://127.0.0.1:5081).", e);
            }
            catch (IOException e)
            {
                throw new CliUserException($"Cannot listen: {e.Message}", e);
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException e)
            {
                throw new CliUserException("Invalid settings:\n  " + string.Join("\n  ", e.Failures), e);
            }

            foreach (string address in FrontDoor.Addresses(app))
            {
                console.Out.WriteLine($"Listening on {console.Style(address, CliConsole.Color.Cyan)}");
                if (address.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !FrontDoorHostOptions.IsLoopback(address))
                {
                    console.Error.WriteLine(console.Style("warning: ", CliConsole.Color.Yellow) + $"{address} is plain HTTP on a non-loopback address: Basic credentials would cross the network unencrypted.");
                }
            }

            if (live is not null)
            {
                console.Out.WriteLine($"Directory: {Counted.Of(live.Directory.Snapshot.Recipients.Length, "recipient")}, {Counted.Of(live.Directory.Snapshot.Relationships.Length, "relationship")} from {parse.GetValue(ldap.Ldap)} (refreshed every {live.Refresh.TotalSeconds:0} s; health at {LdapFrontDoor.HealthPath}); passwords checked by LDAP bind.");
            }
            else
            {
                console.Out.WriteLine(parse.GetValue(directory) is null
                    ? "Directory: embedded demo lab (users user12, Mig8, admin, user30, Kiosk3, cutover5 @batre.msftonlinerepro.com; password P@ssw0rd-demo)."
                    : $"Directory: {Counted.Of(file.Snapshot.Recipients.Length, "recipient")}, {Counted.Of(file.Snapshot.Relationships.Length, "relationship")}.");
                if (file.PasswordHashes.Count == 0)
                {
                    console.Error.WriteLine(console.Style("warning: ", CliConsole.Color.Yellow) + "the directory has no \"passwords\": every Basic log-on will be refused (make hashes with 'hybridcore hash-password').");
                }
            }

            string[] configured = app.Services.GetRequiredService<IConfiguration>().GetSection("FrontDoor:Backends").Get<string[]>() ?? [];
            console.Out.WriteLine(configured.Length == 0 ? "Back end: none (local mailboxes get 502)." : $"Back ends: {string.Join(", ", configured)}");
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
}
