using System.Text;

namespace HybridCore.Ldap;

/// <summary>Escapes values for LDAP search filters (RFC 4515 section 3).</summary>
internal static class LdapFilter
{
    /// <summary>Escapes <c>* ( ) \ NUL</c> and every non-ASCII or control byte of the UTF-8 form as <c>\XX</c>.</summary>
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (byte)'*' or (byte)'(' or (byte)')' or (byte)'\\' or < 0x20 or >= 0x7F)
            {
                sb.Append('\\').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append((char)b);
            }
        }

        return sb.ToString();
    }
}
