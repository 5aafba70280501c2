using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Requests;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Tests.Documents;

/// <summary>A configuration with every well-known document, as edge/webfinger.local.json has them, and NIP-05's
/// own example key.</summary>
internal static class DocumentsConfig
{
    public const string Did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    public const string BobKey = "b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9";
    public const string AliceKey = "0000000000000000000000000000000000000000000000000000000000000a1c";
    public const string RootKey = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00d";

    public const string Json = """
        {"domain":"example.com",
         "mastodon":{"host":"mastodon.example.com","accounts":["alice"]},
         "oidc":{"issuer":"https://auth.example.com","accounts":["alice","bob"]},
         "atproto":{"did":"did:plc:ewvi7nxzyoun6zhxrhs64oiz"},
         "matrix":{"server":"matrix.example.com:443","client":"https://matrix.example.com"},
         "nostr":{"names":{"bob":"b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9",
                           "alice":"0000000000000000000000000000000000000000000000000000000000000a1c",
                           "_":"fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00d"},
                  "relays":{"b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9":["wss://relay.example.com","wss://relay2.example.com"]}}}
        """;

    public static RouterConfig Config { get; } = ConfigParser.Parse(Json);

    public static Router Router { get; } = new(Config);

    public static WebfingerFunction Function { get; } = new(Config);

    public static RouterResponse Ask(string path, string rawQuery = "", string method = "GET", Router? router = null) =>
        (router ?? Router).Route(new RouterRequest(method, path, rawQuery));
}
