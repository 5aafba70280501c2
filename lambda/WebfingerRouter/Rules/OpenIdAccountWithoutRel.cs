using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Jrd;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Rules;

/// <summary>Rule 4 (RFC 7033 §4.3: without <c>rel</c>, every link the server knows): a lookup with no <c>rel</c> for
/// an account the <c>oidc</c> section allows, which no earlier rule answered (so not a Mastodon account: that one is
/// redirected, and Mastodon answers its links), gets the account's JRD with the issuer link.</summary>
public sealed class OpenIdAccountWithoutRel(OidcSettings? oidc) : IWebfingerRule
{
    /// <inheritdoc />
    public RouterResponse? TryAnswer(WebfingerQuery query, bool head)
    {
        if (oidc is null || query.Rels.Count != 0 || query.LocalUser is not { } user || !oidc.Accounts.Allows(user))
        {
            return null;
        }

        var jrd = new JrdDocument
        {
            Subject = query.Resource,
            Links = [new JrdLink { Rel = WebfingerQuery.OpenIdIssuerRel, Href = oidc.Issuer }],
        };
        return Answers.Jrd(jrd, head, RouteDecision.OpenIdIssuer);
    }
}
