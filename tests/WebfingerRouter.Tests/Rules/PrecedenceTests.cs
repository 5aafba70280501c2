using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Routing;
using Xunit;
using static EdgeRouter.Webfinger.Tests.TestConfig;

namespace EdgeRouter.Webfinger.Tests.Rules;

/// <summary>Configured resource, then OIDC issuer (when asked), then Mastodon redirect, else 404.</summary>
public class PrecedenceTests
{
    private static readonly Router Everyone = new(ConfigParser.Parse("""
        {"domain":"example.com","mastodon":{"host":"mastodon.example.com"},"oidc":{"issuer":"https://auth.example.com"},
         "resources":{"acct:carol@example.com":{"subject":"acct:carol@example.com","links":[{"rel":"http://openid.net/specs/connect/1.0/issuer","href":"https://carol-idp.example.net"}]}}}
        """));

    [Fact]
    public void Configured_resource_beats_oidc_and_mastodon()
    {
        var r = Get("resource=acct:carol@example.com&rel=" + IssuerRel, router: Everyone);
        Assert.Equal(RouteDecision.ConfiguredResource, r.Decision);
        Assert.Contains("carol-idp.example.net", r.Body, StringComparison.Ordinal);
        Assert.Equal(RouteDecision.ConfiguredResource, Get("resource=acct:carol@example.com", router: Everyone).Decision);
    }

    [Fact]
    public void Oidc_beats_mastodon_when_the_issuer_rel_is_asked()
    {
        Assert.Equal(RouteDecision.OpenIdIssuer, Get("resource=acct:alice@example.com&rel=" + IssuerRel).Decision);
        Assert.Equal(RouteDecision.OpenIdIssuer, Get("resource=acct:alice@example.com&rel=self&rel=" + IssuerRel).Decision);
    }

    [Fact]
    public void Mastodon_answers_when_the_issuer_rel_is_not_asked()
    {
        Assert.Equal(RouteDecision.MastodonRedirect, Get("resource=acct:alice@example.com").Decision);
        Assert.Equal(RouteDecision.MastodonRedirect, Get("resource=acct:alice@example.com&rel=self").Decision);
    }

    [Fact]
    public void An_issuer_request_for_a_mastodon_only_account_falls_through_to_the_redirect()
    {
        var router = new Router(ConfigParser.Parse("""
            {"domain":"example.com","mastodon":{"host":"mastodon.example.com","accounts":["alice","erin"]},"oidc":{"issuer":"https://auth.example.com","accounts":["alice"]}}
            """));
        var r = Get("resource=acct:erin@example.com&rel=" + IssuerRel, router: router);
        Assert.Equal(RouteDecision.MastodonRedirect, r.Decision);
        Assert.Equal("https://mastodon.example.com/.well-known/webfinger?resource=acct%3Aerin%40example.com&rel=" + IssuerRelEncoded, r.Header("Location"));
    }

    [Fact]
    public void Nothing_matching_is_404_with_a_json_body()
    {
        var r = Get("resource=acct:dave@example.com");
        Assert.Equal(404, r.StatusCode);
        Assert.Equal(RouteDecision.NotFound, r.Decision);
        Assert.Equal(
            ["Content-Type: application/json", "Cache-Control: public, max-age=60", "Access-Control-Allow-Origin: *"],
            HeaderLines(r));
        Assert.Equal("""{"error":"not_found","message":"nothing is known about this resource"}""", r.Body);
    }
}
