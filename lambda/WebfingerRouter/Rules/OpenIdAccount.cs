using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Jrd;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Rules;

/// <summary>Rule 4: an account the <c>oidc</c> section allows, which no earlier rule answered (so not a Mastodon
/// account: that one is redirected, and Mastodon answers its links), is a resource the router knows: it gets the
/// account's JRD, whose one link is the issuer, filtered by <c>rel</c> (RFC 7033 §4.3). Without <c>rel</c> that is
/// every link; with a <c>rel</c> the account does not have it is a JRD with no links, 200 and not 404, which RFC 7033
/// keeps for resources the server knows nothing about.</summary>
public sealed class OpenIdAccount(OidcSettings? oidc) : IWebfingerRule
{
    /// <inheritdoc />
    public RouterResponse? TryAnswer(WebfingerQuery query, bool head)
    {
        if (oidc is null || query.LocalUser is not { } user || !oidc.Accounts.Allows(user))
        {
            return null;
        }

        var jrd = new JrdDocument
        {
            Subject = query.CanonicalAccount,
            Links = [new JrdLink { Rel = WebfingerQuery.OpenIdIssuerRel, Href = oidc.Issuer }],
        };
        return Answers.Jrd(RelFilter.Apply(jrd, query.Rels), head, RouteDecision.OpenIdIssuer);
    }
}
