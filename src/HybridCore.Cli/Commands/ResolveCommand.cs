using System.CommandLine;
using System.Text.Json;
using HybridCore.ActiveSync;
using HybridCore.DirectoryModel;
using HybridCore.Redirect;

namespace HybridCore.Cli.Commands;

/// <summary><c>hybridcore resolve</c>: what each protocol would get for a user, with reasons and warnings.</summary>
internal static class ResolveCommand
{
    public static Command Create(CliConsole console)
    {
        var user = new Option<string>("--user", "-u")
        {
            Description = "The user as a client would send it: UPN, SMTP address or DOMAIN\\user.",
            Required = true,
        };
        var protocol = new Option<EasProtocolVersion>("--protocol", "-p")
        {
            Description = "The device's ActiveSync protocol version (2.5, 12.0, 12.1, 14.0, 14.1, 16.0, 16.1).",
            DefaultValueFactory = _ => EasProtocolVersion.V14_1,
            CustomParser = r =>
            {
                string text = r.Tokens.Single().Value;
                if (EasProtocolVersion.TryParse(text, out EasProtocolVersion v) && v.IsKnown)
                {
                    return v;
                }

                r.AddError($"--protocol must be one of 2.5, 12.0, 12.1, 14.0, 14.1, 16.0, 16.1 (was '{text}').");
                return default;
            },
        };
        var directory = new Option<FileInfo?>("--directory", "-d")
        {
            Description = "Directory file. Default: the embedded demo lab.",
        };
        var userAgent = new Option<string?>("--user-agent")
        {
            Description = "The client's User-Agent, for the Autodiscover MobileSyncRedirectBypass list.",
        };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };

