using System.Text;

namespace EdgeRouter.Webfinger.Routing;

/// <summary>An <c>acct:</c> URI (RFC 7565): <c>acct:user@host</c>, with a user part RFC 7565 §7 allows.</summary>
/// <remarks>
/// <c>userpart = unreserved / sub-delims 0*( unreserved / pct-encoded / sub-delims )</c>: ASCII letters, digits,
/// <c>-._~</c> and <c>!$&amp;'()*+,;=</c>, with anything else percent-encoded (RFC 7565 §4: an <c>@</c> in the user
/// part is written <c>%40</c>). So a second raw <c>@</c>, a <c>:</c>, <c>/</c>, <c>?</c>, quotes, angle brackets,
/// spaces, raw non-ASCII and an empty user part make the resource no account at all. Beyond the grammar, the
/// percent-encoded octets must be UTF-8 (RFC 3986 §2.5) of characters that are not controls or white space: no
/// account has a NUL or a line break in its name.
/// </remarks>
/// <param name="User">The user part, as written (it may itself hold a percent-encoded <c>@</c>).</param>
/// <param name="Host">The host part, as written.</param>
public readonly record struct AcctUri(string User, string Host)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses <paramref name="resource"/>; the scheme compares without regard to case. False for anything
    /// that is not <c>acct:</c> + a valid user part + <c>@</c> + a non-empty host.</summary>
    public static bool TryParse(string resource, out AcctUri acct)
    {
        acct = default;
        if (resource.Length < 7 || !resource.StartsWith("acct:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = resource.AsSpan(5);
        var at = rest.IndexOf('@');
        if (at <= 0 || at == rest.Length - 1 || rest[(at + 1)..].Contains('@') || !IsUserPart(rest[..at]))
        {
            return false;
        }

        acct = new AcctUri(rest[..at].ToString(), rest[(at + 1)..].ToString());
        return true;
    }

    /// <summary>True when <paramref name="user"/> is an RFC 7565 user part whose percent-encoded octets are UTF-8 of
    /// non-control, non-space characters.</summary>
    public static bool IsUserPart(ReadOnlySpan<char> user)
    {
        if (user.IsEmpty || user[0] == '%')
        {
            return false; // the grammar's first character is unreserved or a sub-delim
        }

        Span<byte> octets = stackalloc byte[user.Length];
        var n = 0;
        for (var i = 0; i < user.Length; i++)
        {
            var c = user[i];
            if (c == '%')
            {
                if (i + 2 >= user.Length || !char.IsAsciiHexDigit(user[i + 1]) || !char.IsAsciiHexDigit(user[i + 2]))
                {
                    return false;
                }

                octets[n++] = (byte)Convert.ToInt32(user.Slice(i + 1, 2).ToString(), 16);
                i += 2;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=')
            {
                octets[n++] = (byte)c;
            }
            else
            {
                return false;
            }
        }

        string decoded;
        try
        {
            decoded = StrictUtf8.GetString(octets[..n]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        foreach (var c in decoded)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '\u2028' or '\u2029' or '\ufeff')
            {
                return false;
            }
        }

        return true;
    }
}
