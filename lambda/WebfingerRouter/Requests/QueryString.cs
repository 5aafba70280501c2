using System.Text;

namespace EdgeRouter.Webfinger.Requests;

/// <summary>Strict parsing of a raw query string into decoded name/value pairs, in order, repeats kept.</summary>
/// <remarks>
/// Rules: pairs are separated by <c>&amp;</c> (empty pairs skipped); a name without <c>=</c> has the value "";
/// the query is percent-encoded as RFC 3986 says (RFC 7033 §4.1), not an HTML form, so a raw <c>+</c> is a
/// plus (<c>acct:john+work@example.com</c>), as <c>%2B</c> is, and a space is only <c>%20</c>; <c>%XX</c> must be two
/// hex digits and the decoded bytes must be valid UTF-8. The raw string may hold only visible ASCII
/// (0x21-0x7E, no <c>#</c>) and at most <see cref="MaxLength"/> characters. Anything else is an error, answered
/// 400 by the router, never an exception.
/// </remarks>
public static class QueryString
{
    /// <summary>The longest raw query string accepted.</summary>
    public const int MaxLength = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses <paramref name="raw"/>; on failure returns false and a short reason (never echoing input).</summary>
    public static bool TryParse(string raw, out List<KeyValuePair<string, string>> pairs, out string error)
    {
        pairs = [];
        error = "";
        if (raw.Length > MaxLength)
        {
            error = "query string longer than " + MaxLength + " characters";
            return false;
        }

        foreach (var c in raw)
        {
            if (c is < '!' or > '~' or '#')
            {
                error = "query string holds a character that must be percent-encoded";
                return false;
            }
        }

        var start = 0;
        while (start <= raw.Length)
        {
            var amp = raw.IndexOf('&', start);
            var end = amp < 0 ? raw.Length : amp;
            if (end > start)
            {
                var segment = raw.AsSpan(start, end - start);
                var eq = segment.IndexOf('=');
                var rawName = eq < 0 ? segment : segment[..eq];
                var rawValue = eq < 0 ? [] : segment[(eq + 1)..];
                if (!TryDecode(rawName, out var name) || !TryDecode(rawValue, out var value))
                {
                    error = "query string has bad percent-encoding";
                    return false;
                }

                pairs.Add(new KeyValuePair<string, string>(name, value));
            }

            if (amp < 0)
            {
                break;
            }

            start = amp + 1;
        }

        return true;
    }

    /// <summary>Decodes one percent-encoded component strictly (a <c>+</c> stays a plus); false on a bad escape or invalid UTF-8.</summary>
    public static bool TryDecode(ReadOnlySpan<char> component, out string decoded)
    {
        if (component.IndexOf('%') < 0)
        {
            decoded = component.ToString();
            return true;
        }

        decoded = "";
        Span<byte> stack = stackalloc byte[256];
        var bytes = component.Length <= stack.Length ? stack : new byte[component.Length];
        var n = 0;
        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            if (c == '%')
            {
                if (i + 2 >= component.Length)
                {
                    return false;
                }

                var hi = HexValue(component[i + 1]);
                var lo = HexValue(component[i + 2]);
                if (hi < 0 || lo < 0)
                {
                    return false;
                }

                bytes[n++] = (byte)((hi << 4) | lo);
                i += 2;
            }
            else
            {
                bytes[n++] = (byte)c;
            }
        }

        try
        {
            decoded = StrictUtf8.GetString(bytes[..n]);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Percent-encodes one component (RFC 3986 unreserved characters stay), for rebuilding a query string
    /// from the decoded parameters of a REST (1.0) event.</summary>
    public static string Encode(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value); // lone surrogates become U+FFFD rather than throwing
        var sb = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b < 0x80 && (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~'))
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 15]);
            }
        }

        return sb.ToString();
    }

    /// <summary>Percent-encodes, in a query string that <see cref="TryParse"/> accepted (visible ASCII, valid
    /// escapes), each character RFC 3986 §3.4 does not allow in a query: <c>"</c>, <c>&lt;</c>, <c>&gt;</c>,
    /// <c>\</c>, <c>^</c>, <c>`</c>, <c>{</c>, <c>|</c>, <c>}</c>, <c>[</c>, <c>]</c>. Everything else, <c>%XX</c>
    /// escapes included, stays as it is.</summary>
    public static string EscapeForUriQuery(string validated)
    {
        ArgumentNullException.ThrowIfNull(validated);
        if (validated.AsSpan().IndexOfAny(NotInUriQuery) < 0)
        {
            return validated;
        }

        var sb = new StringBuilder(validated.Length + 16);
        foreach (var c in validated)
        {
            if (NotInUriQuery.Contains(c) || c is < '!' or > '~')
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    sb.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 15]);
                }
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> NotInUriQuery = System.Buffers.SearchValues.Create("\"<>\\^`{|}[]#");

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
