namespace EdgeRouter.Webfinger.Rules;

/// <summary>How a <c>resource</c> is compared with the configured ones: the scheme and the host without regard to
/// case (RFC 3986 §6.2.2.1), everything else exactly, as the account rules compare accounts.</summary>
/// <remarks>The host is the authority's host for <c>scheme://[user@]host[:port]/…</c>, and the part after the last
/// <c>@</c> for <c>acct:</c> (RFC 7565) and <c>mailto:</c>. Other URIs (<c>urn:</c>, <c>did:</c>) fold only the scheme:
/// their other parts are case-sensitive or have rules of their own.</remarks>
public static class ResourceKeys
{
    /// <summary>The form two equivalent resources share.</summary>
    public static string Normalize(string resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var colon = resource.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return resource;
        }

        var scheme = resource[..colon].ToLowerInvariant();
        var rest = resource[(colon + 1)..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var end = rest.IndexOfAny(['/', '?', '#'], 2);
            var authority = end < 0 ? rest[2..] : rest[2..end];
            var at = authority.LastIndexOf('@');
            var host = authority[(at + 1)..];
            return scheme + "://" + authority[..(at + 1)] + host.ToLowerInvariant() + (end < 0 ? "" : rest[end..]);
        }

        if (scheme is "acct" or "mailto")
        {
            var at = rest.LastIndexOf('@');
            if (at >= 0)
            {
                return scheme + ":" + rest[..(at + 1)] + rest[(at + 1)..].ToLowerInvariant();
            }
        }

        return scheme + ":" + rest;
    }
}