        var command = new Command("resolve", "Show what a user's ActiveSync, Autodiscover and OWA clients get from the front door, and why.");
        command.Options.Add(user);
        command.Options.Add(protocol);
        command.Options.Add(directory);
        command.Options.Add(userAgent);
        command.Options.Add(json);
        var policyOptions = new RedirectPolicyOptions();
        policyOptions.AddTo(command);
        command.SetAction(parse =>
        {
            HybridDirectoryFile file = DirectoryLoader.Load(parse.GetValue(directory));
            string name = parse.GetValue(user)!;
            Resolution r = Resolve(file, name, parse.GetValue(protocol), parse.GetValue(userAgent), policyOptions.CreatePolicy(parse), parse.GetValue(policyOptions.DefaultDomain));
            if (r.Recipient.Recipient is null)
            {
                if (parse.GetValue(json))
                {
                    WriteJson(console.Out, r);
                }

                throw new CliUserException($"No recipient matches '{name}' (looked up as {(name.Contains('\\', StringComparison.Ordinal) ? "a DOMAIN\\user logon name" : "a UPN, then an SMTP address")}).");
            }

            if (parse.GetValue(json))
            {
                WriteJson(console.Out, r);
            }
            else
            {
                WriteText(console, r);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    internal sealed record Resolution(
        string User,
        EasProtocolVersion Protocol,
        RecipientLookupResult Recipient,
        EasRedirectDecision Eas,
        EasRedirectDecision EasOptions,
        AutodiscoverRedirectDecision Autodiscover,
        OwaRedirectDecision Owa);

    internal static Resolution Resolve(HybridDirectoryFile file, string user, EasProtocolVersion protocol, string? userAgent, RedirectPolicy? policy = null, string? defaultDomain = null)
    {
        // A bare name with a default domain is DOMAIN\user, as IIS Basic authentication makes it.
        if (!string.IsNullOrEmpty(defaultDomain) && !user.Contains('\\', StringComparison.Ordinal) && !user.Contains('@', StringComparison.Ordinal))
        {
            user = defaultDomain + "\\" + user;
        }

        RecipientLookupResult found = file.Snapshot.RecipientIndex.Find(user);
        var resolver = new RedirectResolver(file.Snapshot.RelationshipIndex, policy);
        LogonNameForm form = EasRedirectRequest.ClassifyLogonName(user);
        EasRedirectDecision eas = resolver.ResolveEas(new EasRedirectRequest(false, protocol.Major, protocol.Minor, form), found);
        EasRedirectDecision options = resolver.ResolveEas(new EasRedirectRequest(true, protocol.Major, protocol.Minor, form), found);
        AutodiscoverRedirectDecision autodiscover = resolver.ResolveAutodiscover(found, userAgent);
        OwaRedirectDecision owa = resolver.ResolveOwa(found);
        return new Resolution(user, protocol, found, eas, options, autodiscover, owa);
    }

    private static void WriteText(CliConsole console, Resolution r)
    {
        TextWriter o = console.Out;
        Recipient recipient = r.Recipient.Recipient!;
        o.WriteLine($"User          {DisplayText.Escape(r.User)}");
        o.WriteLine($"Recipient     {recipient.Kind} '{recipient.Identity}'");
        o.WriteLine($"  UPN         {recipient.UserPrincipalName?.Value ?? "(none)"}");
        o.WriteLine($"  SMTP        {recipient.PrimarySmtpAddress?.Value ?? "(none)"}");
        if (recipient is RemoteMailbox remote)
        {
            o.WriteLine($"  routing     {remote.RemoteRoutingAddress?.ToString() ?? "(none)"}");
        }
        else if (recipient is MailUser mailUser)
        {
            o.WriteLine($"  external    {mailUser.ExternalEmailAddress?.ToString() ?? "(none)"}");
        }

        RelationshipTarget? target = r.Eas.Target ?? r.Owa.Target ?? r.Autodiscover.Target;
        if (target is not null)
        {
            o.WriteLine($"Relationship  '{target.Relationship.Name}' (TargetOWAURL {target.Relationship.TargetOwaUrl?.ToString() ?? "(none)"})");
        }

        o.WriteLine();
        Line(console, $"ActiveSync {r.Protocol}", r.Eas.Action.ToString(), Good(r.Eas.Action == EasRedirectAction.Redirect), EasDetail(r.Eas), r.Eas.Reason);
        Line(console, "ActiveSync OPTIONS", r.EasOptions.Action.ToString(), Good(r.EasOptions.Action == EasRedirectAction.Redirect), EasDetail(r.EasOptions), r.EasOptions.Reason);
        Line(console, "Autodiscover", r.Autodiscover.Action.ToString(), Good(r.Autodiscover.Action is AutodiscoverRedirectAction.RedirectAddress or AutodiscoverRedirectAction.TargetSettings),
            r.Autodiscover.Action switch
            {
                AutodiscoverRedirectAction.RedirectAddress => $"redirectAddr {r.Autodiscover.RedirectAddress}",
                AutodiscoverRedirectAction.TargetSettings => $"MobileSync settings {r.Autodiscover.EasEndpointUrl}",
                AutodiscoverRedirectAction.NoMailbox => "error (Outlook: ErrorCode 500; mobilesync: Action/Error/Status 2)",
                _ => "served here",
            },
            r.Autodiscover.Reason);
        Line(console, "OWA", r.Owa.Action.ToString(), Good(r.Owa.Action == OwaRedirectAction.Redirect),
            r.Owa.Action == OwaRedirectAction.Redirect ? $"go to {r.Owa.TargetUrl}" : r.Owa.Action == OwaRedirectAction.ServeLocally ? "served here" : "no mailbox page",
            r.Owa.Reason);

        RedirectWarnings warnings = r.Eas.Warnings | r.Autodiscover.Warnings | r.Owa.Warnings;
        if (warnings != RedirectWarnings.None)
        {
            o.WriteLine();
            foreach (RedirectWarnings w in Enum.GetValues<RedirectWarnings>())
            {
                if (w != RedirectWarnings.None && warnings.HasFlag(w))
                {
                    o.WriteLine(console.Style("warning: ", CliConsole.Color.Yellow) + Texts.Describe(w));
                }
            }
        }
    }

    private static CliConsole.Color Good(bool redirect) => redirect ? CliConsole.Color.Green : CliConsole.Color.Yellow;

    private static string EasDetail(EasRedirectDecision d) => d.Action switch
    {
        EasRedirectAction.Redirect => $"HTTP 451, X-MS-Location: {d.Location}",
        EasRedirectAction.UserHasNoMailbox => d.StatusInResponseBody ? "HTTP 200, Status 123 UserHasNoMailbox in the command body (403 for a command without a WBXML body)" : "HTTP 403, no body",
        _ => "served here",
    };

    private static void Line(CliConsole console, string protocol, string action, CliConsole.Color color, string detail, RedirectReason reason)
    {
        console.Out.WriteLine($"{protocol,-20}{console.Style(action, color),-18} {detail}");
        console.Out.WriteLine($"{string.Empty,-20}reason: {reason} - {Texts.Describe(reason)}");
    }

    private static void WriteJson(TextWriter output, Resolution r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            w.WriteStartObject();
            w.WriteString("user", r.User);
            w.WriteString("protocolVersion", r.Protocol.ToString());
            if (r.Recipient.Recipient is { } recipient)
            {
                w.WriteStartObject("recipient");
                w.WriteString("kind", recipient.Kind.ToString());
                w.WriteString("identity", recipient.Identity);
                w.WriteString("userPrincipalName", recipient.UserPrincipalName?.Value);
                w.WriteString("primarySmtpAddress", recipient.PrimarySmtpAddress?.Value);
                w.WriteString("remoteRoutingAddress", (recipient as RemoteMailbox)?.RemoteRoutingAddress?.ToString());
                w.WriteString("externalEmailAddress", (recipient as MailUser)?.ExternalEmailAddress?.ToString());
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("recipient");
            }

            WriteEas(w, "eas", r.Eas);
            WriteEas(w, "easOptions", r.EasOptions);
            w.WriteStartObject("autodiscover");
            w.WriteString("action", r.Autodiscover.Action.ToString());
            w.WriteString("reason", r.Autodiscover.Reason.ToString());
            w.WriteString("redirectAddress", r.Autodiscover.RedirectAddress);
            w.WriteString("easEndpointUrl", r.Autodiscover.EasEndpointUrl);
            w.WriteString("displayName", r.Autodiscover.DisplayName);
            WriteWarnings(w, r.Autodiscover.Warnings);
            w.WriteEndObject();
            w.WriteStartObject("owa");
            w.WriteString("action", r.Owa.Action.ToString());
            w.WriteString("reason", r.Owa.Reason.ToString());
            w.WriteString("targetUrl", r.Owa.TargetUrl);
            WriteWarnings(w, r.Owa.Warnings);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteEas(Utf8JsonWriter w, string name, EasRedirectDecision d)
    {
        w.WriteStartObject(name);
        w.WriteString("action", d.Action.ToString());
        w.WriteString("reason", d.Reason.ToString());
        if (d.HttpStatusCode != 0)
        {
            w.WriteNumber("httpStatus", d.HttpStatusCode);
        }
        else
        {
            w.WriteNull("httpStatus");
        }

        w.WriteString("location", d.Location);
        if (d.Status is { } status)
        {
            w.WriteNumber("easStatus", (int)status);
        }
        else
        {
            w.WriteNull("easStatus");
        }

        w.WriteString("relationship", d.Relationship?.Name);
        WriteWarnings(w, d.Warnings);
        w.WriteEndObject();
    }

    private static void WriteWarnings(Utf8JsonWriter w, RedirectWarnings warnings)
    {
        w.WriteStartArray("warnings");
        foreach (RedirectWarnings flag in Enum.GetValues<RedirectWarnings>())
        {
            if (flag != RedirectWarnings.None && warnings.HasFlag(flag))
            {
                w.WriteStringValue(flag.ToString());
            }
        }

        w.WriteEndArray();
    }
}
