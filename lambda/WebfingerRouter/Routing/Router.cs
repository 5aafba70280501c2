using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Documents;
using EdgeRouter.Webfinger.Requests;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Rules;

namespace EdgeRouter.Webfinger.Routing;

/// <summary>Routes one request. Pure and thread-safe: no I/O, no clock, no state after construction.</summary>
/// <remarks>
/// <para>Paths: <c>/.well-known/webfinger</c>, <c>/.well-known/host-meta</c>, <c>/.well-known/nodeinfo</c>; any
/// other path is 404 whatever the method. On a known path: GET and HEAD are answered, OPTIONS is a CORS preflight
/// (204), anything else is 405 with <c>Allow</c>.</para>
/// <para>Webfinger precedence, first match wins: (0) a bad query is 400; (1) <see cref="ConfiguredResource"/>;
/// (2) <see cref="OpenIdIssuer"/>; (3) <see cref="MastodonRedirect"/>; (4) <see cref="OpenIdAccount"/>
/// (RFC 7033 §4.3: the account's links filtered by rel, none left is still 200); (5) 503 when a disabled section could
/// have answered (see below), else 404. A resource configured verbatim thus
/// overrides both account rules, and an account that may use OIDC and Mastodon gets the issuer JRD when it asks
/// for the issuer rel and the Mastodon redirect otherwise.</para>
/// <para>The configured well-known documents (<see cref="WellKnownDocuments"/>: atproto-did, matrix/server,
/// matrix/client, nostr.json) answer their own exact paths first.</para>
/// <para>A section the configuration check disabled (<see cref="RouterConfig.Disabled"/>) answers its own paths 503,
/// and nothing else: a disabled document its path; <c>mastodon</c> host-meta and nodeinfo; a disabled resource its
/// lookups; a disabled <c>domain</c>, <c>mastodon</c> or <c>oidc</c> the lookups of accounts no other rule answered
/// (whether the account would have been redirected or given an issuer is unknowable); a disabled <c>resources</c> the
/// lookups that would otherwise be 404.</para>
/// </remarks>
public sealed class Router
{
    /// <summary>The webfinger path (RFC 7033 §10.1).</summary>
    public const string WebfingerPath = "/.well-known/webfinger";

    /// <summary>Mastodon's host-meta fallback path.</summary>
    public const string HostMetaPath = "/.well-known/host-meta";

    /// <summary>Mastodon's nodeinfo fallback path.</summary>
    public const string NodeInfoPath = "/.well-known/nodeinfo";

    private readonly string _domain;
    private readonly IWebfingerRule[] _rules;
    private readonly MastodonFallback _fallback;
    private readonly IReadOnlyDictionary<string, WellKnownDocument> _documents;
    private readonly bool _accountsDisabled;
    private readonly bool _resourcesDisabled;

    /// <summary>Creates the router for a validated configuration.</summary>
    public Router(RouterConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        _domain = config.Domain;
        _rules =
        [
            new ConfiguredResource(config.Resources, config.DisabledResources),
            new OpenIdIssuer(config.Oidc),
            new MastodonRedirect(config.Mastodon),
            new OpenIdAccount(config.Oidc),
        ];
        _fallback = new MastodonFallback(config.Mastodon, config.Disabled.Contains("mastodon"));
        _documents = WellKnownDocuments.For(config);
        _accountsDisabled = config.Disabled.Contains("domain") || config.Disabled.Contains("mastodon") || config.Disabled.Contains("oidc");
        _resourcesDisabled = config.Disabled.Contains("resources");
    }

    /// <summary>The configuration this router answers from.</summary>
    public RouterConfig Config { get; }

    /// <summary>Answers <paramref name="request"/>. Never throws for any input.</summary>
    public RouterResponse Route(RouterRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path;
        if (_documents.TryGetValue(path, out var document))
        {
            return document.Answer(request);
        }

        var isWebfinger = path == WebfingerPath;
        if (!isWebfinger && path != HostMetaPath && path != NodeInfoPath)
        {
            return Answers.NoSuchPath(request.Method == "HEAD");
        }

        bool head;
        switch (request.Method)
        {
            case "GET":
                head = false;
                break;
            case "HEAD":
                head = true;
                break;
            case "OPTIONS":
                return Answers.Preflight();
            default:
                return Answers.MethodNotAllowed();
        }

        if (!isWebfinger)
        {
            return _fallback.Answer(path, request.RawQueryString, head);
        }

        if (!WebfingerQuery.TryParse(request.RawQueryString, _domain, out var query, out var error))
        {
            return Answers.BadRequest(error, head);
        }

        foreach (var rule in _rules)
        {
            if (rule.TryAnswer(query!, head) is { } answer)
            {
                return answer;
            }
        }

        // Could a disabled section have answered? An account at the domain (any acct: when the domain itself is
        // disabled), or anything a disabled resources map might have held.
        var mayBeAccount = query!.LocalUser is not null || (_domain.Length == 0 && AcctUri.TryParse(query.Resource, out _));
        return (_accountsDisabled && mayBeAccount) || _resourcesDisabled ? Answers.ConfigurationError(head) : Answers.NotFound(head);
    }
}
