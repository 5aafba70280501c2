using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Routing;
using Xunit;
using static EdgeRouter.Webfinger.Tests.Documents.DocumentsConfig;
using static EdgeRouter.Webfinger.Tests.TestConfig;

namespace EdgeRouter.Webfinger.Tests.Documents;

public class AtprotoDidTests
{
    [Theory]
    [InlineData("")]
    [InlineData("x=%zz")] // the document takes no parameters: the query is not read
    public void Answers_the_did_as_plain_text(string query)
    {
        var r = Ask("/.well-known/atproto-did", query);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(RouteDecision.AtprotoDid, r.Decision);
        Assert.Equal(
            ["Content-Type: text/plain; charset=utf-8", "Cache-Control: public, max-age=300", "Access-Control-Allow-Origin: *"],
            HeaderLines(r));
        Assert.Equal(Did, r.Body);
    }

    [Fact]
    public void Head_options_and_other_methods()
    {
        var head = Ask("/.well-known/atproto-did", method: "HEAD");
        Assert.Equal(200, head.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", head.Header("Content-Type"));
        Assert.Equal("", head.Body);
        var options = Ask("/.well-known/atproto-did", method: "OPTIONS");
        Assert.Equal(204, options.StatusCode);
        Assert.Equal("GET, HEAD, OPTIONS", options.Header("Access-Control-Allow-Methods"));
        var post = Ask("/.well-known/atproto-did", method: "POST");
        Assert.Equal(405, post.StatusCode);
        Assert.Equal("GET, HEAD, OPTIONS", post.Header("Allow"));
    }

    [Theory]
    [InlineData("/.well-known/atproto-did/")]
    [InlineData("/.well-known/ATPROTO-DID")]
    [InlineData("/.well-known/atproto-did.txt")]
    public void Only_the_exact_path(string path) => Assert.Equal(404, Ask(path).StatusCode);

    [Fact]
    public void Without_the_section_the_path_is_the_routers_404()
    {
        var r = Ask("/.well-known/atproto-did", router: TestConfig.Router);
        Assert.Equal(404, r.StatusCode);
        Assert.Equal("""{"error":"not_found","message":"no such path"}""", r.Body);
    }

    [Theory]
    [InlineData("did:plc:ewvi7nxzyoun6zhxrhs64oiz")]
    [InlineData("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("did:plc:234567234567234567234567")]
    [InlineData("did:web:example.com")]
    [InlineData("did:web:bsky.example.co.uk")]
    public void Accepts_plc_and_host_level_web_dids(string did) => Assert.True(DidSyntax.IsAtprotoDid(did), did);

    [Theory]
    [InlineData("")]
    [InlineData("did:plc:ewvi7nxzyoun6zhxrhs64oi")] // 23
    [InlineData("did:plc:ewvi7nxzyoun6zhxrhs64oizz")] // 25
    [InlineData("did:plc:EWVI7NXZYOUN6ZHXRHS64OIZ")] // base32 is lower case
    [InlineData("did:plc:ewvi7nxzyoun6zhxrhs64oi0")] // 0, 1, 8, 9 are not base32
    [InlineData("did:plc:ewvi7nxzyoun6zhxrhs64oi1")]
    [InlineData("did:plc:ewvi7nxzyoun6zhxrhs64oi8")]
    [InlineData("did:web:localhost")]
    [InlineData("did:web:example.com:8080")] // atproto: no port
    [InlineData("did:web:example.com%3A8080")]
    [InlineData("did:web:example.com:user:alice")] // atproto: no path
    [InlineData("did:web:Example.com")]
    [InlineData("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")] // another method
    [InlineData("DID:plc:ewvi7nxzyoun6zhxrhs64oiz")]
    [InlineData("did:plc:ewvi7nxzyoun6zhxrhs64oiz\n")]
    [InlineData(" did:plc:ewvi7nxzyoun6zhxrhs64oiz")]
    [InlineData("at://did:plc:ewvi7nxzyoun6zhxrhs64oiz")]
    [InlineData("ewvi7nxzyoun6zhxrhs64oiz")]
    public void Rejects_other_strings(string did) => Assert.False(DidSyntax.IsAtprotoDid(did), did);
}
