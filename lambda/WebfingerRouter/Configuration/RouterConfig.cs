using EdgeRouter.Webfinger.Jrd;

namespace EdgeRouter.Webfinger.Configuration;

/// <summary>The validated <c>WEBFINGER_CONFIG</c>. Build it with <see cref="ConfigParser.Parse(string?)"/>.</summary>
/// <param name="Domain">The root domain whose <c>acct:</c> resources the router answers for (lower case); "" when
/// the <c>domain</c> member had a problem (then <see cref="Disabled"/> holds "domain").</param>
/// <param name="Mastodon">Where Mastodon lookups are redirected, or null for no Mastodon rule.</param>
/// <param name="Oidc">The OpenID Connect issuer to announce, or null for no OIDC rule.</param>
/// <param name="Resources">JRDs served verbatim, keyed by the exact <c>resource</c> string.</param>
public sealed record RouterConfig(
    string Domain,
    MastodonSettings? Mastodon,
    OidcSettings? Oidc,
    IReadOnlyDictionary<string, JrdDocument> Resources)
{
    /// <summary>The <c>atproto</c> section (<c>/.well-known/atproto-did</c>), or null.</summary>
    public AtprotoSettings? Atproto { get; init; }

    /// <summary>The <c>matrix</c> section (<c>/.well-known/matrix/server</c> and <c>/client</c>), or null.</summary>
    public MatrixSettings? Matrix { get; init; }

    /// <summary>The <c>nostr</c> section (<c>/.well-known/nostr.json</c>, NIP-05), or null.</summary>
    public NostrSettings? Nostr { get; init; }

    /// <summary>Every problem <see cref="ConfigParser.Read"/> found, in document order; empty for a valid configuration.</summary>
    public IReadOnlyList<ConfigProblem> Problems { get; init; } = [];

    /// <summary>The top-level members left out for a problem (<c>domain</c>, <c>mastodon</c>, <c>resources</c>, …): the
    /// router answers their paths 503 rather than guess.</summary>
    public IReadOnlySet<string> Disabled { get; init; } = new HashSet<string>();

    /// <summary>The <c>resources</c> keys left out for a problem: a lookup of one of them is 503, not 404.</summary>
    public IReadOnlySet<string> DisabledResources { get; init; } = new HashSet<string>();
}

/// <summary>The <c>mastodon</c> section.</summary>
/// <param name="Host">The Mastodon server's bare host name (its WEB_DOMAIN), lower case.</param>
/// <param name="Accounts">Which accounts at the domain are redirected.</param>
public sealed record MastodonSettings(string Host, AccountList Accounts);

/// <summary>The <c>oidc</c> section.</summary>
/// <param name="Issuer">The issuer URL (https, no query or fragment), written exactly as configured.</param>
/// <param name="Accounts">Which accounts at the domain get the issuer link.</param>
public sealed record OidcSettings(string Issuer, AccountList Accounts);

/// <summary>A set of user names; empty means every account at the domain. Names compare without regard to ASCII
/// case, as Mastodon's user names do.</summary>
public sealed class AccountList
{
    private readonly HashSet<string> _names;

    /// <summary>Creates the list; no names means everyone.</summary>
    public AccountList(IEnumerable<string> names)
    {
        _names = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every account at the domain.</summary>
    public static AccountList Everyone { get; } = new([]);

    /// <summary>True when the list names nobody, and so allows everybody.</summary>
    public bool AllowsEveryone => _names.Count == 0;

    /// <summary>The configured names (empty for everyone).</summary>
    public IReadOnlyCollection<string> Names => _names;

    /// <summary>True when <paramref name="user"/> may use the feature.</summary>
    public bool Allows(string user) => _names.Count == 0 || _names.Contains(user);
}
