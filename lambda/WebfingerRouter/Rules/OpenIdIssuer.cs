using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Jrd;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Rules;

/// <summary>Rule 2 (OpenID Connect Discovery 1.0 §2): when <c>rel</c> includes
/// <c>http://openid.net/specs/connect/1.0/issuer</c> and the resource is <c>acct:user@domain</c> for a user the
/// <c>oidc</c> section allows, answer 200 with <c>{"subject": resource, "links": [{"rel": issuer rel,
/// "href": issuer}]}</c>. The subject is the account as <c>acct:user@domain</c> with the scheme and host in lower case
/// (RFC 3986 §6.2.2.1: they are case-insensitive), whatever case the lookup used.</summary>
public sealed class OpenIdIssuer(OidcSettings? oidc) : IWebfingerRule
{
    /// <inheritdoc />
    public RouterResponse? TryAnswer(WebfingerQuery query, bool head)
    {
        if (oidc is null || query.LocalUser is not { } user || !query.AsksForIssuer || !oidc.Accounts.Allows(user))
        {
            return null;
        }

        var jrd = new JrdDocument
        {
            Subject = query.CanonicalAccount,
            Links = [new JrdLink { Rel = WebfingerQuery.OpenIdIssuerRel, Href = oidc.Issuer }],
        };
        return Answers.Jrd(jrd, head, RouteDecision.OpenIdIssuer);
    }
}
