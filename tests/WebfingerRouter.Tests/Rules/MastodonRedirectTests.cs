using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Routing;
using Xunit;
using static EdgeRouter.Webfinger.Tests.TestConfig;

namespace EdgeRouter.Webfinger.Tests.Rules;

public class MastodonRedirectTests
{
    [Fact]
    public void Redirects_an_allowed_account()
    {
        var r = Get("resource=acct%3Aalice%40example.com");
        Assert.Equal(301, r.StatusCode);
        Assert.Equal(RouteDecision.MastodonRedirect, r.Decision);
        Assert.Equal(
            [
                "Location: https://mastodon.example.com/.well-known/webfinger?resource=acct%3Aalice%40example.com",
                "Cache-Control: public, max-age=3600",
                "Access-Control-Allow-Origin: *",
            ],
            HeaderLines(r));
        Assert.Equal("", r.Body);
    }

    [Theory]
    [InlineData("resource=acct:alice@example.com", "resource=acct%3Aalice%40example.com")]
    [InlineData("resource=acct:alice@EXAMPLE.com&rel=self&rel=http://webfinger.net/rel/profile-page", "resource=acct%3Aalice%40example.com&rel=self&rel=http%3A%2F%2Fwebfinger.net%2Frel%2Fprofile-page")] // scheme and host in lower case
    [InlineData("rel=self&resource=acct%3AAlice%40Example.Com&x=%2B+y", "resource=acct%3AAlice%40example.com&rel=self")]
    [InlineData("resource=ACCT:alice@example.com", "resource=acct%3Aalice%40example.com")] // Mastodon strips only a lower-case acct:
    public void Forwards_the_checked_resource_and_rels_re_encoded(string query, string forwarded)
    {
        // RedirectTargetTests: why (Rack's `;`, bracket names) and the URI grammar over a fuzzed corpus.
        var r = Get(query);
        Assert.Equal(301, r.StatusCode);
        Assert.Equal("https://mastodon.example.com/.well-known/webfinger?" + forwarded, r.Header("Location"));
    }

    [Fact]
    public void Head_gets_the_same_redirect()
    {
        var get = Get("resource=acct:alice@example.com");
        var head = Get("resource=acct:alice@example.com", method: "HEAD");
        Assert.Equal(HeaderLines(get), HeaderLines(head));
        Assert.Equal(301, head.StatusCode);
        Assert.Equal("", head.Body);
    }

    [Theory]
    [InlineData("resource=acct:dave@example.com")] // not in mastodon.accounts
    [InlineData("resource=acct:alice@mastodon.example.com")] // the Mastodon host is not the domain
    [InlineData("resource=acct:alice@example.com.evil.test")]
    [InlineData("resource=acct:alice@evil.test%23example.com")]
    [InlineData("resource=acct:alice@example.com:443")]
    [InlineData("resource=acct:@example.com")]
    [InlineData("resource=https://example.com/@alice")] // URL forms are not accounts (README: configure them)
    [InlineData("resource=mailto:alice@example.com")]
    public void Does_not_redirect_other_resources(string query)
    {
        var r = Get(query);
        Assert.Equal(404, r.StatusCode);
        Assert.Null(r.Header("Location"));
    }

    [Fact]
    public void Empty_accounts_means_everyone_at_the_domain()
    {
        var router = new Router(ConfigParser.Parse("""{"domain":"example.com","mastodon":{"host":"social.example.net","accounts":[]}}"""));
        var r = Get("resource=acct:zoe@EXAMPLE.com", router: router);
        Assert.Equal(301, r.StatusCode);
        Assert.Equal("https://social.example.net/.well-known/webfinger?resource=acct%3Azoe%40example.com", r.Header("Location"));
        Assert.Equal(404, Get("resource=acct:zoe@example.org", router: router).StatusCode);
    }

    [Fact]
    public void Without_a_mastodon_section_accounts_are_not_found()
    {
        var router = new Router(ConfigParser.Parse("""{"domain":"example.com"}"""));
        Assert.Equal(404, Get("resource=acct:alice@example.com", router: router).StatusCode);
    }

    [Fact]
    public void User_names_compare_without_case()
    {
        Assert.Equal(301, Get("resource=acct:ALICE@example.com").StatusCode);
    }
}
