using EdgeRouter.Webfinger.Configuration;
using Xunit;

namespace EdgeRouter.Webfinger.Tests;

public class ConfigParserTests
{
    [Fact]
    public void Parses_the_full_example()
    {
        var c = TestConfig.Config;
        Assert.Equal("example.com", c.Domain);
        Assert.Equal("mastodon.example.com", c.Mastodon!.Host);
        Assert.Equal(["alice"], c.Mastodon.Accounts.Names);
        Assert.Equal("https://auth.example.com", c.Oidc!.Issuer);
        Assert.True(c.Oidc.Accounts.Allows("BOB"));
        Assert.False(c.Oidc.Accounts.Allows("carol"));
        Assert.Equal("acct:carol@example.com", c.Resources["acct:carol@example.com"].Subject);
    }

    [Fact]
    public void Only_domain_is_required()
    {
        var c = ConfigParser.Parse("""{"domain":"Example.Org"}""");
        Assert.Equal("example.org", c.Domain);
        Assert.Null(c.Mastodon);
        Assert.Null(c.Oidc);
        Assert.Empty(c.Resources);
    }

    [Fact]
    public void Omitted_or_empty_accounts_mean_everyone()
    {
        var c = ConfigParser.Parse("""{"domain":"example.com","mastodon":{"host":"m.example.com"},"oidc":{"issuer":"https://a.example.com/","accounts":[]}}""");
        Assert.True(c.Mastodon!.Accounts.AllowsEveryone);
        Assert.True(c.Oidc!.Accounts.AllowsEveryone);
        Assert.Equal("https://a.example.com/", c.Oidc.Issuer);
    }

