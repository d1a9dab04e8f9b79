using System;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace HybridCore.Addressing;

/// <summary>Why an address, domain, proxy address or logon name was rejected.</summary>
public enum AddressErrorReason : byte
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The input is empty.</summary>
    Empty,

    /// <summary>The input is longer than RFC 5321 (section 4.5.3.1) allows: 64 octets of local part,
    /// 255 octets of domain, 254 octets of address.</summary>
    TooLong,

    /// <summary>An SMTP address has no <c>@</c>.</summary>
    MissingAt,

    /// <summary>The local part (before <c>@</c>) is empty.</summary>
    EmptyLocalPart,

    /// <summary>The local part contains a character that is neither RFC 5322 <c>atext</c> nor a dot (RFC 6531 UTF-8 is accepted).</summary>
    InvalidLocalPartCharacter,

    /// <summary>A dot-atom local part starts or ends with a dot or has two dots in a row.</summary>
    InvalidDot,

    /// <summary>A quoted local part is not closed, or contains a control character.</summary>
    InvalidQuotedString,

    /// <summary>The domain is empty.</summary>
    EmptyDomain,

    /// <summary>A domain label is empty (two dots in a row, or a leading dot).</summary>
    EmptyLabel,

    /// <summary>A domain label is longer than 63 octets (RFC 1035 2.3.4).</summary>
    LabelTooLong,

    /// <summary>A domain label has a character outside letters, digits and hyphen (RFC 1123 2.1 LDH rule).</summary>
    InvalidDomainCharacter,

    /// <summary>A domain label starts or ends with a hyphen.</summary>
    LabelHyphen,

    /// <summary>An internationalised label cannot be converted to or from punycode (RFC 3492 / IDNA).</summary>
    InvalidIdn,

    /// <summary>The domain is an address literal (<c>[192.0.2.1]</c>), which a directory never routes by.</summary>
    DomainLiteralNotSupported,

    /// <summary>A proxy address has no <c>TYPE:</c> prefix.</summary>
    MissingProxyPrefix,

    /// <summary>A proxy address prefix is not 1 to 9 ASCII letters or digits.</summary>
    InvalidProxyPrefix,

    /// <summary>A proxy address has nothing after its prefix.</summary>
    EmptyProxyAddress,

    /// <summary>A proxy or logon name contains a control character.</summary>
    ControlCharacter,

    /// <summary>A logon name has no backslash between domain and account name.</summary>
    MissingBackslash,

    /// <summary>The NetBIOS domain of a logon name is empty, longer than 15 characters or has a character Windows forbids.</summary>
    InvalidLogonDomain,

    /// <summary>The account (sAMAccountName) of a logon name is empty, longer than 20 characters or has a character Windows forbids.</summary>
    InvalidLogonAccount,
}

/// <summary>The result of a failed parse: why, and at which character offset of the input.</summary>
/// <param name="Reason">Why the input was rejected.</param>
/// <param name="Offset">Zero-based offset of the offending character in the input.</param>
public readonly record struct AddressError(AddressErrorReason Reason, int Offset)
{
    /// <summary>A human readable message.</summary>
    public string Message => string.Create(CultureInfo.InvariantCulture, $"{Describe(Reason)} (at offset {Offset}).");

    internal static string Describe(AddressErrorReason reason) => reason switch
    {
        AddressErrorReason.None => "No error",
        AddressErrorReason.Empty => "The value is empty",
        AddressErrorReason.TooLong => "The value exceeds the RFC 5321 length limits",
        AddressErrorReason.MissingAt => "An SMTP address needs an '@'",
        AddressErrorReason.EmptyLocalPart => "The local part before '@' is empty",
        AddressErrorReason.InvalidLocalPartCharacter => "The local part contains a character that is not allowed",
        AddressErrorReason.InvalidDot => "The local part has a leading, trailing or doubled dot",
        AddressErrorReason.InvalidQuotedString => "The quoted local part is malformed",
        AddressErrorReason.EmptyDomain => "The domain is empty",
        AddressErrorReason.EmptyLabel => "A domain label is empty",
        AddressErrorReason.LabelTooLong => "A domain label is longer than 63 characters",
        AddressErrorReason.InvalidDomainCharacter => "A domain label contains a character other than a letter, digit or hyphen",
        AddressErrorReason.LabelHyphen => "A domain label starts or ends with a hyphen",
        AddressErrorReason.InvalidIdn => "The internationalised domain name cannot be converted to punycode",
        AddressErrorReason.DomainLiteralNotSupported => "Address literals are not supported as domains",
        AddressErrorReason.MissingProxyPrefix => "A proxy address needs a 'TYPE:' prefix",
        AddressErrorReason.InvalidProxyPrefix => "The proxy address prefix must be 1 to 9 ASCII letters or digits",
        AddressErrorReason.EmptyProxyAddress => "The proxy address is empty after its prefix",
        AddressErrorReason.ControlCharacter => "The value contains a control character",
        AddressErrorReason.MissingBackslash => "A logon name must have the form DOMAIN\\account",
        AddressErrorReason.InvalidLogonDomain => "The NetBIOS domain of the logon name is invalid",
        AddressErrorReason.InvalidLogonAccount => "The account name of the logon name is invalid",
        _ => "Unknown error",
    };
}

/// <summary>
/// The one exception the addressing parsers throw (from their <c>Parse</c> methods; the
/// <c>TryParse</c> methods never throw). Carries the reason and the character offset.
/// </summary>
public sealed class AddressFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public AddressFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public AddressFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AddressFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from an error and the kind of value that failed.</summary>
    /// <param name="what">What was being parsed ("SMTP address", "domain" ...).</param>
    /// <param name="error">The error.</param>
    public AddressFormatException(string what, AddressError error)
        : base(string.Create(CultureInfo.InvariantCulture, $"Invalid {what}: {error.Message}"))
    {
        Reason = error.Reason;
        Offset = error.Offset;
    }

    /// <summary>Why the value was rejected.</summary>
    public AddressErrorReason Reason { get; }

    /// <summary>The zero-based character offset of the problem.</summary>
    public int Offset { get; }

    [StackTraceHidden]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static AddressFormatException Create(string what, AddressError error) => new(what, error);
}
