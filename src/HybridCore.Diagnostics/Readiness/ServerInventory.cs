using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace HybridCore.Diagnostics.Readiness;

/// <summary>An Exchange server of the inventory.</summary>
/// <param name="Name">The server name.</param>
/// <param name="Build">Its build.</param>
/// <param name="Roles">Its roles as exported (free text), if given.</param>
public sealed record ExchangeServerInfo(string Name, ExchangeBuild Build, string? Roles);

/// <summary>Why an inventory line was not read.</summary>
public enum InventoryProblemReason
{
    /// <summary>The header has no <c>Name</c> column, or no <c>AdminDisplayVersion</c> (or <c>Version</c>/<c>Build</c>) column.</summary>
    MissingColumns = 0,

    /// <summary>The line has fewer values than the header.</summary>
    MissingValues,

    /// <summary>The version is not an Exchange build number.</summary>
    UnreadableBuild,

    /// <summary>A quoted value is not closed on its line.</summary>
    UnclosedQuote,
}

/// <summary>An inventory line that was not read.</summary>
/// <param name="Line">The 1-based line number.</param>
/// <param name="Reason">Why.</param>
/// <param name="Text">The line.</param>
public sealed record InventoryProblem(int Line, InventoryProblemReason Reason, string Text);

/// <summary>
/// The Exchange servers of an organisation, read from the CSV that
/// <c>Get-ExchangeServer | Select-Object Name,AdminDisplayVersion,ServerRole | Export-Csv servers.csv</c>
/// writes (a <c>#TYPE</c> line is skipped; column names are case-insensitive; <c>Version</c> or
/// <c>Build</c> may stand for <c>AdminDisplayVersion</c>; values in any build form
/// <see cref="ExchangeBuild.TryParse"/> accepts). Never throws on content: unreadable lines are
/// kept as <see cref="Problems"/>.
/// </summary>
public sealed class ServerInventory
{
    /// <summary>Creates an inventory from known servers.</summary>
    /// <param name="servers">The servers.</param>
    /// <param name="problems">Lines that could not be read.</param>
    public ServerInventory(IReadOnlyList<ExchangeServerInfo> servers, IReadOnlyList<InventoryProblem>? problems = null)
    {
        Servers = servers ?? throw new ArgumentNullException(nameof(servers));
        Problems = problems ?? [];
    }

    /// <summary>The servers read.</summary>
    public IReadOnlyList<ExchangeServerInfo> Servers { get; }

    /// <summary>The lines not read.</summary>
    public IReadOnlyList<InventoryProblem> Problems { get; }

    /// <summary>Reads an inventory CSV.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <returns>The inventory.</returns>
    public static ServerInventory Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var servers = new List<ExchangeServerInfo>();
        var problems = new List<InventoryProblem>();
        int nameColumn = -1, versionColumn = -1, rolesColumn = -1;
        bool header = false;
        int number = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            if (line.Length == 0 || line.StartsWith("#TYPE", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            List<string>? cells = SplitCsv(line);
            if (cells is null)
            {
                problems.Add(new InventoryProblem(number, InventoryProblemReason.UnclosedQuote, line));
                continue;
            }

            if (!header)
            {
                header = true;
                for (int i = 0; i < cells.Count; i++)
                {
                    string c = cells[i].Trim();
                    if (c.Equals("Name", StringComparison.OrdinalIgnoreCase))
                    {
                        nameColumn = i;
                    }
                    else if (c.Equals("AdminDisplayVersion", StringComparison.OrdinalIgnoreCase) || (versionColumn < 0 && (c.Equals("Version", StringComparison.OrdinalIgnoreCase) || c.Equals("Build", StringComparison.OrdinalIgnoreCase))))
                    {
                        versionColumn = i;
                    }
                    else if (c.Equals("ServerRole", StringComparison.OrdinalIgnoreCase) || c.Equals("Roles", StringComparison.OrdinalIgnoreCase))
                    {
                        rolesColumn = i;
                    }
                }

                if (nameColumn < 0 || versionColumn < 0)
                {
                    problems.Add(new InventoryProblem(number, InventoryProblemReason.MissingColumns, line));
                    break;
                }

                continue;
            }

            if (cells.Count <= Math.Max(nameColumn, versionColumn))
            {
                problems.Add(new InventoryProblem(number, InventoryProblemReason.MissingValues, line));
                continue;
            }

            if (!ExchangeBuild.TryParse(cells[versionColumn], out ExchangeBuild build))
            {
                problems.Add(new InventoryProblem(number, InventoryProblemReason.UnreadableBuild, line));
                continue;
            }

            string? roles = rolesColumn >= 0 && rolesColumn < cells.Count && cells[rolesColumn].Length > 0 ? cells[rolesColumn] : null;
            servers.Add(new ExchangeServerInfo(cells[nameColumn].Trim(), build, roles));
        }

        return new ServerInventory(servers, problems);
    }

    /// <summary>Splits one RFC 4180 line; null when a quote is not closed.</summary>
    private static List<string>? SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        cell.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        if (quoted)
        {
            return null;
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
