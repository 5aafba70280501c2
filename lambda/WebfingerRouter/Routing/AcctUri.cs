namespace EdgeRouter.Webfinger.Routing;

/// <summary>An <c>acct:</c> URI (RFC 7565): <c>acct:user@host</c>. The host is what follows the last <c>@</c>.</summary>
/// <param name="User">The user part, as written (it may itself hold a percent-encoded <c>@</c>).</param>
/// <param name="Host">The host part, as written.</param>
public readonly record struct AcctUri(string User, string Host)
{
    /// <summary>Parses <paramref name="resource"/>; the scheme compares without regard to case.</summary>
    public static bool TryParse(string resource, out AcctUri acct)
    {
        acct = default;
        if (resource.Length < 7 || !resource.StartsWith("acct:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = resource.AsSpan(5);
        var at = rest.LastIndexOf('@');
        if (at <= 0 || at == rest.Length - 1)
        {
            return false;
        }

        acct = new AcctUri(rest[..at].ToString(), rest[(at + 1)..].ToString());
        return true;
    }
}
