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

    [Theory]
    [InlineData(null, "WEBFINGER_CONFIG: is not set or empty; it must hold the JSON configuration")]
    [InlineData("  ", "WEBFINGER_CONFIG: is not set or empty; it must hold the JSON configuration")]
    [InlineData("{", "WEBFINGER_CONFIG: malformed JSON at line 1, byte 2")]
    [InlineData("{\"domain\":\"example.com\",}", "WEBFINGER_CONFIG: malformed JSON at line 1, byte 25")]
    [InlineData("{\"domain\":\"example.com\"} x", "WEBFINGER_CONFIG: malformed JSON at line 1, byte 26")]
    [InlineData("[]", "WEBFINGER_CONFIG: has the wrong JSON type (expected an object)")]
    [InlineData("null", "WEBFINGER_CONFIG: must be a JSON object, got null")]
    [InlineData("{}", "domain: is required")]
    [InlineData("{\"domain\":5}", "domain: has the wrong JSON type (expected a string)")]
    [InlineData("{\"domain\":\"https://example.com\"}", "domain: must be a bare host name, got \"https://example.com\"")]
    [InlineData("{\"domain\":\"example.com\",\"domain\":\"example.org\"}", "domain: is given more than once")]
    [InlineData("{\"domain\":\"example.com\",\"mastadon\":{}}", "mastadon: unknown field (allowed: domain, mastodon, oidc, resources, atproto, matrix, nostr)")]
    [InlineData("{\"domain\":\"example.com\",\"mastodon\":{}}", "mastodon.host: is required")]
    [InlineData("{\"domain\":\"example.com\",\"mastodon\":[]}", "mastodon: has the wrong JSON type (expected an object)")]
    [InlineData("{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"https://x\"}}", "mastodon.host: must be a bare host name, got \"https://x\"")]
    [InlineData("{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com/path\"}}", "mastodon.host: must be a bare host name, got \"m.example.com/path\"")]
    [InlineData("{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com:8443\"}}", "mastodon.host: must be a bare host name, got \"m.example.com:8443\"")]
    [InlineData("{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"evil@m.example.com\"}}", "mastodon.host: must be a bare host name, got \"evil@m.example.com\"")]
    [InlineData("{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\\r\\n\"}}", "mastodon.host: must be a bare host name, got \"m.example.com\\r\\n\"")]
    [InlineData("{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"hots\":1}}", "mastodon.hots: unknown field (allowed: host, accounts)")]
    [InlineData("{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"accounts\":\"alice\"}}", "mastodon.accounts: has the wrong JSON type (expected an array of user names)")]
    [InlineData("{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"accounts\":[\"alice\",1]}}", "mastodon.accounts[1]: has the wrong JSON type (expected a string)")]
    [InlineData("{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"accounts\":[\"@alice\"]}}", "mastodon.accounts[0]: must be a bare user name (no '@', ':' or spaces), got \"@alice\"")]
    [InlineData("{\"domain\":\"example.com\",\"mastodon\":{\"host\":\"m.example.com\",\"accounts\":[\"\"]}}", "mastodon.accounts[0]: must be a non-empty user name")]
    [InlineData("{\"domain\":\"example.com\",\"oidc\":{}}", "oidc.issuer: is required")]
    [InlineData("{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"http://auth.example.com\"}}", "oidc.issuer: must be an https URL with a host and no query or fragment, got \"http://auth.example.com\"")]
    [InlineData("{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://auth.example.com?x=1\"}}", "oidc.issuer: must be an https URL with a host and no query or fragment, got \"https://auth.example.com?x=1\"")]
    [InlineData("{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://auth.example.com#f\"}}", "oidc.issuer: must be an https URL with a host and no query or fragment, got \"https://auth.example.com#f\"")]
    [InlineData("{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"auth.example.com\"}}", "oidc.issuer: must be an https URL with a host and no query or fragment, got \"auth.example.com\"")]
    [InlineData("{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://u:p@auth.example.com\"}}", "oidc.issuer: must be an https URL with a host and no query or fragment, got \"https://u:p@auth.example.com\"")]
    [InlineData("{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://auth.example.com\",\"accounts\":[\"a b\"]}}", "oidc.accounts[0]: must be a bare user name (no '@', ':' or spaces), got \"a b\"")]
    [InlineData("{\"domain\":\"example.com\",\"oidc\":{\"issuer\":\"https://auth.example.com\",\"client\":\"x\"}}", "oidc.client: unknown field (allowed: issuer, accounts)")]
    [InlineData("{\"domain\":\"example.com\",\"resources\":[]}", "resources: has the wrong JSON type (expected an object)")]
    [InlineData("{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"links\":[]}}}", "resources[\"acct:c@example.com\"].subject: is required (a JRD names its subject, RFC 7033 §4.4.1)")]
    [InlineData("{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"\"}}}", "resources[\"acct:c@example.com\"].subject: is required (a JRD names its subject, RFC 7033 §4.4.1)")]
    [InlineData("{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":5}}}", "resources[\"acct:c@example.com\"].subject: has the wrong JSON type (expected a string)")]
    [InlineData("{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":[]}}", "resources[\"acct:c@example.com\"]: has the wrong JSON type (expected a JRD object)")]
    [InlineData("{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":null}}", "resources[\"acct:c@example.com\"]: must be a JRD object, got null")]
    [InlineData("{\"domain\":\"example.com\",\"resources\":{\"carol\":{\"subject\":\"acct:c@example.com\"}}}", "resources[\"carol\"]: the key must be a URI of at most 1024 characters, such as acct:carol@example.com")]
    [InlineData("{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[{\"href\":\"https://x\"}]}}}", "resources[\"acct:c@example.com\"].links[0].rel: is required (RFC 7033 §4.4.4.1)")]
    [InlineData("{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[null]}}}", "resources[\"acct:c@example.com\"].links[0]: must be a link object, got null")]
    [InlineData("{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"aliases\":[null]}}}", "resources[\"acct:c@example.com\"].aliases[0]: must be a non-empty string")]
    [InlineData("{\"domain\":\"example.com\",\"resources\":{\"acct:c@example.com\":{\"subject\":\"s:x\",\"links\":[{\"rel\":\"a\",\"titles\":{\"en\":null}}]}}}", "resources[\"acct:c@example.com\"].links[0].titles[\"en\"]: must be a string")]
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
