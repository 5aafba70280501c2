using EdgeRouter.Webfinger.Configuration;
using Xunit;

namespace EdgeRouter.Webfinger.Tests.Documents;

/// <summary>The atproto, matrix and nostr sections: every problem stops the configuration with a message that names
/// the field.</summary>
public class DocumentConfigTests
{
    private const string Key = "b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9";

    private static string Config(string sections) => "{\"domain\":\"example.com\"," + sections + "}";

    [Fact]
    public void Parses_every_section()
    {
        var c = DocumentsConfig.Config;
        Assert.Equal("did:plc:ewvi7nxzyoun6zhxrhs64oiz", c.Atproto!.Did);
        Assert.Equal("matrix.example.com:443", c.Matrix!.Server);
        Assert.Equal("https://matrix.example.com", c.Matrix.ClientBaseUrl);
        Assert.Equal(Key, c.Nostr!.Names["BOB"]);
        Assert.Equal(["wss://relay.example.com", "wss://relay2.example.com"], c.Nostr.Relays[Key]);
    }

    [Fact]
    public void Null_sections_are_absent_as_terraform_writes_them()
    {
        var c = ConfigParser.Parse(Config("\"atproto\":null,\"matrix\":null,\"nostr\":null"));
        Assert.Null(c.Atproto);
        Assert.Null(c.Matrix);
        Assert.Null(c.Nostr);
        Assert.Empty(ConfigParser.Parse(Config("\"nostr\":{\"names\":{\"bob\":\"" + Key + "\"},\"relays\":null}")).Nostr!.Relays);
        Assert.Empty(ConfigParser.Parse(Config("\"nostr\":{\"names\":{\"bob\":\"" + Key + "\"},\"relays\":{}}")).Nostr!.Relays);
    }

