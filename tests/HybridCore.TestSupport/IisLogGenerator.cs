using System.Globalization;
using System.Text;
using HybridCore.ActiveSync;
using HybridCore.Diagnostics.Logs;

namespace HybridCore.TestSupport;

/// <summary>Options of <see cref="IisLogGenerator"/>.</summary>
public sealed record IisLogGeneratorOptions
{
    /// <summary>The random seed; the same options give the same bytes.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>How many users.</summary>
    public int Users { get; init; } = 200;

    /// <summary>Each user has 1 to this many devices.</summary>
    public int MaxDevicesPerUser { get; init; } = 2;

    /// <summary>Stop after about this many bytes (the last line is completed).</summary>
    public long TargetBytes { get; init; } = 4 << 20;

    /// <summary>Share of data lines that are ActiveSync requests (the rest: OWA, EWS, Autodiscover, MAPI).</summary>
    public double ActiveSyncShare { get; init; } = 0.6;

    /// <summary>Share of lines written broken (truncated or garbage), 0 to 1.</summary>
    public double BrokenLineRate { get; init; }

    /// <summary>Write a new <c>#Fields:</c> directive in another column order every this many lines (0: never).</summary>
    public int FieldChangeEvery { get; init; }

    /// <summary>The time of the first line (UTC).</summary>
    public DateTime Start { get; init; } = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Share of devices, 0 to 1, that send the base64 query form ([MS-ASHTTP] 2.2.1.1.1.1, written
    /// with <see cref="EasRequestWriter"/>) instead of the plain one; Exchange's <c>&amp;Log=…</c> follows
    /// either. Default 0 (the bytes of existing seeds do not change).</summary>
    public double Base64QueryShare { get; init; }

    /// <summary>The users' SMTP domain.</summary>
    public string Domain { get; init; } = "contoso.com";
}

/// <summary>What the generator wrote for one device: the numbers an analysis must find.</summary>
/// <param name="User">The user (as in <c>User=</c>, decoded).</param>
/// <param name="DeviceId">The device id.</param>
/// <param name="DeviceType">The device type.</param>
/// <param name="ProtocolVersion">The protocol version logged (e.g. "14.1").</param>
/// <param name="Counts">Requests per outcome.</param>
/// <param name="LastOutcome">The outcome of the last request written.</param>
/// <param name="WorstOutcome">The highest outcome written.</param>
/// <param name="RedirectTarget">The redirect URL when any request was redirected.</param>
/// <param name="FirstSeen">Time of the first request.</param>
/// <param name="LastSeen">Time of the last request.</param>
public sealed record GeneratedDevice(
    string User,
    string DeviceId,
    string DeviceType,
    string ProtocolVersion,
    OutcomeCounts Counts,
    ActiveSyncOutcome LastOutcome,
    ActiveSyncOutcome WorstOutcome,
    string? RedirectTarget,
    DateTime FirstSeen,
    DateTime LastSeen);

/// <summary>The truth behind a generated log.</summary>
/// <param name="Devices">Every device that made at least one request.</param>
/// <param name="Lines">Lines written, directives included.</param>
/// <param name="DataLines">Well-formed data lines.</param>
/// <param name="ActiveSyncLines">ActiveSync data lines.</param>
/// <param name="BrokenLines">Broken lines written.</param>
/// <param name="Bytes">Bytes written.</param>
/// <param name="LinesContainingUserHasNoMailbox">Lines containing the text <c>UserHasNoMailbox</c> (what <c>grep -c</c> counts).</param>
public sealed record GeneratedLogTruth(
    IReadOnlyList<GeneratedDevice> Devices,
    long Lines,
    long DataLines,
    long ActiveSyncLines,
    long BrokenLines,
    long Bytes,
    long LinesContainingUserHasNoMailbox)
{
    /// <summary>ActiveSync requests written per hour (UTC, the start of the hour) and outcome.</summary>
    public IReadOnlyDictionary<DateTime, OutcomeCounts> RequestsPerHour { get; init; } = new Dictionary<DateTime, OutcomeCounts>();
}

/// <summary>
/// Writes realistic IIS logs of an Exchange front end whose users are being migrated — served,
/// redirected (451 + <c>RdirTo:</c>), stuck (<c>Error:UserHasNoMailbox</c>), 401s, other errors,
/// and non-ActiveSync traffic — and returns the truth to check an analysis against. For tests,
/// demos and throughput measurements; the items written in <c>Log=</c> follow the shapes of the
/// real lines in the Exchange team's "Exchange ActiveSync on-boarding to Office 365", the values are invented.
/// </summary>
public static class IisLogGenerator
{
    private const string RedirectUrl = "https://outlook.office365.com/Microsoft-Server-ActiveSync";

