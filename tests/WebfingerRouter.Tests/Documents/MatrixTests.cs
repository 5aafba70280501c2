using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Routing;
using Xunit;
using static EdgeRouter.Webfinger.Tests.Documents.DocumentsConfig;
using static EdgeRouter.Webfinger.Tests.TestConfig;

namespace EdgeRouter.Webfinger.Tests.Documents;

public class MatrixTests
{
    private static readonly string[] MatrixCors =
    [
        "Access-Control-Allow-Methods: GET, POST, PUT, DELETE, OPTIONS",
        "Access-Control-Allow-Headers: X-Requested-With, Content-Type, Authorization",
    ];

    [Fact]
    public void Server_document()
    {
        var r = Ask("/.well-known/matrix/server");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(RouteDecision.MatrixServer, r.Decision);
        Assert.Equal(
            ["Content-Type: application/json", "Cache-Control: public, max-age=300", "Access-Control-Allow-Origin: *"],
            HeaderLines(r));
        Assert.Equal("""{"m.server":"matrix.example.com:443"}""", r.Body);
    }

    [Fact]
    public void Client_document_with_the_cors_headers_of_the_matrix_spec()
    {
        var r = Ask("/.well-known/matrix/client");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(RouteDecision.MatrixClient, r.Decision);
        Assert.Equal(
            ["Content-Type: application/json", "Cache-Control: public, max-age=300", "Access-Control-Allow-Origin: *", .. MatrixCors],
            HeaderLines(r));
        Assert.Equal("""{"m.homeserver":{"base_url":"https://matrix.example.com"}}""", r.Body);
        var head = Ask("/.well-known/matrix/client", method: "HEAD");
        Assert.Equal(HeaderLines(r), HeaderLines(head));
        Assert.Equal("", head.Body);
    }

    [Fact]
    public void Client_preflight_and_405_carry_the_matrix_cors_headers_too()
    {
        var options = Ask("/.well-known/matrix/client", method: "OPTIONS");
        Assert.Equal(204, options.StatusCode);
        Assert.Equal(
            [
                "Access-Control-Allow-Origin: *",
                "Access-Control-Allow-Methods: GET, POST, PUT, DELETE, OPTIONS",
                "Access-Control-Allow-Headers: X-Requested-With, Content-Type, Authorization",
                "Access-Control-Max-Age: 86400",
                "Allow: GET, HEAD, OPTIONS",
            ],
            HeaderLines(options));
        var post = Ask("/.well-known/matrix/client", method: "POST");
        Assert.Equal(405, post.StatusCode);
        Assert.Equal(
            ["Allow: GET, HEAD, OPTIONS", "Content-Type: application/json", "Cache-Control: no-store", "Access-Control-Allow-Origin: *", .. MatrixCors],
            HeaderLines(post));
        Assert.Equal(405, Ask("/.well-known/matrix/server", method: "PUT").StatusCode);
        Assert.Equal("GET, HEAD, OPTIONS", Ask("/.well-known/matrix/server", method: "OPTIONS").Header("Access-Control-Allow-Methods"));
    }

    [Fact]
    public void Either_document_alone()
    {
        var serverOnly = new Router(ConfigParser.Parse("""{"domain":"example.com","matrix":{"server":"matrix.example.com"}}"""));
        Assert.Equal("""{"m.server":"matrix.example.com"}""", Ask("/.well-known/matrix/server", router: serverOnly).Body);
        Assert.Equal(404, Ask("/.well-known/matrix/client", router: serverOnly).StatusCode);
        var clientOnly = new Router(ConfigParser.Parse("""{"domain":"example.com","matrix":{"client":"https://m.example.com/base","server":null}}"""));
        Assert.Equal(404, Ask("/.well-known/matrix/server", router: clientOnly).StatusCode);
        Assert.Equal("""{"m.homeserver":{"base_url":"https://m.example.com/base"}}""", Ask("/.well-known/matrix/client", router: clientOnly).Body);
        Assert.Equal(404, Ask("/.well-known/matrix/support").StatusCode);
        Assert.Equal(404, Ask("/.well-known/matrix/server", router: TestConfig.Router).StatusCode);
    }

    [Theory]
    [InlineData("matrix.example.com", true)]
    [InlineData("matrix.example.com:443", true)]
    [InlineData("matrix.example.com:8448", true)]
    [InlineData("matrix.example.com:65535", true)]
    [InlineData("192.0.2.7:8448", true)]
    [InlineData("[2001:db8::1]:8448", true)]
    [InlineData("[2001:db8::1]", true)]
    [InlineData("matrix.example.com:0", false)]
    [InlineData("matrix.example.com:65536", false)]
    [InlineData("matrix.example.com:", false)]
    [InlineData("matrix.example.com:08448", false)]
    [InlineData("matrix.example.com:44a", false)]
    [InlineData("https://matrix.example.com", false)]
    [InlineData("matrix.example.com/", false)]
    [InlineData("Matrix.example.com", false)]
    [InlineData("user@matrix.example.com", false)]
    [InlineData("[2001:db8::1", false)]
    [InlineData("[fe80::1%eth0]:8448", false)]
    [InlineData("[example.com]:8448", false)]
    [InlineData("", false)]
    [InlineData("matrix.example.com:443\r\n", false)]
    public void Server_names(string value, bool valid) => Assert.Equal(valid, MatrixSettings.IsServerName(value));
}