    [Theory]
    [InlineData("\"atprot\":{}", "atprot: unknown field (allowed: domain, mastodon, oidc, resources, atproto, matrix, nostr)")]
    [InlineData("\"atproto\":\"did:plc:ewvi7nxzyoun6zhxrhs64oiz\"", "atproto: has the wrong JSON type (expected an object)")]
    [InlineData("\"atproto\":{}", "atproto.did: is required")]
    [InlineData("\"atproto\":{\"did\":null}", "atproto.did: is required")]
    [InlineData("\"atproto\":{\"did\":5}", "atproto.did: has the wrong JSON type (expected a string)")]
    [InlineData("\"atproto\":{\"did\":\"did:plc:x\"}", "atproto.did: must be did:plc:<24 characters a-z 2-7> or did:web:<bare host name>, got \"did:plc:x\"")]
    [InlineData("\"atproto\":{\"did\":\"did:plc:ewvi7nxzyoun6zhxrhs64oiz\\n\"}", "atproto.did: must be did:plc:<24 characters a-z 2-7> or did:web:<bare host name>, got \"did:plc:ewvi7nxzyoun6zhxrhs64oiz\\n\"")]
    [InlineData("\"atproto\":{\"did\":\"did:plc:ewvi7nxzyoun6zhxrhs64oiz\",\"handle\":\"x\"}", "atproto.handle: unknown field (allowed: did)")]
    [InlineData("\"atproto\":{\"did\":\"did:plc:ewvi7nxzyoun6zhxrhs64oiz\",\"did\":\"did:web:example.com\"}", "atproto.did: is given more than once")]
    [InlineData("\"matrix\":{}", "matrix: give server, client or both")]
    [InlineData("\"matrix\":{\"server\":null,\"client\":null}", "matrix: give server, client or both")]
    [InlineData("\"matrix\":[]", "matrix: has the wrong JSON type (expected an object)")]
    [InlineData("\"matrix\":{\"server\":\"https://matrix.example.com\"}", "matrix.server: must be a server name, host[:port] such as matrix.example.com:443 (no scheme, no path), got \"https://matrix.example.com\"")]
    [InlineData("\"matrix\":{\"server\":443}", "matrix.server: has the wrong JSON type (expected a string)")]
    [InlineData("\"matrix\":{\"client\":\"matrix.example.com\"}", "matrix.client: must be the homeserver's https base URL with a host and no query or fragment, such as https://matrix.example.com, got \"matrix.example.com\"")]
    [InlineData("\"matrix\":{\"client\":\"http://matrix.example.com\"}", "matrix.client: must be the homeserver's https base URL with a host and no query or fragment, such as https://matrix.example.com, got \"http://matrix.example.com\"")]
    [InlineData("\"matrix\":{\"client\":\"https://matrix.example.com/?x=1\"}", "matrix.client: must be the homeserver's https base URL with a host and no query or fragment, such as https://matrix.example.com, got \"https://matrix.example.com/?x=1\"")]
    [InlineData("\"matrix\":{\"client\":\"https://u:p@matrix.example.com\"}", "matrix.client: must be the homeserver's https base URL with a host and no query or fragment, such as https://matrix.example.com, got \"https://u:p@matrix.example.com\"")]
    [InlineData("\"matrix\":{\"client\":\"https://matrix.example.com\",\"identity_server\":\"https://id.example.com\"}", "matrix.identity_server: unknown field (allowed: server, client)")]
    [InlineData("\"nostr\":{}", "nostr.names: is required (a map of name to public key)")]
    [InlineData("\"nostr\":{\"names\":{}}", "nostr.names: must name at least one name")]
    [InlineData("\"nostr\":{\"names\":[]}", "nostr.names: has the wrong JSON type (expected an object of name to public key)")]
    [InlineData("\"nostr\":{\"names\":{\"Bob\":\"" + Key + "\"}}", "nostr.names[\"Bob\"]: the name must be 1-64 characters of a-z 0-9 - _ . in lower case (NIP-05)")]
    [InlineData("\"nostr\":{\"names\":{\"bob@example.com\":\"" + Key + "\"}}", "nostr.names[\"bob@example.com\"]: the name must be 1-64 characters of a-z 0-9 - _ . in lower case (NIP-05)")]
    [InlineData("\"nostr\":{\"names\":{\"\":\"" + Key + "\"}}", "nostr.names[\"\"]: the name must be 1-64 characters of a-z 0-9 - _ . in lower case (NIP-05)")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":\"npub1kp34m25c28f6a5xddjy4kgrpv0z8wctj0y9h9rac8sm0ajsxq7ukqm0ajr\"}}", "nostr.names[\"bob\"]: must be a public key in hex, 64 lower-case characters 0-9 a-f (not npub…), got \"npub1kp34m25c28f6a5xddjy4kgrpv0z8wctj0y9h9rac8sm0ajsxq7ukqm0ajr\"")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":5}}", "nostr.names[\"bob\"]: has the wrong JSON type (expected a string)")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":\"" + Key + "\",\"bob\":\"" + Key + "\"}}", "nostr.names[\"bob\"]: is given more than once")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":\"" + Key + "\"},\"relays\":{\"" + Key + "\":\"wss://relay.example.com\"}}", "nostr.relays[\"" + Key + "\"]: has the wrong JSON type (expected an array of relay URLs)")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":\"" + Key + "\"},\"relays\":{\"" + Key + "\":[\"https://relay.example.com\"]}}", "nostr.relays[\"" + Key + "\"][0]: must be a wss:// URL with a host and no query or fragment, got \"https://relay.example.com\"")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":\"" + Key + "\"},\"relays\":{\"" + Key + "\":[\"wss://relay.example.com\",null]}}", "nostr.relays[\"" + Key + "\"][1]: has the wrong JSON type (expected a string)")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":\"" + Key + "\"},\"relays\":{\"0000000000000000000000000000000000000000000000000000000000000000\":[]}}", "nostr.relays[\"0000000000000000000000000000000000000000000000000000000000000000\"]: the key must be one of the public keys in nostr.names")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":\"" + Key + "\"},\"relays\":[]}", "nostr.relays: has the wrong JSON type (expected an object of public key to relay URLs)")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":\"" + Key + "\"},\"relay\":{}}", "nostr.relay: unknown field (allowed: names, relays)")]
    public void Bad_sections_name_the_field(string sections, string message)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigParser.Parse(Config(sections)));
        Assert.Equal(message, e.Message);
    }
}
