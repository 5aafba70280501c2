using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Routing;
using Xunit;
using static EdgeRouter.Webfinger.Tests.TestConfig;

namespace EdgeRouter.Webfinger.Tests.Rules;

/// <summary>Defence in depth: a section or entry with a problem is disabled and answered 503 on its own paths; every
/// other section and path is served as if the problem were not there.</summary>
public class DisabledSectionTests
{
    private const string Key = "b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9";

    private static Router RouterFor(string json) => new(ConfigParser.Read(json));

    private const string Good = """
        "mastodon":{"host":"mastodon.example.com","accounts":["alice"]},
        "oidc":{"issuer":"https://auth.example.com","accounts":["bob"]},
        "atproto":{"did":"did:plc:ewvi7nxzyoun6zhxrhs64oiz"},
        "matrix":{"server":"matrix.example.com:443"},
        "nostr":{"names":{"bob":"
        """ + Key + "\"}}";

    [Fact]
    public void One_bad_jrd_disables_only_its_own_resource()
    {
        var config = ConfigParser.Read("{\"domain\":\"example.com\"," + Good + ",\"resources\":{" +
            "\"acct:x@example.com\":{\"subject\":\"acct:x@example.com\",\"links\":[{\"ref\":\"self\"}]}," +
            "\"acct:carol@example.com\":{\"subject\":\"acct:carol@example.com\"}}}");
        Assert.Equal(
            [
                "resources[\"acct:x@example.com\"].links[0]: unknown key \"ref\" (a link has rel, type, href, titles, properties, template)",
                "resources[\"acct:x@example.com\"].links[0].rel: must be a non-empty string (a link's relation type, RFC 7033 §4.4.4.1)",
            ],
            config.Problems.Select(p => p.Message));
        Assert.Equal(
            [
                "webfinger_resources[\"acct:x@example.com\"].links[0]: unknown key \"ref\" (a link has rel, type, href, titles, properties, template)",
                "webfinger_resources[\"acct:x@example.com\"].links[0].rel: must be a non-empty string (a link's relation type, RFC 7033 §4.4.4.1)",
            ],
            config.Problems.Select(p => p.MessageFor(fromTerraform: true)));
        var router = new Router(config);

        var bad = Get("resource=acct:x@example.com", router: router);
        Assert.Equal(503, bad.StatusCode);
        Assert.Equal("""{"error":"configuration_error","message":"this part of the site's configuration is invalid; its owner's log says why"}""", bad.Body);
        Assert.Equal("*", bad.Header("Access-Control-Allow-Origin"));
        Assert.Equal(503, Get("resource=ACCT:x@EXAMPLE.com", router: router).StatusCode);

        Assert.Equal(200, Get("resource=acct:carol@example.com", router: router).StatusCode);
        Assert.Equal(301, Get("resource=acct:alice@example.com", router: router).StatusCode);
        Assert.Equal(200, Get("resource=acct:bob@example.com&rel=" + IssuerRelEncoded, router: router).StatusCode);
        Assert.Equal(404, Get("resource=acct:dave@example.com", router: router).StatusCode);
        Assert.Equal(301, Get("", "/.well-known/host-meta", router: router).StatusCode);
        Assert.Equal(200, Get("", "/.well-known/atproto-did", router: router).StatusCode);
        Assert.Equal(200, Get("", "/.well-known/matrix/server", router: router).StatusCode);
        Assert.Equal(200, Get("name=bob", "/.well-known/nostr.json", router: router).StatusCode);
    }

