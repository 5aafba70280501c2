using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Routing;
using Xunit;
using static EdgeRouter.Webfinger.Tests.Documents.DocumentsConfig;
using static EdgeRouter.Webfinger.Tests.TestConfig;

namespace EdgeRouter.Webfinger.Tests.Documents;

public class NostrJsonTests
{
    private const string Path = "/.well-known/nostr.json";

    [Fact]
    public void A_name_with_its_relays_and_nothing_else()
    {
        var r = Ask(Path, "name=bob");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(RouteDecision.NostrName, r.Decision);
        Assert.Equal(
            ["Content-Type: application/json", "Cache-Control: public, max-age=300", "Access-Control-Allow-Origin: *"],
            HeaderLines(r));
        Assert.Equal(
            """{"names":{"bob":"b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9"},"relays":{"b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9":["wss://relay.example.com","wss://relay2.example.com"]}}""",
            r.Body);
    }

    [Fact]
    public void A_name_without_relays_has_no_relays_member()
    {
        Assert.Equal("""{"names":{"alice":"0000000000000000000000000000000000000000000000000000000000000a1c"}}""", Ask(Path, "name=alice").Body);
        Assert.Equal("""{"names":{"_":"fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00d"}}""", Ask(Path, "name=_").Body);
    }

    [Theory]
    [InlineData("name=Bob", "Bob")]
    [InlineData("name=BOB&x=1", "BOB")]
    [InlineData("x=1&name=bob", "bob")]
    public void Names_compare_without_regard_to_case_and_are_answered_as_asked(string query, string asked)
    {
        var r = Ask(Path, query);
        Assert.Equal(200, r.StatusCode);
        Assert.StartsWith("{\"names\":{\"" + asked + "\":\"" + BobKey + "\"}", r.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name=carol")]
    [InlineData("name=bob.")]
    [InlineData("name=bo")]
    public void An_unknown_name_reveals_no_other_name(string query)
    {
        var r = Ask(Path, query);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(RouteDecision.NostrUnknownName, r.Decision);
        Assert.Equal(
            ["Content-Type: application/json", "Cache-Control: public, max-age=60", "Access-Control-Allow-Origin: *"],
            HeaderLines(r));
        Assert.Equal("""{"names":{}}""", r.Body);
    }

    [Theory]
    [InlineData("", "name is required")]
    [InlineData("name=", "name is required")]
    [InlineData("names=bob", "name is required")]
    [InlineData("name=bob&name=alice", "name must be given once")]
    [InlineData("name=bob%40example.com", "name is not a NIP-05 name (a-z 0-9 - _ .)")]
    [InlineData("name=b+ob", "name is not a NIP-05 name (a-z 0-9 - _ .)")]
    [InlineData("name=%C3%A9", "name is not a NIP-05 name (a-z 0-9 - _ .)")]
    [InlineData("name=%zz", "query string has bad percent-encoding")]
    [InlineData("name=bob%0d%0aX:1", "name is not a NIP-05 name (a-z 0-9 - _ .)")]
    public void Bad_queries_are_400_and_never_list_names(string query, string message)
    {
        var r = Ask(Path, query);
        Assert.Equal(400, r.StatusCode);
        Assert.Equal(["Content-Type: application/json", "Cache-Control: no-store", "Access-Control-Allow-Origin: *"], HeaderLines(r));
        Assert.Equal("{\"error\":\"invalid_request\",\"message\":\"" + message + "\"}", r.Body);
    }

    [Fact]
    public void Too_long_a_name_is_400()
    {
        Assert.Equal(200, Ask(Path, "name=" + new string('a', 64)).StatusCode);
        Assert.Equal(400, Ask(Path, "name=" + new string('a', 65)).StatusCode);
    }

    [Fact]
    public void Head_options_405_and_never_a_redirect()
    {
        var head = Ask(Path, "name=bob", "HEAD");
        Assert.Equal(200, head.StatusCode);
        Assert.Equal("", head.Body);
        Assert.Equal(204, Ask(Path, "", "OPTIONS").StatusCode);
        Assert.Equal(405, Ask(Path, "name=bob", "POST").StatusCode);
        Assert.Null(Ask(Path, "name=alice").Header("Location")); // alice is also a Mastodon account: no redirect here
    }

    [Fact]
    public void Without_the_section_the_path_is_the_routers_404() =>
        Assert.Equal(404, Ask(Path, "name=bob", router: TestConfig.Router).StatusCode);

    [Theory]
    [InlineData("b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9", true)]
    [InlineData("B0635D6A9851D3AED0CD6C495B282167ACF761729078D975FC341B22650B07B9", false)]
    [InlineData("b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b", false)]
    [InlineData("b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b90", false)]
    [InlineData("npub1kp34m25c28f6a5xddjy4kgrpv0z8wctj0y9h9rac8sm0ajsxq7ukqm0ajr", false)]
    [InlineData("g0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9", false)]
    public void Public_keys_are_64_lower_case_hex(string key, bool valid) => Assert.Equal(valid, NostrSettings.IsPublicKey(key));
}
