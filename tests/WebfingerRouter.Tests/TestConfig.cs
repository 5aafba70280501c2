using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Requests;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Tests;

/// <summary>The configuration most tests use, and short ways of asking the router.</summary>
internal static class TestConfig
{
    public const string IssuerRel = "http://openid.net/specs/connect/1.0/issuer";
    public const string IssuerRelEncoded = "http%3A%2F%2Fopenid.net%2Fspecs%2Fconnect%2F1.0%2Fissuer";

    public const string CarolJrd = """
        {"subject":"acct:carol@example.com","aliases":["https://example.com/carol"],
         "properties":{"http://example.com/ns/role":"editor","http://example.com/ns/empty":null},
         "links":[{"rel":"self","type":"application/activity+json","href":"https://example.com/carol"},
                  {"rel":"http://webfinger.net/rel/profile-page","type":"text/html","href":"https://example.com/@carol","titles":{"en":"Carol"}},
                  {"rel":"http://openid.net/specs/connect/1.0/issuer","href":"https://carol-idp.example.net"},
                  {"rel":"http://ostatus.org/schema/1.0/subscribe","template":"https://example.com/follow?uri={uri}"}]}
        """;

    public const string Json = """
        {"domain":"example.com",
         "mastodon":{"host":"mastodon.example.com","accounts":["alice"]},
         "oidc":{"issuer":"https://auth.example.com","accounts":["alice","bob"]},
         "resources":{"acct:carol@example.com":
        """ + CarolJrd + "}}";

    public static RouterConfig Config { get; } = ConfigParser.Parse(Json);

    public static Router Router { get; } = new(Config);

    public static WebfingerFunction Function { get; } = new(Config);

    public static RouterResponse Get(string rawQuery, string path = "/.well-known/webfinger", string method = "GET", Router? router = null) =>
        (router ?? Router).Route(new RouterRequest(method, path, rawQuery));

    /// <summary>Headers as "Name: value" lines, for exact comparisons.</summary>
    public static string[] HeaderLines(RouterResponse r) => [.. r.Headers.Select(h => h.Key + ": " + h.Value)];
}
