using EdgeRouter.Webfinger.Routing;
using Xunit;
using static EdgeRouter.Webfinger.Tests.TestConfig;

namespace EdgeRouter.Webfinger.Tests.Rules;

public class BadRequestTests
{
    [Theory]
    [InlineData("", "resource is required")]
    [InlineData("rel=self", "resource is required")]
    [InlineData("resource=", "resource is required")]
    [InlineData("resource", "resource is required")]
    [InlineData("Resource=acct:alice@example.com", "resource is required")]
    [InlineData("resource=alice@example.com", "resource is not a URI")]
    [InlineData("resource=alice", "resource is not a URI")]
    [InlineData("resource=acct:", "resource is not a URI")]
    [InlineData("resource=1acct:alice@example.com", "resource is not a URI")]
    [InlineData("resource=acct:alice smith@example.com", "query string holds a character that must be percent-encoded")]
    [InlineData("resource=acct:alice%20@example.com", "resource is not a URI")]
    [InlineData("resource=acct:alice%0D%0A@example.com", "resource is not a URI")]
    [InlineData("resource=acct:alice%00@example.com", "resource is not a URI")]
    [InlineData("resource=acct:a@example.com&resource=acct:b@example.com", "resource must be given once")]
    [InlineData("resource=acct%3Galice", "query string has bad percent-encoding")]
    [InlineData("resource=acct:alice%", "query string has bad percent-encoding")]
    [InlineData("resource=acct:alice%4", "query string has bad percent-encoding")]
    [InlineData("resource=acct:%FF@example.com", "query string has bad percent-encoding")]
    [InlineData("resource=acct:%C3@example.com", "query string has bad percent-encoding")]
    [InlineData("resource=acct:%ED%A0%80@example.com", "query string has bad percent-encoding")]
    [InlineData("res%ZZource=x", "query string has bad percent-encoding")]
    [InlineData("resource=acct:alice@example.com\r\nX: y", "query string holds a character that must be percent-encoded")]
    [InlineData("resource=acct:alice@example.com ", "query string holds a character that must be percent-encoded")]
    [InlineData("resource=acct:élise@example.com", "query string holds a character that must be percent-encoded")]
    [InlineData("resource=acct:alice@example.com#x", "query string holds a character that must be percent-encoded")]
    [InlineData("resource=acct:alice@example.com&rel=a%0Ab", "rel is not a link relation type")]
    public void Answers_400_with_the_reason(string query, string message)
    {
        var r = Get(query);
        Assert.Equal(400, r.StatusCode);
        Assert.Equal(RouteDecision.BadRequest, r.Decision);
        Assert.Equal(
            ["Content-Type: application/json", "Cache-Control: no-store", "Access-Control-Allow-Origin: *"],
            HeaderLines(r));
        Assert.Equal("{\"error\":\"invalid_request\",\"message\":\"" + message + "\"}", r.Body);
    }

    [Fact]
    public void Too_long_resource_and_query()
    {
        var longResource = "acct:" + new string('a', 1100) + "@example.com";
        Assert.Equal("""{"error":"invalid_request","message":"resource is longer than 1024 characters"}""",
            Get("resource=" + longResource).Body);
        Assert.Equal("""{"error":"invalid_request","message":"query string longer than 4096 characters"}""",
            Get("resource=acct:alice@example.com&pad=" + new string('a', 4100)).Body);
        Assert.Equal(301, Get("resource=acct:alice@example.com&pad=" + new string('a', 4000)).StatusCode);
    }

    [Fact]
    public void Too_many_rels()
    {
        var q = "resource=acct:carol@example.com" + string.Concat(Enumerable.Repeat("&rel=self", 33));
        Assert.Equal(400, Get(q).StatusCode);
        Assert.Equal(200, Get("resource=acct:carol@example.com" + string.Concat(Enumerable.Repeat("&rel=self", 32))).StatusCode);
    }

    [Fact]
    public void Head_of_a_bad_request_has_no_body()
    {
        var r = Get("", method: "HEAD");
        Assert.Equal(400, r.StatusCode);
        Assert.Equal("", r.Body);
        Assert.Equal("application/json", r.Header("Content-Type"));
    }

    [Fact]
    public void Unicode_resources_percent_encoded_are_fine()
    {
        var r = Get("resource=acct%3A%C3%A9lise%40example.com");
        Assert.Equal(404, r.StatusCode); // élise is not in mastodon.accounts; the point is: not 400
    }
}
