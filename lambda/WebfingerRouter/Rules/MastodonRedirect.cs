using System.Text;
using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Requests;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Rules;

/// <summary>Rule 3: an <c>acct:user@domain</c> resource for a user the <c>mastodon</c> section allows is answered
/// 301 to <c>https://&lt;mastodon host&gt;/.well-known/webfinger?resource=…[&amp;rel=…]</c>, as the Mastodon admin docs
/// for LOCAL_DOMAIN/WEB_DOMAIN set-ups describe. The host comes from configuration only. The query is rebuilt from
/// what the router checked: the one resource and the rel values, each percent-encoded down to RFC 3986's unreserved
/// characters, other parameters dropped. So Mastodon (Rack splits on <c>;</c> as well as <c>&amp;</c>, reads
/// <c>resource[]</c> as another parameter, and lets the last <c>resource</c> win) reads exactly the resource that was
/// checked, and the Location is a valid URI whatever the viewer sent. The resource goes on as <c>acct:user@domain</c>
/// with the scheme and host in lower case: scheme and host are case-insensitive (RFC 3986 §6.2.2.1), and Mastodon
/// strips a lower-case <c>acct:</c> only, so <c>ACCT:alice@EXAMPLE.COM</c> reaches it as it finds alice.</summary>
public sealed class MastodonRedirect(MastodonSettings? mastodon) : IWebfingerRule
{
    /// <inheritdoc />
    public RouterResponse? TryAnswer(WebfingerQuery query, bool head)
    {
        if (mastodon is null || query.LocalUser is not { } user || !mastodon.Accounts.Allows(user))
        {
            return null;
        }

        var location = new StringBuilder("https://").Append(mastodon.Host).Append(Router.WebfingerPath)
            .Append("?resource=").Append(QueryString.Encode(query.CanonicalAccount!));
        foreach (var rel in query.Rels)
        {
            location.Append("&rel=").Append(QueryString.Encode(rel));
        }

        return Answers.Redirect(location.ToString(), RouteDecision.MastodonRedirect);
    }
}