    private static readonly string[][] Layouts =
    [
        // IIS 8.5+ default.
        ["date", "time", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port", "cs-username", "c-ip", "cs(User-Agent)", "cs(Referer)", "sc-status", "sc-substatus", "sc-win32-status", "time-taken"],
        // IIS 7.5 default (no Referer).
        ["date", "time", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port", "cs-username", "c-ip", "cs(User-Agent)", "sc-status", "sc-substatus", "sc-win32-status", "time-taken"],
        // A customised order with extra columns the analyser ignores.
        ["time", "date", "cs-uri-query", "sc-status", "cs-username", "cs-uri-stem", "cs-method", "s-computername", "c-ip", "s-ip", "s-port", "cs(User-Agent)", "sc-bytes", "sc-substatus", "sc-win32-status", "time-taken"],
    ];

    private static readonly (string Type, string Agent)[] DeviceKinds =
    [
        ("iPhone", "Apple-iPhone14C2/2001.123"),
        ("iPad", "Apple-iPad13C4/2001.123"),
        ("Android", "Android-SAMSUNG-SM-G991B/101.100"),
        ("WP8", "MSFT-WP/8.0.10328"),
        ("SAMSUNGSMG991B", "SAMSUNG-SM-G991B/101.100"),
    ];

    private static readonly string[] OtherStems =
    [
        "/owa/", "/owa/service.svc", "/EWS/Exchange.asmx", "/Autodiscover/Autodiscover.xml", "/mapi/emsmdb/", "/ecp/default.aspx", "/OAB/oab.xml",
    ];

    private enum Scenario
    {
        OnPremises,
        Redirected,
        Stuck,
        StuckOldDevice,
        AuthTrouble,
    }

    /// <summary>Writes a log to <paramref name="output"/> (UTF-8, CR LF line ends as IIS writes).</summary>
    /// <param name="output">Where to write; left open.</param>
    /// <param name="options">What to write.</param>
    /// <returns>The truth.</returns>
    public static GeneratedLogTruth Generate(Stream output, IisLogGeneratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        options ??= new IisLogGeneratorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Users, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDevicesPerUser, 1, nameof(options));
        var random = new Random(options.Seed);
        var devices = CreateDevices(random, options);
        long migrateAfter = options.TargetBytes / 3;

        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        var line = new StringBuilder(1024);
        long bytes = 0, lines = 0, dataLines = 0, asLines = 0, broken = 0, noMailboxLines = 0;
        DateTime time = options.Start;
        int layoutIndex = 0;
        string[] layout = Layouts[0];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var perHour = new SortedDictionary<DateTime, OutcomeCounts>();

        void Emit(string text)
        {
            writer.Write(text);
            writer.Write("\r\n");
            bytes += text.Length + 2;
            lines++;
        }

        Emit("#Software: Microsoft Internet Information Services 10.0");
        Emit("#Version: 1.0");
        Emit("#Date: " + time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        Emit("#Fields: " + string.Join(' ', layout));

        while (bytes < options.TargetBytes)
        {
            if (options.FieldChangeEvery > 0 && dataLines > 0 && dataLines % options.FieldChangeEvery == 0)
            {
                layoutIndex = (layoutIndex + 1) % Layouts.Length;
                layout = Layouts[layoutIndex];
                Emit("#Date: " + time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                Emit("#Fields: " + string.Join(' ', layout));
            }

            time = time.AddMilliseconds(random.Next(0, 1500));
            values.Clear();
            values["date"] = time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            values["time"] = time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            values["s-ip"] = "10.0.0.21";
            values["s-port"] = "443";
            values["s-computername"] = "EXCH01";
            values["c-ip"] = "203.0.113." + random.Next(1, 255).ToString(CultureInfo.InvariantCulture);
            values["cs(Referer)"] = "-";
            values["sc-bytes"] = random.Next(200, 90000).ToString(CultureInfo.InvariantCulture);
            values["sc-win32-status"] = "0";
            values["time-taken"] = random.Next(1, 900).ToString(CultureInfo.InvariantCulture);
            values["sc-substatus"] = "0";

            bool activeSync = random.NextDouble() < options.ActiveSyncShare;
            DeviceState? device = null;
            ActiveSyncOutcome outcome = ActiveSyncOutcome.Served;
            if (activeSync)
            {
                device = devices[random.Next(devices.Count)];
                outcome = NextOutcome(device.Scenario, bytes > migrateAfter, random);
                FillActiveSync(values, device, outcome, random);
            }
            else
            {
                FillOther(values, devices[random.Next(devices.Count)], random);
            }

            line.Clear();
            for (int i = 0; i < layout.Length; i++)
            {
                if (i > 0)
                {
                    line.Append(' ');
                }

                line.Append(values.TryGetValue(layout[i], out string? v) ? v : "-");
            }

            if (options.BrokenLineRate > 0 && random.NextDouble() < options.BrokenLineRate)
            {
                // A line cut short by a crash or a garbled copy: never counted as a request.
                string text = line.ToString();
                Emit(random.Next(2) == 0 ? text.Substring(0, text.Length / 3) : "garbage line without the declared fields");
                broken++;
                continue;
            }

            string full = line.ToString();
            Emit(full);
            dataLines++;
            if (full.Contains("UserHasNoMailbox", StringComparison.Ordinal))
            {
                noMailboxLines++;
            }

            if (device is not null)
            {
                asLines++;
                device.Record(outcome, time);
                var hour = new DateTime(time.Ticks - (time.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
                perHour[hour] = (perHour.TryGetValue(hour, out OutcomeCounts c) ? c : default) + One(outcome);
            }
        }

        writer.Flush();
        var truth = new List<GeneratedDevice>();
        foreach (DeviceState d in devices)
        {
            if (d.Requests > 0)
            {
                truth.Add(d.ToTruth());
            }
        }

        return new GeneratedLogTruth(truth, lines, dataLines, asLines, broken, bytes, noMailboxLines) { RequestsPerHour = perHour };
    }

    private static OutcomeCounts One(ActiveSyncOutcome outcome) => outcome switch
    {
        ActiveSyncOutcome.Served => new(1, 0, 0, 0, 0),
        ActiveSyncOutcome.Redirected => new(0, 1, 0, 0, 0),
        ActiveSyncOutcome.OtherError => new(0, 0, 1, 0, 0),
        ActiveSyncOutcome.AuthFailure => new(0, 0, 0, 1, 0),
        _ => new(0, 0, 0, 0, 1),
    };

    private static List<DeviceState> CreateDevices(Random random, IisLogGeneratorOptions options)
    {
        var devices = new List<DeviceState>();
        for (int u = 0; u < options.Users; u++)
        {
            string user = string.Create(CultureInfo.InvariantCulture, $"user{u}@{options.Domain}");
            int count = random.Next(1, options.MaxDevicesPerUser + 1);
            for (int d = 0; d < count; d++)
            {
                var scenario = (Scenario)random.Next(5);
                (string type, string agent) = DeviceKinds[random.Next(DeviceKinds.Length)];
                string version = scenario == Scenario.StuckOldDevice ? "121" : random.Next(3) switch { 0 => "141", 1 => "160", _ => "161" };
                bool base64 = options.Base64QueryShare > 0 && random.NextDouble() < options.Base64QueryShare;
                devices.Add(new DeviceState(user, RandomId(random), type, agent, version, scenario) { Base64 = base64 });
            }
        }

        return devices;
    }

    private static string RandomId(Random random)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        Span<char> id = stackalloc char[26];
        for (int i = 0; i < id.Length; i++)
        {
            id[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(id);
    }

    private static ActiveSyncOutcome NextOutcome(Scenario scenario, bool migrated, Random random)
    {
        double p = random.NextDouble();
        return scenario switch
        {
            Scenario.OnPremises => p < 0.95 ? ActiveSyncOutcome.Served : p < 0.98 ? ActiveSyncOutcome.AuthFailure : ActiveSyncOutcome.OtherError,
            Scenario.Redirected => migrated ? ActiveSyncOutcome.Redirected : ActiveSyncOutcome.Served,
            Scenario.Stuck or Scenario.StuckOldDevice => migrated ? ActiveSyncOutcome.UserHasNoMailbox : ActiveSyncOutcome.Served,
            _ => p < 0.6 ? ActiveSyncOutcome.AuthFailure : ActiveSyncOutcome.Served,
        };
    }

    private static void FillActiveSync(Dictionary<string, string> values, DeviceState device, ActiveSyncOutcome outcome, Random random)
    {
        string cmd = random.Next(4) switch { 0 => "Ping", 1 => "Sync", 2 => "FolderSync", _ => "Sync" };
        string escapedUser = device.User.Replace("@", "%40", StringComparison.Ordinal);
        string stem = random.Next(10) == 0 ? "/microsoft-server-activesync/default.eas" : "/Microsoft-Server-ActiveSync/default.eas";
        string log;
        string status;
        string userName = device.User;
        switch (outcome)
        {
            case ActiveSyncOutcome.Redirected:
                status = "451";
                log = "RdirTo:TryToFigureOutEasEndpoint%3bhttps%3a%2f%2foutlook.office365.com%2fMicrosoft-Server-ActiveSync_V" + device.Version + "_LdapC6_LdapL31_UserInfo:MailUser_Dc:dc1.contoso.com_";
                break;
            case ActiveSyncOutcome.UserHasNoMailbox:
                status = random.Next(2) == 0 ? "200" : "403";
                log = "V" + device.Version + "_HH:mail.contoso.com_Cpo19000_Fet19034_S123_Error:UserHasNoMailbox_Dc:dc1.contoso.com_SBkOffD:L%2f-480_";
                break;
            case ActiveSyncOutcome.AuthFailure:
                status = "401";
                values["sc-substatus"] = "1";
                values["sc-win32-status"] = "1326";
                userName = "-";
                log = string.Empty;
                break;
            case ActiveSyncOutcome.OtherError:
                status = "503";
                log = "V" + device.Version + "_Error:ServerUnavailable_Dc:dc1.contoso.com_";
                break;
            default:
                status = "200";
                log = "V" + device.Version + "_Sst" + random.Next(1, 30).ToString(CultureInfo.InvariantCulture) + "_LdapC1_LdapL0_Cpo" + random.Next(1, 500).ToString(CultureInfo.InvariantCulture) + "_Fet" + random.Next(1, 900).ToString(CultureInfo.InvariantCulture) + "_";
                break;
        }

        values["cs-method"] = cmd == "Ping" || cmd == "Sync" || cmd == "FolderSync" ? "POST" : "GET";
        values["cs-uri-stem"] = stem;
        string request = device.Base64
            ? EasRequestWriter.WriteBase64(new EasRequest
            {
                Command = EasCommands.TryParse(cmd, out EasCommand command) ? command : EasCommand.Sync,
                DeviceId = device.DeviceId,
                DeviceType = device.DeviceType,
                ProtocolVersion = EasProtocolVersion.TryFromEncodedValue(int.Parse(device.Version, CultureInfo.InvariantCulture), out EasProtocolVersion v) ? v : EasProtocolVersion.V14_1,
                User = device.User,
            })
            : "User=" + escapedUser + "&DeviceId=" + device.DeviceId + "&DeviceType=" + device.DeviceType + "&Cmd=" + cmd;
        values["cs-uri-query"] = request + (log.Length > 0 ? "&Log=" + log : string.Empty);
        values["cs-username"] = userName;
        values["cs(User-Agent)"] = device.Agent;
        values["sc-status"] = status;
    }

    private static void FillOther(Dictionary<string, string> values, DeviceState someone, Random random)
    {
        values["cs-method"] = random.Next(3) == 0 ? "GET" : "POST";
        values["cs-uri-stem"] = OtherStems[random.Next(OtherStems.Length)];
        values["cs-uri-query"] = random.Next(2) == 0 ? "-" : "&CorrelationID=<empty>;&cafeReqId=" + Guid.NewGuid().ToString("D") + ";";
        values["cs-username"] = someone.User;
        values["cs(User-Agent)"] = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36";
        values["sc-status"] = random.Next(20) == 0 ? "401" : "200";
    }

    private sealed class DeviceState(string user, string deviceId, string deviceType, string agent, string version, Scenario scenario)
    {
        private readonly long[] _counts = new long[Enum.GetValues<ActiveSyncOutcome>().Length];
        private ActiveSyncOutcome _last;
        private ActiveSyncOutcome _worst;
        private DateTime _first;
        private DateTime _lastSeen;

        public string User { get; } = user;

        public string DeviceId { get; } = deviceId;

        public string DeviceType { get; } = deviceType;

        public string Agent { get; } = agent;

        public string Version { get; } = version;

        public Scenario Scenario { get; } = scenario;

        public bool Base64 { get; init; }

        public long Requests { get; private set; }

        public void Record(ActiveSyncOutcome outcome, DateTime time)
        {
            if (Requests == 0)
            {
                _first = time;
            }

            Requests++;
            _counts[(int)outcome]++;
            _last = outcome;
            if (outcome > _worst)
            {
                _worst = outcome;
            }

            _lastSeen = time;
        }

        public GeneratedDevice ToTruth() => new(
            User,
            DeviceId,
            DeviceType,
            Version[..^1] + "." + Version[^1],
            new OutcomeCounts(_counts[0], _counts[1], _counts[2], _counts[3], _counts[4]),
            _last,
            _worst,
            _counts[(int)ActiveSyncOutcome.Redirected] > 0 ? RedirectUrl : null,
            TruncateToSecond(_first),
            TruncateToSecond(_lastSeen));

        private static DateTime TruncateToSecond(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
