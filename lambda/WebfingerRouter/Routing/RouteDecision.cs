namespace EdgeRouter.Webfinger.Routing;

/// <summary>Which rule answered a request; logged on every request.</summary>
public enum RouteDecision
{
    /// <summary>A resource configured verbatim under <c>resources</c>: 200 with its JRD.</summary>
    ConfiguredResource,

    /// <summary>The OpenID Connect issuer rel was asked for an OIDC account: 200 with the issuer link.</summary>
    OpenIdIssuer,

    /// <summary>An account at the domain that uses Mastodon: 301 to the Mastodon host.</summary>
    MastodonRedirect,

    /// <summary><c>/.well-known/host-meta</c> or <c>/.well-known/nodeinfo</c>: 301 to the Mastodon host.</summary>
    MastodonFallback,

    /// <summary>No rule matched: 404.</summary>
    NotFound,

    /// <summary>The query was missing, malformed or too long: 400.</summary>
    BadRequest,

    /// <summary>A method other than GET, HEAD or OPTIONS on a known path: 405.</summary>
    MethodNotAllowed,

    /// <summary>An <c>OPTIONS</c> CORS preflight: 204.</summary>
    CorsPreflight,

    /// <summary><c>/.well-known/atproto-did</c>: 200 with the DID.</summary>
    AtprotoDid,

    /// <summary><c>/.well-known/matrix/server</c>: 200 with <c>m.server</c>.</summary>
    MatrixServer,

    /// <summary><c>/.well-known/matrix/client</c>: 200 with <c>m.homeserver</c>.</summary>
    MatrixClient,

    /// <summary><c>/.well-known/nostr.json</c> for a configured name: 200 with that name only.</summary>
    NostrName,

    /// <summary><c>/.well-known/nostr.json</c> for a name nobody has: 200 with no names.</summary>
    NostrUnknownName,
    /// <summary>The request lacked the distribution's origin header (it came straight to the API): 403.</summary>
    NotThroughDistribution,

    /// <summary>The part of the configuration that would answer was disabled at start-up for a problem: 503.</summary>
    ConfigurationError,
}

/// <summary>Log names of <see cref="RouteDecision"/> values (no reflection, stable across renames).</summary>
public static class RouteDecisionNames
{
    /// <summary>The kebab-case name written to the log.</summary>
    public static string ToLogName(this RouteDecision decision) => decision switch
    {
        RouteDecision.ConfiguredResource => "configured-resource",
        RouteDecision.OpenIdIssuer => "oidc-issuer",
        RouteDecision.MastodonRedirect => "mastodon-redirect",
        RouteDecision.MastodonFallback => "mastodon-fallback",
        RouteDecision.NotFound => "not-found",
        RouteDecision.BadRequest => "bad-request",
        RouteDecision.MethodNotAllowed => "method-not-allowed",
        RouteDecision.CorsPreflight => "cors-preflight",
        RouteDecision.AtprotoDid => "atproto-did",
        RouteDecision.MatrixServer => "matrix-server",
        RouteDecision.MatrixClient => "matrix-client",
        RouteDecision.NostrName => "nostr-name",
        RouteDecision.NostrUnknownName => "nostr-unknown-name",
        RouteDecision.NotThroughDistribution => "not-through-distribution",
        RouteDecision.ConfigurationError => "configuration-error",
        _ => "unknown",
    };
}
