namespace HybridCore.Ldap;

/// <summary>
/// The Active Directory attributes and classes HybridCore reads, with Exchange's names for them.
/// </summary>
/// <remarks>
/// Organization relationships (<c>Get-OrganizationRelationship</c>) are objects of class
/// <c>msExchFedSharingRelationship</c> under <c>CN=Federation,CN=&lt;org&gt;,CN=Microsoft Exchange,CN=Services</c> of the
/// configuration naming context; the cmdlet's DomainNames, TargetOwaURL, Enabled, TargetAutodiscoverEpr,
/// TargetApplicationUri, TargetSharingEpr and the MailboxMoveEnabled switch are stored in the attributes below. Recipients (<c>Get-Recipient</c>, <c>Get-RemoteMailbox</c>) are users and contacts of the domain
/// naming context: <c>targetAddress</c> holds a remote mailbox's RemoteRoutingAddress and a mail user's or contact's
/// ExternalEmailAddress, <c>proxyAddresses</c> the EmailAddresses (<c>SMTP:</c> marks the primary), and
/// <c>msExchRecipientTypeDetails</c> the RecipientTypeDetails (Exchange Server API reference, "RecipientTypeDetails
/// enumeration", Microsoft.Exchange.Data.Directory.Recipient; see <see cref="RecipientTypeDetails"/>).
/// </remarks>
internal static class ExchangeAttributes
{
    public const string RelationshipClass = "msExchFedSharingRelationship";
    public const string FedDomainNames = "msExchFedDomainNames";
    public const string FedTargetOwaUrl = "msExchFedTargetOWAURL";
    public const string FedIsEnabled = "msExchFedIsEnabled";
    public const string FedEnabledActions = "msExchFedEnabledActions";
    public const string FedTargetAutodiscoverEpr = "msExchFedTargetAutodiscoverEPR";
    public const string FedTargetApplicationUri = "msExchFedTargetApplicationURI";
    public const string FedTargetSharingEpr = "msExchFedTargetSharingEPR";

    public const string Cn = "cn";
    public const string Name = "name";
    public const string UserPrincipalName = "userPrincipalName";
    public const string SamAccountName = "sAMAccountName";
    public const string ProxyAddresses = "proxyAddresses";
    public const string TargetAddress = "targetAddress";
    public const string Mail = "mail";
    public const string DisplayName = "displayName";
    public const string RecipientTypeDetails = "msExchRecipientTypeDetails";
    public const string RemoteRecipientType = "msExchRemoteRecipientType";
    public const string NetBiosName = "nETBIOSName";
    public const string NcName = "nCName";

    /// <summary>The attributes read for a relationship.</summary>
    public static readonly string[] RelationshipAttributes =
        [Cn, Name, FedDomainNames, FedTargetOwaUrl, FedIsEnabled, FedEnabledActions, FedTargetAutodiscoverEpr, FedTargetApplicationUri, FedTargetSharingEpr];

    /// <summary>The attributes read for a recipient.</summary>
    public static readonly string[] RecipientAttributes =
        [Cn, UserPrincipalName, SamAccountName, ProxyAddresses, TargetAddress, Mail, DisplayName, RecipientTypeDetails, RemoteRecipientType];

    /// <summary>Users and contacts that Exchange has stamped with a recipient type.</summary>
    public const string RecipientFilter = "(&(|(objectClass=user)(objectClass=contact))(" + RecipientTypeDetails + "=*))";

    /// <summary>The organization relationships.</summary>
    public const string RelationshipFilter = "(objectClass=" + RelationshipClass + ")";

    /// <summary>The msExchFedEnabledActions value of the cmdlet's MailboxMoveEnabled switch. Other actions are kept
    /// out of the model (HybridCore's decisions do not depend on them).</summary>
    public const string ActionMailboxMove = "MSExchange.MailboxMove";
}

/// <summary>msExchRecipientTypeDetails values HybridCore maps (a 64-bit flags value, one bit per type).</summary>
internal static class RecipientTypeDetails
{
    public const long UserMailbox = 0x1;
    public const long LinkedMailbox = 0x2;
    public const long SharedMailbox = 0x4;
    public const long LegacyMailbox = 0x8;
    public const long RoomMailbox = 0x10;
    public const long EquipmentMailbox = 0x20;
    public const long MailContact = 0x40;
    public const long MailUser = 0x80;
    public const long MailForestContact = 0x8000;
    public const long RemoteUserMailbox = 0x80000000;
    public const long RemoteRoomMailbox = 0x200000000;
    public const long RemoteEquipmentMailbox = 0x400000000;
    public const long RemoteSharedMailbox = 0x800000000;
    public const long RemoteTeamMailbox = 0x2000000000;

    /// <summary>Mailboxes in this organization (served by the on-premises back end).</summary>
    public const long LocalMailboxes = UserMailbox | LinkedMailbox | SharedMailbox | LegacyMailbox | RoomMailbox | EquipmentMailbox;

    /// <summary>The remote mailbox kinds (<c>Get-RemoteMailbox</c>): moved to or created in Exchange Online.</summary>
    public const long RemoteMailboxes = RemoteUserMailbox | RemoteRoomMailbox | RemoteEquipmentMailbox | RemoteSharedMailbox | RemoteTeamMailbox;
}
