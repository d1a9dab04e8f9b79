using System.Text;
using System.CommandLine;
using HybridCore.Wbxml;

namespace HybridCore.Cli.Commands;

/// <summary><c>hybridcore wbxml decode|encode</c>: ActiveSync WBXML ([MS-ASWBXML]) to XML and back.</summary>
internal static class WbxmlCommand
{
    /// <summary>Inputs larger than this are refused (16 MiB).</summary>
    public const int MaxInputBytes = 16 * 1024 * 1024;

    public static Command Create(CliConsole console)
    {
        var command = new Command("wbxml", "Convert ActiveSync WBXML to XML (namespaces per code page) and back.");
        command.Subcommands.Add(CreateDecode(console));
        command.Subcommands.Add(CreateEncode(console));
        return command;
    }

    private static Command CreateDecode(CliConsole console)
    {
        var input = new Argument<string>("file") { Description = "A WBXML file, binary or hex text, or '-' for standard input." };
        var command = new Command("decode", "Print a WBXML document as XML.");
        command.Arguments.Add(input);
        command.SetAction(parse =>
        {
            byte[] bytes = ReadInput(console, parse.GetValue(input)!);
            if (LooksLikeXml(bytes))
            {
                throw new CliUserException($"'{parse.GetValue(input)}' looks like XML, not WBXML. To turn XML into WBXML, use: hybridcore wbxml encode {parse.GetValue(input)}");
            }

            byte[] wbxml = TryParseHex(bytes, out byte[]? fromHex) ? fromHex : bytes;
            try
            {
                // Streamed as it is read: a small document can expand ~140 times as indented XML.
                WbxmlXmlConverter.WriteXml(wbxml, console.Out);
            }
            catch (WbxmlException e)
            {
                console.Out.WriteLine();
                throw new CliUserException($"Not valid ActiveSync WBXML: {e.Message}", e);
            }

            console.Out.WriteLine();
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateEncode(CliConsole console)
    {
        var input = new Argument<string>("file") { Description = "An XML file using the ActiveSync namespaces (e.g. xmlns=\"AirSync\"), or '-' for standard input." };
        var hex = new Option<bool>("--hex") { Description = "Write hex text instead of binary (the default when standard output is a terminal)." };
        var command = new Command("encode", "Encode an XML document as ActiveSync WBXML.");
        command.Arguments.Add(input);
        command.Options.Add(hex);
        command.SetAction(parse =>
        {
            byte[] bytes = ReadInput(console, parse.GetValue(input)!);
            string xml = Encoding.UTF8.GetString(bytes);
            byte[] wbxml;
            try
            {
                wbxml = WbxmlXmlConverter.FromXml(xml);
            }
            catch (WbxmlException e)
            {
                throw new CliUserException($"Cannot encode as ActiveSync WBXML: {e.Message}", e);
            }

            if (parse.GetValue(hex) || console.OutputIsTerminal || console.OpenBinaryOutput is null)
            {
                console.Out.WriteLine(Convert.ToHexString(wbxml));
            }
            else
            {
                console.Out.Flush();
                using Stream stdout = console.OpenBinaryOutput();
                stdout.Write(wbxml);
                stdout.Flush();
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    internal static byte[] ReadInput(CliConsole console, string path)
    {
        try
        {
            Stream stream = path == "-" ? console.OpenInput() : File.OpenRead(path);
            using (stream)
            {
                using var copy = new MemoryStream();
                byte[] chunk = new byte[81920];
                int n;
                while ((n = stream.Read(chunk)) > 0)
                {
                    if (copy.Length + n > MaxInputBytes)
                    {
                        throw new CliUserException($"The input is larger than {MaxInputBytes} bytes.");
                    }

                    copy.Write(chunk, 0, n);
                }

                return copy.ToArray();
            }
        }
        catch (FileNotFoundException e)
        {
            throw new CliUserException($"The file '{path}' does not exist.", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new CliUserException($"The file '{path}' does not exist.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliUserException($"Cannot read '{path}': {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new CliUserException($"Cannot read '{path}': {e.Message}", e);
        }
    }

    /// <summary>Text that starts (after a UTF-8 byte order mark and white space) with '&lt;': an XML document. WBXML
    /// starts with its version byte (0x01 to 0x03 for ActiveSync), never with '&lt;'.</summary>
    internal static bool LooksLikeXml(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        bytes = bytes.TrimStart(" \t\r\n"u8);
        return !bytes.IsEmpty && bytes[0] == (byte)'<';
    }

    /// <summary>Hex text (pairs of hex digits, optionally separated by white space, optional 0x prefix) → bytes.</summary>
    internal static bool TryParseHex(ReadOnlySpan<byte> text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        var digits = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            byte b = text[i];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'-' or (byte)':')
            {
                continue;
            }

            if (b == '0' && i + 1 < text.Length && (text[i + 1] | 0x20) == 'x')
            {
                i++;
                continue;
            }

            if (!char.IsAsciiHexDigit((char)b))
            {
                return false;
            }

            digits.Append((char)b);
        }

        if (digits.Length == 0 || digits.Length % 2 != 0)
        {
            return false;
        }

        bytes = Convert.FromHexString(digits.ToString());
        return true;
    }
}
