using HybridCore.Redirect;

namespace HybridCore.AspNetCore;

/// <summary>Cached snake_case names of <see cref="RedirectReason"/> for metric tags (no allocation per request).</summary>
internal static class ReasonNames
{
    private static readonly string[] Names = Build();

    public static string Get(RedirectReason reason)
    {
        int i = (int)reason;
        return (uint)i < (uint)Names.Length ? Names[i] : "unknown";
    }

    private static string[] Build()
    {
        RedirectReason[] values = Enum.GetValues<RedirectReason>();
        int max = 0;
        foreach (RedirectReason v in values)
        {
            max = Math.Max(max, (int)v);
        }

        var names = new string[max + 1];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = "unknown";
        }

        foreach (RedirectReason v in values)
        {
            names[(int)v] = ToSnakeCase(v.ToString());
        }

        return names;
    }

    internal static string ToSnakeCase(string pascal)
    {
        var sb = new System.Text.StringBuilder(pascal.Length + 8);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
