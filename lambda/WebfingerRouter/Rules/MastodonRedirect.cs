using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Rules;

/// <summary>Rule 3: an <c>acct:user@domain</c> resource for a user the <c>mastodon</c> section allows is answered
/// 301 to <c>https://&lt;mastodon host&gt;/.well-known/webfinger?&lt;the original query string&gt;</c>, as the Mastodon
/// admin docs for LOCAL_DOMAIN/WEB_DOMAIN set-ups describe. The host comes from configuration only; the query
/// string has been checked to hold visible ASCII only, so nothing from the request can move the target or reach a
/// header as a control character.</summary>
public sealed class MastodonRedirect(MastodonSettings? mastodon) : IWebfingerRule
{
    /// <inheritdoc />
    public RouterResponse? TryAnswer(WebfingerQuery query, bool head)
    {
        if (mastodon is null || query.LocalUser is not { } user || !mastodon.Accounts.Allows(user))
        {
            return null;
        }

        return Answers.Redirect(
            "https://" + mastodon.Host + Router.WebfingerPath + "?" + query.RawQueryString,
            RouteDecision.MastodonRedirect);
    }
}
