using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Routing;
using Xunit;
using static EdgeRouter.Webfinger.Tests.TestConfig;

namespace EdgeRouter.Webfinger.Tests.Rules;

public class OpenIdIssuerTests
{
    [Fact]
    public void Answers_the_issuer_link_for_an_oidc_account()
    {
        var r = Get("resource=acct%3Abob%40example.com&rel=" + IssuerRelEncoded);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(RouteDecision.OpenIdIssuer, r.Decision);
        Assert.Equal(
            ["Content-Type: application/jrd+json", "Cache-Control: public, max-age=300", "Access-Control-Allow-Origin: *"],
            HeaderLines(r));
        Assert.Equal(
            """{"subject":"acct:bob@example.com","links":[{"rel":"http://openid.net/specs/connect/1.0/issuer","href":"https://auth.example.com"}]}""",
            r.Body);
    }

    [Fact]
    public void Subject_is_the_account_with_scheme_and_host_in_lower_case()
    {
        var r = Get("resource=ACCT:Bob@Example.com&rel=" + IssuerRel);
        Assert.Equal(200, r.StatusCode);
        Assert.StartsWith("""{"subject":"acct:Bob@example.com",""", r.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_rels_beside_the_issuer_rel_still_get_the_issuer_link_only()
    {
        var r = Get("resource=acct:bob@example.com&rel=self&rel=" + IssuerRelEncoded + "&rel=");
        Assert.Equal(200, r.StatusCode);
        Assert.Contains("\"href\":\"https://auth.example.com\"", r.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("self", r.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Head_has_no_body()
    {
        var r = Get("resource=acct:bob@example.com&rel=" + IssuerRel, method: "HEAD");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("application/jrd+json", r.Header("Content-Type"));
        Assert.Equal("", r.Body);
    }

    [Theory]
    [InlineData("resource=acct:dave@example.com&rel=http://openid.net/specs/connect/1.0/issuer")] // not an oidc account
    [InlineData("resource=acct:bob@other.example&rel=http://openid.net/specs/connect/1.0/issuer")]
    public void Does_not_answer_otherwise(string query) => Assert.Equal(404, Get(query).StatusCode);

    [Theory]
    [InlineData("resource=acct:bob@example.com&rel=self")]
    [InlineData("resource=acct:bob@example.com&rel=HTTP://openid.net/specs/connect/1.0/issuer")] // URIs compare exactly
    public void A_known_account_asked_for_other_rels_is_200_with_no_links(string query)
    {
        var r = Get(query);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("""{"subject":"acct:bob@example.com","links":[]}""", r.Body);
    }

    [Fact]
    public void Empty_oidc_accounts_means_everyone()
    {
        var router = new Router(ConfigParser.Parse("""{"domain":"example.com","oidc":{"issuer":"https://login.example.com/realms/main"}}"""));
        var r = Get("resource=acct:anyone@example.com&rel=" + IssuerRel, router: router);
        Assert.Equal(200, r.StatusCode);
        Assert.Contains("\"href\":\"https://login.example.com/realms/main\"", r.Body, StringComparison.Ordinal);
    }
}
