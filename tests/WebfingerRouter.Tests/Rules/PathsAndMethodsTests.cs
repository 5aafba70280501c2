using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Routing;
using Xunit;
using static EdgeRouter.Webfinger.Tests.TestConfig;

namespace EdgeRouter.Webfinger.Tests.Rules;

public class PathsAndMethodsTests
{
    [Theory]
    [InlineData("/.well-known/host-meta", "", "https://mastodon.example.com/.well-known/host-meta")]
    [InlineData("/.well-known/host-meta", "resource=acct%3Aalice%40example.com", "https://mastodon.example.com/.well-known/host-meta?resource=acct%3Aalice%40example.com")]
    [InlineData("/.well-known/nodeinfo", "", "https://mastodon.example.com/.well-known/nodeinfo")]
    public void Mastodon_fallbacks_redirect_to_the_same_path(string path, string query, string location)
    {
        foreach (var method in new[] { "GET", "HEAD" })
        {
            var r = Get(query, path, method);
            Assert.Equal(301, r.StatusCode);
            Assert.Equal(RouteDecision.MastodonFallback, r.Decision);
            Assert.Equal(
                ["Location: " + location, "Cache-Control: public, max-age=3600", "Access-Control-Allow-Origin: *"],
                HeaderLines(r));
            Assert.Equal("", r.Body);
        }
    }

    [Fact]
    public void Fallbacks_are_404_without_mastodon()
    {
        var router = new Router(ConfigParser.Parse("""{"domain":"example.com"}"""));
        Assert.Equal(404, Get("", "/.well-known/host-meta", router: router).StatusCode);
        Assert.Equal(404, Get("", "/.well-known/nodeinfo", router: router).StatusCode);
    }

    [Fact]
    public void Fallback_with_a_bad_query_is_400()
    {
        Assert.Equal(400, Get("a=%zz", "/.well-known/host-meta").StatusCode);
        Assert.Equal(400, Get("a=\r\nSet-Cookie:x", "/.well-known/nodeinfo").StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/.well-known/webfinger/")]
    [InlineData("/.well-known/WEBFINGER")]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/webfinger%00")]
    [InlineData("")]
    public void Other_paths_are_404(string path)
    {
        var r = Get("resource=acct:alice@example.com", path);
        Assert.Equal(404, r.StatusCode);
        Assert.Equal("""{"error":"not_found","message":"no such path"}""", r.Body);
        Assert.Equal("*", r.Header("Access-Control-Allow-Origin"));
        Assert.Equal(404, Get("", path, "DELETE").StatusCode);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("get")]
    [InlineData("TRACE")]
    public void Other_methods_are_405_with_allow(string method)
    {
        var r = Get("resource=acct:alice@example.com", method: method);
        Assert.Equal(405, r.StatusCode);
        Assert.Equal(RouteDecision.MethodNotAllowed, r.Decision);
        Assert.Equal(
            ["Allow: GET, HEAD, OPTIONS", "Content-Type: application/json", "Cache-Control: no-store", "Access-Control-Allow-Origin: *"],
            HeaderLines(r));
        Assert.Equal("""{"error":"method_not_allowed","message":"use GET, HEAD or OPTIONS"}""", r.Body);
        Assert.Equal(405, Get("", "/.well-known/host-meta", method).StatusCode);
    }

    [Theory]
    [InlineData("/.well-known/webfinger")]
    [InlineData("/.well-known/host-meta")]
    [InlineData("/.well-known/nodeinfo")]
    public void Options_is_a_cors_preflight(string path)
    {
        var r = Get("", path, "OPTIONS");
        Assert.Equal(204, r.StatusCode);
        Assert.Equal(RouteDecision.CorsPreflight, r.Decision);
        Assert.Equal(
            [
                "Access-Control-Allow-Origin: *",
                "Access-Control-Allow-Methods: GET, HEAD, OPTIONS",
                "Access-Control-Allow-Headers: *",
                "Access-Control-Max-Age: 86400",
                "Allow: GET, HEAD, OPTIONS",
            ],
            HeaderLines(r));
        Assert.Equal("", r.Body);
    }
}