    /// <summary>Every bad configuration and its exact message; the built bootstrap must say the same
    /// (Runtime/ConfigThroughBootstrapTests).</summary>
    public static TheoryData<string?, string> BadConfigurations => new()
    {
        { null, "WEBFINGER_CONFIG: is not set or empty; it must hold the JSON configuration" },
        { "  ", "WEBFINGER_CONFIG: is not set or empty; it must hold the JSON configuration" },
        { "{", "WEBFINGER_CONFIG: malformed JSON at line 1, byte 2" },
        { "{\"domain\":\"example.com\",}", "WEBFINGER_CONFIG: malformed JSON at line 1, byte 25" },
        { "{\"domain\":\"example.com\"} x", "WEBFINGER_CONFIG: malformed JSON at line 1, byte 26" },
        { "[]", "WEBFINGER_CONFIG: has the wrong JSON type (expected an object)" },
        { "null", "WEBFINGER_CONFIG: must be a JSON object, got null" },
        { "{}", "domain: is required" },
        { "{\"domain\":5}", "domain: has the wrong JSON type (expected a string)" },
        { "{\"domain\":\"https://example.com\"}", "domain: must be a bare host name, got \"https://example.com\"" },
        { "{\"domain\":\"example.com\",\"domain\":\"example.org\"}", "domain: is given more than once" },
        { "{\"domain\":\"example.com\",\"mastadon\":{}}", "mastadon: unknown field (allowed: domain, mastodon, oidc, resources, atproto, matrix, nostr)" },
        { "{\"domain\":\"example.com\",\"mastodon\":{}}", "mastodon.host: is required" },
        { "{\"domain\":\"example.com\",\"mastodon\":[]}", "mastodon: has the wrong JSON type (expected an object)" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"https://x\"}}", "mastodon.host: must be a bare host name, got \"https://x\"" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com/path\"}}", "mastodon.host: must be a bare host name, got \"m.example.com/path\"" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com:8443\"}}", "mastodon.host: must be a bare host name, got \"m.example.com:8443\"" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"evil@m.example.com\"}}", "mastodon.host: must be a bare host name, got \"evil@m.example.com\"" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\\r\\n\"}}", "mastodon.host: must be a bare host name, got \"m.example.com\\r\\n\"" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"hots\":1}}", "mastodon.hots: unknown field (allowed: host, accounts)" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"accounts\":\"alice\"}}", "mastodon.accounts: has the wrong JSON type (expected an array of user names)" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"accounts\":[\"alice\",1]}}", "mastodon.accounts[1]: has the wrong JSON type (expected a string)" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"accounts\":[\"@alice\"]}}", "mastodon.accounts[0]: must be a bare user name (no '@', ':' or spaces), got \"@alice\"" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"accounts\":[\"\"]}}", "mastodon.accounts[0]: must be a non-empty user name" },
        { "{\"domain\":\"example.com\",\"oidc\":{}}", "oidc.issuer: is required" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"http://auth.example.com\"}}", "oidc.issuer: must be an https URL with a host and no query or fragment, got \"http://auth.example.com\"" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://auth.example.com?x=1\"}}", "oidc.issuer: must be an https URL with a host and no query or fragment, got \"https://auth.example.com?x=1\"" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://auth.example.com#f\"}}", "oidc.issuer: must be an https URL with a host and no query or fragment, got \"https://auth.example.com#f\"" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"auth.example.com\"}}", "oidc.issuer: must be an https URL with a host and no query or fragment, got \"auth.example.com\"" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://u:p@auth.example.com\"}}", "oidc.issuer: must be an https URL with a host and no query or fragment, got \"https://u:p@auth.example.com\"" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://auth.example.com\",\"accounts\":[\"a b\"]}}", "oidc.accounts[0]: must be a bare user name (no '@', ':' or spaces), got \"a b\"" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://auth.example.com\",\"client\":\"x\"}}", "oidc.client: unknown field (allowed: issuer, accounts)" },
        { "{\"domain\":\"example.com\",\"resources\":[]}", "resources: has the wrong JSON type (expected an object)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"links\":[]}}}", "resources[\"acct:c@example.com\"].subject: is required (a JRD names its subject, RFC 7033 §4.4.1)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"\"}}}", "resources[\"acct:c@example.com\"].subject: is required (a JRD names its subject, RFC 7033 §4.4.1)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":5}}}", "resources[\"acct:c@example.com\"].subject: has the wrong JSON type (expected a string)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":[]}}", "resources[\"acct:c@example.com\"]: has the wrong JSON type (expected a JRD object)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":null}}", "resources[\"acct:c@example.com\"]: must be a JRD object, got null" },
        { "{\"domain\":\"example.com\",\"resources\":{\"carol\":{\"subject\":\"acct:c@example.com\"}}}", "resources[\"carol\"]: the key must be a URI of at most 1024 characters, such as acct:carol@example.com" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[{\"href\":\"https://x\"}]}}}", "resources[\"acct:c@example.com\"].links[0].rel: is required (RFC 7033 §4.4.4.1)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[null]}}}", "resources[\"acct:c@example.com\"].links[0]: must be a link object, got null" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"aliases\":[null]}}}", "resources[\"acct:c@example.com\"].aliases[0]: must be a non-empty string" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[{\"rel\":\"a\",\"titles\":{\"en\":null}}]}}}", "resources[\"acct:c@example.com\"].links[0].titles[\"en\"]: must be a string" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"host\":\"n.example.com\"}}", "mastodon.host: is given more than once" },
        { "{\"domain\":\"example.com\",\"oidc\":5}", "oidc: has the wrong JSON type (expected an object)" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":[]}}", "oidc.issuer: has the wrong JSON type (expected a string)" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://a.example.com\",\"accounts\":{}}}", "oidc.accounts: has the wrong JSON type (expected an array of user names)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\"},\"acct:c@example.com\":{\"subject\":\"s:y\"}}}", "resources[\"acct:c@example.com\"]: is given more than once" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"aliases\":\"a:b\"}}}", "resources[\"acct:c@example.com\"].aliases: has the wrong JSON type (expected an array of strings)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"aliases\":[1]}}}", "resources[\"acct:c@example.com\"].aliases[0]: has the wrong JSON type (expected a string)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":{}}}}", "resources[\"acct:c@example.com\"].links: has the wrong JSON type (expected an array of link objects)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[\"self\"]}}}", "resources[\"acct:c@example.com\"].links[0]: has the wrong JSON type (expected a link object)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[{\"rel\":\"a\",\"href\":5}]}}}", "resources[\"acct:c@example.com\"].links[0].href: has the wrong JSON type (expected a string)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[{\"rel\":\"a\",\"titles\":{\"en\":1}}]}}}", "resources[\"acct:c@example.com\"].links[0].titles[\"en\"]: has the wrong JSON type (expected a string)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"properties\":{\"p:x\":true}}}}", "resources[\"acct:c@example.com\"].properties[\"p:x\"]: has the wrong JSON type (expected a string)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"subject\":\"s:y\"}}}", "resources[\"acct:c@example.com\"].subject: is given more than once" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[{\"rel\":\"a\",\"template\":{\"x\":1,\"x\":2}}]}}}", "resources[\"acct:c@example.com\"].links[0].template.x: is given more than once" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[{\"rel\":\"a\",\"rel\":\"b\"}]}}}", "resources[\"acct:c@example.com\"].links[0].rel: is given more than once" },
        { "{\"domain\":\"example.com\"/*c*/}", "WEBFINGER_CONFIG: malformed JSON at line 1, byte 24" },
        { "{\n\"domain\":\"example.com\",\n\"mastodon\":{\"host\":\"m.example.com\",}}", "WEBFINGER_CONFIG: malformed JSON at line 3, byte 36" },
        { "{\"domain\":\"example.com\",\"oidc\":null,\"mastodon\":{\"host\":\"m.example.com\",\"accounts\":null},\"resources\":null,\"x\":1}", "x: unknown field (allowed: domain, mastodon, oidc, resources, atproto, matrix, nostr)" },
        { "\"example.com\"", "WEBFINGER_CONFIG: has the wrong JSON type (expected an object)" },
        { "{\"Domain\":\"example.com\"}", "Domain: unknown field (allowed: domain, mastodon, oidc, resources, atproto, matrix, nostr)" },
    };

    [Theory]
    [MemberData(nameof(BadConfigurations))]
    public void Bad_configuration_names_the_field(string? json, string message)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigParser.Parse(json));
        Assert.Equal(message, e.Message);
        Assert.StartsWith(e.Field + ": ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_in_messages_are_cut_and_quoted()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigParser.Parse("{\"domain\":\"" + new string('x', 300) + "/\"}"));
        Assert.Equal("domain: must be a bare host name, got \"" + new string('x', 200) + "\\u2026\"", e.Message);
    }

    [Theory]
    [InlineData("example.com", true)]
    [InlineData("localhost", true)]
    [InlineData("a-b.c-d.example", true)]
    [InlineData("xn--bcher-kva.example", true)]
    [InlineData("-a.example", false)]
    [InlineData("a-.example", false)]
    [InlineData("a..example", false)]
    [InlineData("example.com.", false)]
    [InlineData("bücher.example", false)]
    [InlineData("", false)]
    [InlineData("a_b.example", false)]
    public void Bare_host_names(string host, bool ok) => Assert.Equal(ok, ConfigParser.IsBareHostName(host));
}
