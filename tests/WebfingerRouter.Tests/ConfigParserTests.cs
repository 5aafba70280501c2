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
        var c = ConfigParser.Parse("""{"domain":"example.org"}""");
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
        { "{}", "domain: must be a bare lower-case host name such as example.com (no scheme, port or path)" },
        { "{\"domain\":5}", "domain: must be a bare lower-case host name such as example.com (no scheme, port or path)" },
        { "{\"domain\":\"https://example.com\"}", "domain: must be a bare lower-case host name such as example.com (no scheme, port or path), got \"https://example.com\"" },
        { "{\"domain\":\"example.com\",\"domain\":\"example.org\"}", "domain: is given more than once" },
        { "{\"domain\":\"example.com\",\"mastadon\":{}}", "mastadon: unknown field (allowed: domain, mastodon, oidc, resources, atproto, matrix, nostr)" },
        { "{\"domain\":\"example.com\",\"mastodon\":{}}", "mastodon.host: must be a bare lower-case host name such as example.com (no scheme, port or path)" },
        { "{\"domain\":\"example.com\",\"mastodon\":[]}", "mastodon: must be an object" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"https://x\"}}", "mastodon.host: must be a bare lower-case host name such as example.com (no scheme, port or path), got \"https://x\"" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com/path\"}}", "mastodon.host: must be a bare lower-case host name such as example.com (no scheme, port or path), got \"m.example.com/path\"" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com:8443\"}}", "mastodon.host: must be a bare lower-case host name such as example.com (no scheme, port or path), got \"m.example.com:8443\"" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"evil@m.example.com\"}}", "mastodon.host: must be a bare lower-case host name such as example.com (no scheme, port or path), got \"evil@m.example.com\"" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\\r\\n\"}}", "mastodon.host: must be a bare lower-case host name such as example.com (no scheme, port or path), got \"m.example.com\\r\\n\"" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"hots\":1}}", "mastodon: unknown key \"hots\" (the mastodon section has host, accounts)" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"accounts\":\"alice\"}}", "mastodon.accounts: must be an array of user names" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"accounts\":[\"alice\",1]}}", "mastodon.accounts[1]: must be a user name of 1-64 letters, digits, '_', '.' and '-' (no '@' or domain)" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"accounts\":[\"@alice\"]}}", "mastodon.accounts[0]: must be a user name of 1-64 letters, digits, '_', '.' and '-' (no '@' or domain), got \"@alice\"" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"accounts\":[\"\"]}}", "mastodon.accounts[0]: must be a user name of 1-64 letters, digits, '_', '.' and '-' (no '@' or domain), got \"\"" },
        { "{\"domain\":\"example.com\",\"oidc\":{}}", "oidc.issuer: must be an https URL with a lower-case host name, an optional port and path (ASCII, anything else percent-encoded) and no query or fragment, such as https://auth.example.com" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"http://auth.example.com\"}}", "oidc.issuer: must be an https URL with a lower-case host name, an optional port and path (ASCII, anything else percent-encoded) and no query or fragment, such as https://auth.example.com, got \"http://auth.example.com\"" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://auth.example.com?x=1\"}}", "oidc.issuer: must be an https URL with a lower-case host name, an optional port and path (ASCII, anything else percent-encoded) and no query or fragment, such as https://auth.example.com, got \"https://auth.example.com?x=1\"" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://auth.example.com#f\"}}", "oidc.issuer: must be an https URL with a lower-case host name, an optional port and path (ASCII, anything else percent-encoded) and no query or fragment, such as https://auth.example.com, got \"https://auth.example.com#f\"" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"auth.example.com\"}}", "oidc.issuer: must be an https URL with a lower-case host name, an optional port and path (ASCII, anything else percent-encoded) and no query or fragment, such as https://auth.example.com, got \"auth.example.com\"" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://u:p@auth.example.com\"}}", "oidc.issuer: must be an https URL with a lower-case host name, an optional port and path (ASCII, anything else percent-encoded) and no query or fragment, such as https://auth.example.com, got \"https://u:p@auth.example.com\"" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://auth.example.com\",\"accounts\":[\"a b\"]}}", "oidc.accounts[0]: must be a user name of 1-64 letters, digits, '_', '.', '+' and '-' (no '@' or domain), got \"a b\"" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://auth.example.com\",\"client\":\"x\"}}", "oidc: unknown key \"client\" (the oidc section has issuer, accounts)" },
        { "{\"domain\":\"example.com\",\"resources\":[]}", "resources: must be an object of resource URI to JRD" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"links\":[]}}}", "resources[\"acct:c@example.com\"].subject: must be a non-empty string (a JRD names its subject, RFC 7033 §4.4.1)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"\"}}}", "resources[\"acct:c@example.com\"].subject: must be a non-empty string (a JRD names its subject, RFC 7033 §4.4.1), got \"\"" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":5}}}", "resources[\"acct:c@example.com\"].subject: must be a non-empty string (a JRD names its subject, RFC 7033 §4.4.1)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":[]}}", "resources[\"acct:c@example.com\"]: must be a JRD object" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":null}}", "resources[\"acct:c@example.com\"]: must be a JRD object" },
        { "{\"domain\":\"example.com\",\"resources\":{\"carol\":{\"subject\":\"acct:c@example.com\"}}}", "resources[\"carol\"]: the key must be a URI such as acct:carol@example.com or https://example.com/carol (a scheme, a colon, no spaces or control characters, at most 1024 characters)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[{\"href\":\"https://x\"}]}}}", "resources[\"acct:c@example.com\"].links[0].rel: must be a non-empty string (a link's relation type, RFC 7033 §4.4.4.1)" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[null]}}}", "resources[\"acct:c@example.com\"].links[0]: must be a link object" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"aliases\":[null]}}}", "resources[\"acct:c@example.com\"].aliases[0]: must be a non-empty string" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[{\"rel\":\"a\",\"titles\":{\"en\":null}}]}}}", "resources[\"acct:c@example.com\"].links[0].titles[\"en\"]: must be a string" },
        { "{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"host\":\"n.example.com\"}}", "mastodon.host: is given more than once" },
        { "{\"domain\":\"example.com\",\"oidc\":5}", "oidc: must be an object" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":[]}}", "oidc.issuer: must be an https URL with a lower-case host name, an optional port and path (ASCII, anything else percent-encoded) and no query or fragment, such as https://auth.example.com" },
        { "{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://a.example.com\",\"accounts\":{}}}", "oidc.accounts: must be an array of user names" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\"},\"acct:c@example.com\":{\"subject\":\"s:y\"}}}", "resources[\"acct:c@example.com\"]: is given more than once" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"aliases\":\"a:b\"}}}", "resources[\"acct:c@example.com\"].aliases: must be an array of non-empty strings" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"aliases\":[1]}}}", "resources[\"acct:c@example.com\"].aliases[0]: must be a non-empty string" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":{}}}}", "resources[\"acct:c@example.com\"].links: must be an array of link objects" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[\"self\"]}}}", "resources[\"acct:c@example.com\"].links[0]: must be a link object" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[{\"rel\":\"a\",\"href\":5}]}}}", "resources[\"acct:c@example.com\"].links[0].href: must be a string or null" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[{\"rel\":\"a\",\"titles\":{\"en\":1}}]}}}", "resources[\"acct:c@example.com\"].links[0].titles[\"en\"]: must be a string" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"properties\":{\"p:x\":true}}}}", "resources[\"acct:c@example.com\"].properties[\"p:x\"]: must be a string or null" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"subject\":\"s:y\"}}}", "resources[\"acct:c@example.com\"].subject: is given more than once" },
        { "{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[{\"rel\":\"a\",\"template\":{\"x\":1,\"x\":2}}]}}}", "resources[\"acct:c@example.com\"].links[0].template: must be a string or null" },
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
    public void Values_in_messages_are_quoted_as_terraform_quotes_them()
    {
        // Whole (Terraform's message has the whole value too), JSON-quoted as jsonencode does: no line break or
        // control character reaches a log, and < > & are escaped as Terraform escapes them.
        var e = Assert.Throws<ConfigException>(() => ConfigParser.Parse("{\"domain\":\"" + new string('x', 300) + "/<&>\\n\\u0001\u00e9\"}"));
        Assert.Equal("domain: must be a bare lower-case host name such as example.com (no scheme, port or path), got \"" + new string('x', 300) + "/\\u003c\\u0026\\u003e\\n\\u0001\u00e9\"", e.Message);
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
