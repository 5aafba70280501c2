using System.Text;
using System.Text.RegularExpressions;

namespace EdgeRouter.Webfinger.Tests.Support;

/// <summary>How Mastodon reads a query string: Rack 2's <c>QueryParser#parse_nested_query</c>, which Rails uses for
/// <c>params</c>. Pairs split on <c>&amp;</c> <em>and</em> <c>;</c> (<c>/[&amp;;] */</c>), names and values are
/// <c>decode_www_form_component</c>-ed (<c>+</c> is a space; a bad escape is an error, a 400 in Rails), and a name is
/// normalised as <c>normalize_params</c> does: leading <c>[</c>/<c>]</c> and a trailing <c>]</c> are dropped
/// (<c>[resource]</c> and <c>resource]</c> are <c>resource</c>), <c>name[]</c> appends to a list, <c>name[x]</c>
/// nests; a plain name set twice keeps the last value.</summary>
internal static partial class RackQuery
{
    /// <summary>A parameter's value: a string, a list (<c>name[]</c>) or a nested hash (<c>name[x]</c>).</summary>
    public abstract record Value;

    public sealed record Text(string? Value) : Value;

    public sealed record List(List<string?> Items) : Value;

    public sealed record Nested : Value;

    [GeneratedRegex(@"[&;] *")]
    private static partial Regex Separator();

    [GeneratedRegex(@"\A[\[\]]*([^\[\]]+)\]*")]
    private static partial Regex Name();

    /// <summary>The params, or null when Rack raises (a bad escape, a list where a string was, …).</summary>
    public static Dictionary<string, Value>? Parse(string query)
    {
        var result = new Dictionary<string, Value>(StringComparer.Ordinal);
        if (query.Length == 0)
        {
            return result;
        }

        foreach (var pair in Separator().Split(query))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? null : Unescape(pair[(eq + 1)..]);
            if (name is null || (eq >= 0 && value is null))
            {
                return null;
            }

            var m = Name().Match(name);
            if (!m.Success)
            {
                continue;
            }

            var k = m.Groups[1].Value;
            var after = name[(m.Index + m.Length)..];
            if (after.Length == 0)
            {
                result[k] = new Text(value);
            }
            else if (after == "[")
            {
                result[name] = new Text(value);
            }
            else if (after == "[]")
            {
                if (!result.TryGetValue(k, out var existing))
                {
                    result[k] = existing = new List([]);
                }

                if (existing is not List list)
                {
                    return null; // ParameterTypeError
                }

                list.Items.Add(value);
            }
            else
            {
                if (result.TryGetValue(k, out var existing) && existing is not Nested)
                {
                    return null;
                }

                result[k] = new Nested();
            }
        }

        return result;
    }

    private static string? Unescape(string s)
    {
        var bytes = new List<byte>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else if (c == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                {
                    return null; // ArgumentError: invalid %-encoding
                }

                bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
