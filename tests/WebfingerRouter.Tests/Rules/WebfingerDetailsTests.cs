using System.Text.Json;
using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Routing;
using Xunit;
using static EdgeRouter.Webfinger.Tests.TestConfig;

namespace EdgeRouter.Webfinger.Tests.Rules;

/// <summary>RFC 7033 and RFC 3986 details: a raw '+' is a plus, scheme and host compare without regard to case for
/// every rule, and a known resource asked for a rel it does not have is 200 with no links (404 is for resources
/// nothing is known about).</summary>
public class WebfingerDetailsTests
{
    private static readonly Router Plus = new(ConfigParser.Parse("""
        {"domain":"example.com","oidc":{"issuer":"https://auth.example.com","accounts":["bob"]},
         "resources":{"acct:john+work@example.com":{"subject":"acct:john+work@example.com","links":[{"rel":"self","href":"https://example.com/john"}]},
                      "https://example.com/Carol":{"subject":"https://example.com/Carol"}}}
        """));

    [Theory]
    [InlineData("resource=acct:john+work@example.com")]
    [InlineData("resource=acct:john%2Bwork@example.com")]
    [InlineData("resource=acct%3Ajohn%2bwork%40example.com")]
    public void A_raw_plus_and_its_percent_encoding_are_both_a_plus(string query)
    {
        var r = Get(query, router: Plus);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("acct:john+work@example.com", JsonDocument.Parse(r.Body).RootElement.GetProperty("subject").GetString());
    }

    [Fact]
    public void A_space_is_only_percent_20_and_is_no_uri()
    {
        Assert.Equal(400, Get("resource=acct:john%20work@example.com", router: Plus).StatusCode);
        Assert.Equal(404, Get("resource=acct:johnwork@example.com", router: Plus).StatusCode);
    }

    [Theory]
    [InlineData("resource=ACCT:carol@EXAMPLE.COM")]
    [InlineData("resource=Acct:carol@Example.Com")]
    [InlineData("resource=acct:carol@example.com")]
    public void Configured_resources_match_scheme_and_host_without_regard_to_case(string query)
    {
        var r = Get(query);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("acct:carol@example.com", JsonDocument.Parse(r.Body).RootElement.GetProperty("subject").GetString());
    }

    [Theory]
    [InlineData("resource=HTTPS://EXAMPLE.COM/Carol", 200)]
    [InlineData("resource=https://Example.com/Carol", 200)]
    [InlineData("resource=https://example.com/carol", 404)] // the path is case-sensitive
    [InlineData("resource=acct:Carol@example.com", 404)] // so is an acct: user part of a configured resource
    public void Only_scheme_and_host_fold(string query, int status)
    {
        Assert.Equal(status, Get(query, router: query.Contains("Carol@", StringComparison.Ordinal) ? null : Plus).StatusCode);
    }

    [Fact]
    public void A_known_oidc_account_asked_for_a_rel_it_lacks_is_200_with_no_links()
    {
        var r = Get("resource=acct:bob@example.com&rel=self", router: Plus);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("""{"subject":"acct:bob@example.com","links":[]}""", r.Body);
        Assert.Equal("application/jrd+json", r.Header("Content-Type"));
        Assert.Equal("*", r.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public void A_known_oidc_account_in_any_case_gets_its_canonical_subject()
    {
        var r = Get("resource=ACCT:bob@EXAMPLE.COM&rel=" + IssuerRelEncoded, router: Plus);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("""{"subject":"acct:bob@example.com","links":[{"rel":"http://openid.net/specs/connect/1.0/issuer","href":"https://auth.example.com"}]}""", r.Body);
        Assert.Equal("""{"subject":"acct:bob@example.com","links":[]}""", Get("resource=Acct:bob@Example.COM&rel=self", router: Plus).Body);
    }

    [Fact]
    public void A_configured_resource_asked_for_a_rel_it_lacks_is_200_with_no_links()
    {
        var r = Get("resource=acct:john+work@example.com&rel=http://webfinger.net/rel/profile-page", router: Plus);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("""{"subject":"acct:john+work@example.com","links":[]}""", r.Body);
    }

    [Fact]
    public void Resources_nothing_is_known_about_stay_404()
    {
        Assert.Equal(404, Get("resource=acct:dave@example.com&rel=self", router: Plus).StatusCode);
        Assert.Equal(404, Get("resource=acct:bob@elsewhere.example&rel=self", router: Plus).StatusCode);
    }
}
