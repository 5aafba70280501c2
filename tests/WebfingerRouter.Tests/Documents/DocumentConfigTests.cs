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
    [InlineData("\"atproto\":\"did:plc:ewvi7nxzyoun6zhxrhs64oiz\"", "atproto: must be an object")]
    [InlineData("\"atproto\":{}", "atproto.did: must be did:plc: and 24 characters of a-z and 2-7, or did:web: and a lower-case host name (no port or path)")]
    [InlineData("\"atproto\":{\"did\":null}", "atproto.did: must be did:plc: and 24 characters of a-z and 2-7, or did:web: and a lower-case host name (no port or path)")]
    [InlineData("\"atproto\":{\"did\":5}", "atproto.did: must be did:plc: and 24 characters of a-z and 2-7, or did:web: and a lower-case host name (no port or path)")]
    [InlineData("\"atproto\":{\"did\":\"did:plc:x\"}", "atproto.did: must be did:plc: and 24 characters of a-z and 2-7, or did:web: and a lower-case host name (no port or path), got \"did:plc:x\"")]
    [InlineData("\"atproto\":{\"did\":\"did:plc:ewvi7nxzyoun6zhxrhs64oiz\\n\"}", "atproto.did: must be did:plc: and 24 characters of a-z and 2-7, or did:web: and a lower-case host name (no port or path), got \"did:plc:ewvi7nxzyoun6zhxrhs64oiz\\n\"")]
    [InlineData("\"atproto\":{\"did\":\"did:plc:ewvi7nxzyoun6zhxrhs64oiz\",\"handle\":\"x\"}", "atproto: unknown key \"handle\" (the atproto section has did)")]
    [InlineData("\"atproto\":{\"did\":\"did:plc:ewvi7nxzyoun6zhxrhs64oiz\",\"did\":\"did:web:example.com\"}", "atproto.did: is given more than once")]
    [InlineData("\"matrix\":{}", "matrix: give server, client or both")]
    [InlineData("\"matrix\":{\"server\":null,\"client\":null}", "matrix: give server, client or both")]
    [InlineData("\"matrix\":[]", "matrix: must be an object")]
    [InlineData("\"matrix\":{\"server\":\"https://matrix.example.com\"}", "matrix.server: must be a Matrix server name, host[:port] such as matrix.example.com:443 (lower case, no scheme or path, port 1-65535), got \"https://matrix.example.com\"")]
    [InlineData("\"matrix\":{\"server\":443}", "matrix.server: must be a Matrix server name, host[:port] such as matrix.example.com:443 (lower case, no scheme or path, port 1-65535)")]
    [InlineData("\"matrix\":{\"client\":\"matrix.example.com\"}", "matrix.client: must be an https URL with a lower-case host name, an optional port and path (ASCII, anything else percent-encoded) and no query or fragment, such as https://auth.example.com, got \"matrix.example.com\"")]
    [InlineData("\"matrix\":{\"client\":\"http://matrix.example.com\"}", "matrix.client: must be an https URL with a lower-case host name, an optional port and path (ASCII, anything else percent-encoded) and no query or fragment, such as https://auth.example.com, got \"http://matrix.example.com\"")]
    [InlineData("\"matrix\":{\"client\":\"https://matrix.example.com/?x=1\"}", "matrix.client: must be an https URL with a lower-case host name, an optional port and path (ASCII, anything else percent-encoded) and no query or fragment, such as https://auth.example.com, got \"https://matrix.example.com/?x=1\"")]
    [InlineData("\"matrix\":{\"client\":\"https://u:p@matrix.example.com\"}", "matrix.client: must be an https URL with a lower-case host name, an optional port and path (ASCII, anything else percent-encoded) and no query or fragment, such as https://auth.example.com, got \"https://u:p@matrix.example.com\"")]
    [InlineData("\"matrix\":{\"client\":\"https://matrix.example.com\",\"identity_server\":\"https://id.example.com\"}", "matrix: unknown key \"identity_server\" (the matrix section has server, client)")]
    [InlineData("\"nostr\":{}", "nostr.names: must be an object of name to public key")]
    [InlineData("\"nostr\":{\"names\":{}}", "nostr.names: must name at least one name")]
    [InlineData("\"nostr\":{\"names\":[]}", "nostr.names: must be an object of name to public key")]
    [InlineData("\"nostr\":{\"names\":{\"Bob\":\"" + Key + "\"}}", "nostr.names[\"Bob\"]: the key must be a name of 1-64 characters a-z 0-9 - _ . (NIP-05, lower case; \"_\" is the domain itself)")]
    [InlineData("\"nostr\":{\"names\":{\"bob@example.com\":\"" + Key + "\"}}", "nostr.names[\"bob@example.com\"]: the key must be a name of 1-64 characters a-z 0-9 - _ . (NIP-05, lower case; \"_\" is the domain itself)")]
    [InlineData("\"nostr\":{\"names\":{\"\":\"" + Key + "\"}}", "nostr.names[\"\"]: the key must be a name of 1-64 characters a-z 0-9 - _ . (NIP-05, lower case; \"_\" is the domain itself)")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":\"npub1kp34m25c28f6a5xddjy4kgrpv0z8wctj0y9h9rac8sm0ajsxq7ukqm0ajr\"}}", "nostr.names[\"bob\"]: must be a public key in hex, 64 lower-case characters 0-9 a-f (not npub…), got \"npub1kp34m25c28f6a5xddjy4kgrpv0z8wctj0y9h9rac8sm0ajsxq7ukqm0ajr\"")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":5}}", "nostr.names[\"bob\"]: must be a public key in hex, 64 lower-case characters 0-9 a-f (not npub…)")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":\"" + Key + "\",\"bob\":\"" + Key + "\"}}", "nostr.names[\"bob\"]: is given more than once")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":\"" + Key + "\"},\"relays\":{\"" + Key + "\":\"wss://relay.example.com\"}}", "nostr.relays[\"" + Key + "\"]: must be an array of relay URLs")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":\"" + Key + "\"},\"relays\":{\"" + Key + "\":[\"https://relay.example.com\"]}}", "nostr.relays[\"" + Key + "\"][0]: must be a wss:// URL with a lower-case host name and no query or fragment, such as wss://relay.example.com, got \"https://relay.example.com\"")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":\"" + Key + "\"},\"relays\":{\"" + Key + "\":[\"wss://relay.example.com\",null]}}", "nostr.relays[\"" + Key + "\"][1]: must be a wss:// URL with a lower-case host name and no query or fragment, such as wss://relay.example.com")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":\"" + Key + "\"},\"relays\":{\"0000000000000000000000000000000000000000000000000000000000000000\":[]}}", "nostr.relays[\"0000000000000000000000000000000000000000000000000000000000000000\"]: the key must be one of the public keys given to a name")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":\"" + Key + "\"},\"relays\":[]}", "nostr.relays: must be an object of public key to relay URLs")]
    [InlineData("\"nostr\":{\"names\":{\"bob\":\"" + Key + "\"},\"relay\":{}}", "nostr: unknown key \"relay\" (the nostr section has names, relays)")]
    public void Bad_sections_name_the_field(string sections, string message)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigParser.Parse(Config(sections)));
        Assert.Equal(message, e.Message);
    }
}
