using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Requests;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Rules;

/// <summary><c>/.well-known/host-meta</c> and <c>/.well-known/nodeinfo</c> (Mastodon's fallbacks): 301 to the same
/// path and query (characters a URI may not hold percent-encoded) on the Mastodon host; 404 when no <c>mastodon</c>
/// section is configured, 503 when it was disabled for a problem.</summary>
public sealed class MastodonFallback(MastodonSettings? mastodon, bool disabled = false)
{
    /// <summary>Answers a GET or HEAD of one of the two paths.</summary>
    public RouterResponse Answer(string path, string rawQueryString, bool head)
    {
        if (disabled)
        {
            return Answers.ConfigurationError(head); // a mastodon section was given, with a problem
        }

        if (mastodon is null)
        {
            return Answers.NoSuchPath(head);
        }

        if (rawQueryString.Length > 0 && !QueryString.TryParse(rawQueryString, out _, out var error))
        {
            return Answers.BadRequest(error, head);
        }

        // The router checks nothing in this query, so it goes on as sent, with only the characters RFC 3986 does not
        // allow in a query percent-encoded (the Location stays a valid URI), and '+' as %2B: the router reads a raw
        // '+' as a plus (RFC 3986), Mastodon (Rack) as a space, so it is sent in the form both read as a plus.
        var location = "https://" + mastodon.Host + path +
            (rawQueryString.Length > 0 ? "?" + QueryString.EscapeForUriQuery(rawQueryString).Replace("+", "%2B", StringComparison.Ordinal) : "");
        return Answers.Redirect(location, RouteDecision.MastodonFallback);
    }
}
