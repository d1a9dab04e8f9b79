using System.Buffers;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using HybridCore.DirectoryModel;
using HybridCore.Ldap;

namespace HybridCore.Cli.Commands;

/// <summary><c>hybridcore directory export</c>: snapshot Active Directory into the directory JSON that
/// <c>resolve</c>, <c>readiness</c> and <c>serve --directory</c> read.</summary>
internal static class DirectoryCommand
{
    public static Command Create(CliConsole console)
    {
        var ldap = new LdapCliOptions();
        ldap.Ldap.Required = true;
        var export = new Command("export", "Read organization relationships and recipients from Active Directory over LDAP and write them as directory JSON to standard output.");
        ldap.AddTo(export);
        export.SetAction(async (parse, cancellationToken) =>
        {
            LdapDirectoryOptions options = ldap.Read(parse)!;
            LdapDirectoryReadResult result = await Task.Run(() => Read(console, options, cancellationToken), cancellationToken).ConfigureAwait(false);
            WriteJson(console, result.Snapshot);
            console.Error.WriteLine($"Read {result.Snapshot.Recipients.Length} recipients and {result.Snapshot.Relationships.Length} relationships from {options.Server} (base '{result.BaseDn}', configuration '{result.ConfigurationDn}', NetBIOS domain {result.NetBiosDomain ?? "unknown"}).");
            if (result.SkippedCount > 0)
            {
                console.Error.WriteLine(console.Style("warning: ", CliConsole.Color.Yellow) + $"{result.SkippedCount} entries left out:");
                foreach (string s in result.Skipped)
                {
                    console.Error.WriteLine("  " + s);
                }
            }

            return ExitCodes.Ok;
        });

        var command = new Command("directory", "Work with the directory (organization relationships and recipients).");
        command.Subcommands.Add(export);
        return command;
    }

    /// <summary>Writes the directory JSON to standard output as it is made (<see cref="DirectoryJson.Write"/>): the text of
    /// 100 000 recipients is about 46 MB, which never needs to exist as one string.</summary>
    private static void WriteJson(CliConsole console, DirectorySnapshot snapshot)
    {
        var options = new JsonWriterOptions { Indented = true };
        if (console.OpenBinaryOutput is { } open)
        {
            console.Out.Flush();
            using Stream stdout = open();
            using var buffered = new BufferedStream(stdout, 1 << 16);
            using (var writer = new Utf8JsonWriter(buffered, options))
            {
                DirectoryJson.Write(writer, snapshot);
            }

            buffered.Write(Encoding.UTF8.GetBytes(Environment.NewLine));
            buffered.Flush();
            return;
        }

        // Output captured as text (in-process callers): the same bytes, decoded once.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            DirectoryJson.Write(writer, snapshot);
        }

        console.Out.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static LdapDirectoryReadResult Read(CliConsole console, LdapDirectoryOptions options, CancellationToken cancellationToken)
    {
        using var connector = CreateConnector(options);
        var progress = console.ErrorIsTerminal ? new CountProgress(console.Error) : null;
        try
        {
            return new LdapDirectoryReader(connector).Read(progress, cancellationToken);
        }
        catch (LdapDirectoryException e)
        {
            throw new CliUserException(e.Message, e);
        }
        finally
        {
            progress?.Clear();
        }
    }

    internal static LdapConnector CreateConnector(LdapDirectoryOptions options)
    {
        try
        {
            return new LdapConnector(options);
        }
        catch (LdapDirectoryException e)
        {
            throw new CliUserException(e.Message, e);
        }
    }

    /// <summary>"read N recipients" on standard error, redrawn at most ten times a second.</summary>
    private sealed class CountProgress(TextWriter error) : IProgress<int>
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private TimeSpan _last = TimeSpan.MinValue;

        public void Report(int value)
        {
            if (_clock.Elapsed - _last < TimeSpan.FromMilliseconds(100))
            {
                return;
            }

            _last = _clock.Elapsed;
            error.Write($"\rreading recipients: {value}");
            error.Flush();
        }

        public void Clear()
        {
            if (_last != TimeSpan.MinValue)
            {
                error.Write("\r" + new string(' ', 40) + "\r");
            }
        }
    }
}
