using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Routing;
using Xunit;
using static EdgeRouter.Webfinger.Tests.TestConfig;

namespace EdgeRouter.Webfinger.Tests.Rules;

/// <summary>RFC 7033 §4.3: a lookup without rel gets every link the server knows for the resource.</summary>
public class OpenIdWithoutRelTests
{
    [Theory]
    [InlineData("resource=acct:bob@example.com", "acct:bob@example.com")]
    [InlineData("resource=acct%3ABob%40EXAMPLE.com", "acct:Bob@example.com")]
    [InlineData("resource=acct:bob@example.com&rel=", "acct:bob@example.com")] // an empty rel is no rel
    public void An_oidc_only_account_gets_its_jrd_with_the_issuer_link(string query, string subject)
    {
        var r = Get(query);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(RouteDecision.OpenIdIssuer, r.Decision);
        Assert.Equal(
            ["Content-Type: application/jrd+json", "Cache-Control: public, max-age=300", "Access-Control-Allow-Origin: *"],
            HeaderLines(r));
        Assert.Equal(
            "{\"subject\":\"" + subject + "\",\"links\":[{\"rel\":\"http://openid.net/specs/connect/1.0/issuer\",\"href\":\"https://auth.example.com\"}]}",
            r.Body);
        Assert.Equal("", Get(query, method: "HEAD").Body);
    }

    [Fact]
    public void An_account_in_both_lists_is_still_redirected_without_rel()
    {
        var r = Get("resource=acct:alice@example.com");
        Assert.Equal(301, r.StatusCode);
        Assert.Equal(RouteDecision.MastodonRedirect, r.Decision);
    }

    [Fact]
    public void A_configured_resource_still_wins()
    {
        var router = new Router(ConfigParser.Parse("""
            {"domain":"example.com","oidc":{"issuer":"https://auth.example.com"},
             "resources":{"acct:carol@example.com":{"subject":"acct:carol@example.com","links":[{"rel":"self","href":"https://example.com/carol"}]}}}
            """));
        var r = Get("resource=acct:carol@example.com", router: router);
        Assert.Equal(RouteDecision.ConfiguredResource, r.Decision);
        Assert.Equal("""{"subject":"acct:carol@example.com","links":[{"rel":"self","href":"https://example.com/carol"}]}""", r.Body);
    }

    [Theory]
    [InlineData("resource=acct:dave@example.com")] // in no list
    [InlineData("resource=acct:bob@other.example")] // another host
    public void Others_are_still_404(string query) => Assert.Equal(404, Get(query).StatusCode);
}
