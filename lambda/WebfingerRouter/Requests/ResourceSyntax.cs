namespace EdgeRouter.Webfinger.Requests;

/// <summary>What counts as a usable <c>resource</c> value: an absolute URI (RFC 3986 §3.1 scheme, a colon, then
/// something), at most <see cref="MaxLength"/> characters, with no spaces or control characters. Non-ASCII letters
/// are allowed (IRIs).</summary>
public static class ResourceSyntax
{
    /// <summary>The longest resource accepted; longer ones are answered 400.</summary>
    public const int MaxLength = 1024;

    /// <summary>True when <paramref name="value"/> is a usable resource URI.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || !char.IsAsciiLetter(value[0]))
        {
            return false;
        }

        var colon = -1;
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == ':')
            {
                colon = i;
                break;
            }

            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        if (colon < 0 || colon == value.Length - 1)
        {
            return false;
        }

        return !HasControlOrSpace(value);
    }

    /// <summary>True when <paramref name="value"/> holds a C0/C1 control, DEL, a Unicode separator or white space.</summary>
    public static bool HasControlOrSpace(string value)
    {
        foreach (var c in value)
        {
            if (c <= ' ' || (c >= '\u007f' && c <= '\u009f') || char.IsWhiteSpace(c) || c is '\u2028' or '\u2029' or '\ufeff')
            {
                return true;
            }
        }

        return false;
    }
}