    [Theory]
    [InlineData("\"mastodon\":{\"host\":\"https://m.example.com\"}", "mastodon")]
    [InlineData("\"oidc\":{\"issuer\":\"http://auth.example.com\"}", "oidc")]
    [InlineData("\"atproto\":{\"did\":\"did:plc:short\"}", "atproto")]
    [InlineData("\"matrix\":{\"server\":\"Matrix.example.com\"}", "matrix")]
    [InlineData("\"nostr\":{\"names\":{\"Bob\":\"" + Key + "\"}}", "nostr")]
    [InlineData("\"resources\":[]", "resources")]
    public void A_bad_section_answers_its_own_paths_503_and_leaves_the_others(string section, string name)
    {
        var sections = new Dictionary<string, string>
        {
            ["mastodon"] = "\"mastodon\":{\"host\":\"mastodon.example.com\",\"accounts\":[\"alice\"]}",
            ["oidc"] = "\"oidc\":{\"issuer\":\"https://auth.example.com\",\"accounts\":[\"bob\"]}",
            ["atproto"] = "\"atproto\":{\"did\":\"did:plc:ewvi7nxzyoun6zhxrhs64oiz\"}",
            ["matrix"] = "\"matrix\":{\"server\":\"matrix.example.com:443\",\"client\":\"https://matrix.example.com\"}",
            ["nostr"] = "\"nostr\":{\"names\":{\"bob\":\"" + Key + "\"}}",
            ["resources"] = "\"resources\":{\"acct:carol@example.com\":{\"subject\":\"acct:carol@example.com\"}}",
        };
        sections[name] = section;
        var config = ConfigParser.Read("{\"domain\":\"example.com\"," + string.Join(",", sections.Values) + "}");
        Assert.Equal([name], config.Problems.Select(p => p.Section).Distinct());
        Assert.Equal([name], config.Disabled);
        var router = new Router(config);

        int Status(string path, string query) => Get(query, path, router: router).StatusCode;
        Assert.Equal(name == "mastodon" ? 503 : 301, Status("/.well-known/host-meta", ""));
        Assert.Equal(name == "mastodon" ? 503 : 301, Status("/.well-known/webfinger", "resource=acct:alice@example.com"));
        Assert.Equal(name == "oidc" ? 503 : 200, Status("/.well-known/webfinger", "resource=acct:bob@example.com&rel=" + IssuerRelEncoded));
        Assert.Equal(name == "resources" ? 503 : 200, Status("/.well-known/webfinger", "resource=acct:carol@example.com"));
        Assert.Equal(name == "atproto" ? 503 : 200, Status("/.well-known/atproto-did", ""));
        Assert.Equal(name == "matrix" ? 503 : 200, Status("/.well-known/matrix/server", ""));
        Assert.Equal(name == "matrix" ? 503 : 200, Status("/.well-known/matrix/client", ""));
        Assert.Equal(name == "nostr" ? 503 : 200, Status("/.well-known/nostr.json", "name=bob"));
        Assert.Equal(name is "resources" ? 503 : 404, Status("/.well-known/webfinger", "resource=https://example.com/nobody"));
    }

    [Fact]
    public void A_bad_domain_disables_the_account_rules_only()
    {
        var router = RouterFor("{\"domain\":\"Example.com\"," + Good + ",\"resources\":{\"acct:carol@example.com\":{\"subject\":\"acct:carol@example.com\"}}}");
        Assert.Equal(["domain"], router.Config.Disabled);
        Assert.Equal(503, Get("resource=acct:alice@example.com", router: router).StatusCode);
        Assert.Equal(200, Get("resource=acct:carol@example.com", router: router).StatusCode);
        Assert.Equal(404, Get("resource=https://example.com/nobody", router: router).StatusCode);
        Assert.Equal(200, Get("", "/.well-known/atproto-did", router: router).StatusCode);
    }

    [Fact]
    public void Unknown_top_level_members_are_reported_and_change_nothing_else()
    {
        var config = ConfigParser.Read("{\"domain\":\"example.com\",\"mastadon\":{}," + Good + "}");
        Assert.Equal(["mastadon: unknown field (allowed: domain, mastodon, oidc, resources, atproto, matrix, nostr)"], config.Problems.Select(p => p.Message));
        Assert.Equal(301, Get("resource=acct:alice@example.com", router: new Router(config)).StatusCode);
    }

    [Theory]
    [InlineData("{", "WEBFINGER_CONFIG: malformed JSON at line 1, byte 2")]
    [InlineData("[]", "WEBFINGER_CONFIG: has the wrong JSON type (expected an object)")]
    [InlineData("null", "WEBFINGER_CONFIG: must be a JSON object, got null")]
    public void A_configuration_that_is_no_json_object_is_still_fatal(string json, string message)
    {
        Assert.Equal(message, Assert.Throws<ConfigException>(() => ConfigParser.Read(json)).Message);
    }
}
