namespace EdgeRouter.Webfinger.Configuration;

/// <summary>The <c>matrix</c> section: where the domain's Matrix homeserver really is. At least one of the two.</summary>
/// <param name="Server">The delegated server name for federation, <c>/.well-known/matrix/server</c>'s
/// <c>m.server</c> (Matrix server-server API: <c>hostname[:port]</c>), or null.</param>
/// <param name="ClientBaseUrl">The homeserver's client-server base URL, <c>/.well-known/matrix/client</c>'s
/// <c>m.homeserver.base_url</c> (an https URL), or null.</param>
public sealed record MatrixSettings(string? Server, string? ClientBaseUrl)
{
    /// <summary>Matrix's server name grammar in lower case: a DNS name, an IPv4 literal or a bracketed IPv6 literal,
    /// then an optional <c>:port</c> (1-65535): <see cref="Contract.ConfigRules.MatrixServerName"/>.</summary>
    public static bool IsServerName(string value) => Contract.ConfigRules.MatrixServerName.Allows(value);

    /// <summary>An https URL with a lower-case host, no user info, query or fragment, and no character that needs
    /// escaping: <see cref="Contract.ConfigRules.HttpsUrl"/>.</summary>
    public static bool IsBaseUrl(string value) => Contract.ConfigRules.HttpsUrl.Allows(value);
}
