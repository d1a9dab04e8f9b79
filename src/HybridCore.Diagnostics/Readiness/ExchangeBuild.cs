using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace HybridCore.Diagnostics.Readiness;

/// <summary>An Exchange Server build number, <c>major.minor.build.revision</c> (e.g. 15.0.1076.9).</summary>
/// <param name="Major">Major version: 8 = Exchange 2007, 14 = 2010, 15 = 2013 and later.</param>
/// <param name="Minor">Minor version: for major 15, 0 = 2013, 1 = 2016, 2 = 2019 and Subscription Edition.</param>
/// <param name="Build">The build.</param>
/// <param name="Revision">The revision (security updates raise it).</param>
public readonly record struct ExchangeBuild(int Major, int Minor, int Build, int Revision) : IComparable<ExchangeBuild>
{
    /// <summary>Parses the forms Exchange and Microsoft's build table use: short (<c>15.0.1076.9</c>),
    /// long (<c>15.00.1076.009</c>), and <c>AdminDisplayVersion</c> as <c>Get-ExchangeServer</c>
    /// prints it (<c>Version 15.1 (Build 2507.6)</c>). A missing revision is 0.</summary>
    /// <param name="text">The text.</param>
    /// <param name="build">The build.</param>
    /// <returns>Whether the text is a build number.</returns>
    public static bool TryParse(string? text, out ExchangeBuild build)
    {
        build = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string s = text.Trim();
        if (s.StartsWith("Version ", StringComparison.OrdinalIgnoreCase))
        {
            // "Version 15.1 (Build 2507.6)"
            int open = s.IndexOf("(Build ", StringComparison.OrdinalIgnoreCase);
            int close = s.IndexOf(')', StringComparison.Ordinal);
            if (open < 0 || close < open)
            {
                return false;
            }

            s = string.Concat(s.AsSpan(8, open - 8).Trim(), ".", s.AsSpan(open + 7, close - open - 7).Trim());
        }

        string[] parts = s.Split('.');
        if (parts.Length is < 3 or > 4)
        {
            return false;
        }

        Span<int> n = stackalloc int[4];
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length is 0 or > 6 || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out n[i]))
            {
                return false;
            }
        }

        build = new ExchangeBuild(n[0], n[1], n[2], parts.Length == 4 ? n[3] : 0);
        return true;
    }

    /// <summary>Parses a build number.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The build.</returns>
    /// <exception cref="FormatException">The text is not a build number.</exception>
    public static ExchangeBuild Parse(string text) =>
        TryParse(text, out ExchangeBuild b) ? b : throw new FormatException($"'{text}' is not an Exchange build number (expected e.g. 15.0.1076.9 or 'Version 15.0 (Build 1076.9)').");

    /// <inheritdoc/>
    public int CompareTo(ExchangeBuild other)
    {
        int c = Major.CompareTo(other.Major);
        if (c == 0)
        {
            c = Minor.CompareTo(other.Minor);
        }

        if (c == 0)
        {
            c = Build.CompareTo(other.Build);
        }

        return c == 0 ? Revision.CompareTo(other.Revision) : c;
    }

    /// <summary>Whether <paramref name="left"/> is an earlier build.</summary>
    public static bool operator <(ExchangeBuild left, ExchangeBuild right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> is a later build.</summary>
    public static bool operator >(ExchangeBuild left, ExchangeBuild right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> is the same or an earlier build.</summary>
    public static bool operator <=(ExchangeBuild left, ExchangeBuild right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> is the same or a later build.</summary>
    public static bool operator >=(ExchangeBuild left, ExchangeBuild right) => left.CompareTo(right) >= 0;

    /// <summary>The short format, e.g. <c>15.0.1076.9</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Build}.{Revision}");
}

/// <summary>An Exchange Server product line.</summary>
public enum ExchangeProduct
{
    /// <summary>Not a known Exchange version.</summary>
    Unknown = 0,

    /// <summary>Exchange Server 2007 (8.x).</summary>
    Exchange2007,

    /// <summary>Exchange Server 2010 (14.x).</summary>
    Exchange2010,

    /// <summary>Exchange Server 2013 (15.0).</summary>
    Exchange2013,

    /// <summary>Exchange Server 2016 (15.1).</summary>
    Exchange2016,

    /// <summary>Exchange Server 2019 (15.2, builds before Subscription Edition).</summary>
    Exchange2019,

    /// <summary>Exchange Server Subscription Edition (15.2 from build 2562).</summary>
    ExchangeSE,
}

/// <summary>A release in the build table.</summary>
/// <param name="Product">The product line.</param>
/// <param name="Name">The release, e.g. "Exchange Server 2013 CU8".</param>
/// <param name="Build">Its build number.</param>
/// <param name="ReleaseDate">Its general release date.</param>
public sealed record ExchangeRelease(ExchangeProduct Product, string Name, ExchangeBuild Build, DateOnly ReleaseDate);

/// <summary>
/// Exchange Server build numbers (version name → build), generated at build time from the spec table
/// <c>Data/ExchangeBuilds.table</c> (sources: Microsoft Learn, "Exchange Server build numbers and
/// release dates", and Microsoft's Get-ExchangeBuildNumber list; see the file's header).
/// </summary>
public sealed class ExchangeBuildCatalog
{
    private static readonly Lazy<ExchangeBuildCatalog> s_default = new(LoadEmbedded);
    private readonly Dictionary<string, ExchangeRelease> _byName;

    private ExchangeBuildCatalog(IReadOnlyList<ExchangeRelease> releases)
    {
        Releases = releases;
        _byName = releases.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The table shipped with the library.</summary>
    public static ExchangeBuildCatalog Default => s_default.Value;

    /// <summary>Every release, in build order.</summary>
    public IReadOnlyList<ExchangeRelease> Releases { get; }

    /// <summary>Reads a newer or custom build list: <c>#</c> comments, then tab-separated product,
    /// release name, build, date (yyyy-MM-dd) per line. (The shipped table is <see cref="Default"/>.)</summary>
    /// <param name="reader">The table text.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="FormatException">A row is malformed or a name repeats (the message names the line).</exception>
    public static ExchangeBuildCatalog Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var releases = new List<ExchangeRelease>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? line;
        int number = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] cells = line.Split('\t');
            if (cells.Length != 4
                || !Enum.TryParse(cells[0], ignoreCase: false, out ExchangeProduct product) || product == ExchangeProduct.Unknown || !Enum.IsDefined(product)
                || !ExchangeBuild.TryParse(cells[2], out ExchangeBuild build)
                || !DateOnly.TryParseExact(cells[3], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
                || !names.Add(cells[1]))
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Exchange build table line {number}: expected a new 'product<TAB>name<TAB>build<TAB>yyyy-MM-dd', got '{line}'."));
            }

            releases.Add(new ExchangeRelease(product, cells[1], build, date));
        }

        releases.Sort((a, b) => a.Build.CompareTo(b.Build));
        return new ExchangeBuildCatalog(releases);
    }

    /// <summary>The release with this name (case-insensitive), e.g. "Exchange Server 2013 CU8".</summary>
    /// <param name="name">The name.</param>
    /// <returns>The release.</returns>
    /// <exception cref="KeyNotFoundException">No such release in the table.</exception>
    public ExchangeRelease Get(string name) =>
        _byName.TryGetValue(name, out ExchangeRelease? r) ? r : throw new KeyNotFoundException($"'{name}' is not in the Exchange build table.");

    /// <summary>The product line of a build, from its major/minor version (and for 15.2, its build).</summary>
    /// <param name="build">The build.</param>
    /// <returns>The product line.</returns>
    public static ExchangeProduct GetProduct(ExchangeBuild build) => (build.Major, build.Minor) switch
    {
        (8, _) => ExchangeProduct.Exchange2007,
        (14, _) => ExchangeProduct.Exchange2010,
        (15, 0) => ExchangeProduct.Exchange2013,
        (15, 1) => ExchangeProduct.Exchange2016,
        (15, 2) => build.Build >= 2562 ? ExchangeProduct.ExchangeSE : ExchangeProduct.Exchange2019,
        _ => ExchangeProduct.Unknown,
    };

    /// <summary>The latest listed release at or below a build of the same major.minor version:
    /// the CU/RU/SP a server runs (security updates only raise the revision, so "CU23 Mar23SU"
    /// identifies as CU23).</summary>
    /// <param name="build">The server's build.</param>
    /// <param name="release">The release, or null.</param>
    /// <returns>Whether one was found.</returns>
    public bool TryIdentify(ExchangeBuild build, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ExchangeRelease? release)
    {
        release = null;
        foreach (ExchangeRelease r in Releases)
        {
            if (r.Build.Major == build.Major && r.Build.Minor == build.Minor && r.Build <= build)
            {
                release = r;
            }
        }

        return release is not null;
    }

    /// <summary>
    /// The end of (extended) support of a product line, or null when it has none (Subscription Edition follows the
    /// Modern Lifecycle Policy: supported while kept current). Sources: Microsoft Learn lifecycle pages "Exchange
    /// Server 2007", "Exchange Server 2010" (extended to 2020-10-13), "Exchange Server 2013", "Exchange Server 2016",
    /// "Exchange Server 2019" (Fixed Lifecycle Policy, extended end dates) and "Exchange Server Subscription Edition"
    /// (Modern Lifecycle Policy). The same dates head <c>Data/ExchangeBuilds.table</c>.
    /// </summary>
    /// <param name="product">The product line.</param>
    /// <returns>The last day of support, or null.</returns>
    public static DateOnly? GetEndOfSupport(ExchangeProduct product) => product switch
    {
        ExchangeProduct.Exchange2007 => new DateOnly(2017, 4, 11),
        ExchangeProduct.Exchange2010 => new DateOnly(2020, 10, 13),
        ExchangeProduct.Exchange2013 => new DateOnly(2023, 4, 11),
        ExchangeProduct.Exchange2016 => new DateOnly(2025, 10, 14),
        ExchangeProduct.Exchange2019 => new DateOnly(2025, 10, 14),
        _ => null,
    };

    /// <summary>The releases of a product line in build order, previews left out.</summary>
    /// <param name="product">The product line.</param>
    /// <returns>The releases.</returns>
    public IReadOnlyList<ExchangeRelease> GetReleases(ExchangeProduct product) =>
        Releases.Where(r => r.Product == product && !r.Name.EndsWith("Preview", StringComparison.Ordinal)).ToArray();

    private static ExchangeBuildCatalog LoadEmbedded()
    {
        var releases = new List<ExchangeRelease>(ExchangeBuildTable.Create());
        releases.Sort((a, b) => a.Build.CompareTo(b.Build));
        return new ExchangeBuildCatalog(releases);
    }
}
