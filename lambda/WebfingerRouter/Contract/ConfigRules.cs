namespace EdgeRouter.Webfinger.Contract;

/// <summary>The one table of what <c>WEBFINGER_CONFIG</c>'s values may be. The router checks a configuration with these
/// rules at start-up; the stack generates the Terraform variables' validations from the same rules
/// (<c>main/Inputs/ContractTerraform</c>), so a value <c>terraform plan</c> accepts is a value the router accepts, and
/// the other way round. Patterns follow <see cref="TextRule"/>'s common subset of .NET and RE2 syntax.</summary>
public static class ConfigRules
{
    private const string Label = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";

    /// <summary>A lower-case DNS name of two or more labels whose last starts with a letter (not an IP address).</summary>
    private const string Host = "(" + Label + "\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?";

    /// <summary>A TCP port, 1-65535, without leading zeros.</summary>
    private const string Port = "(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})";

    /// <summary>An RFC 3986 path of ASCII characters (anything else percent-encoded); no query or fragment.</summary>
    private const string Path = "(/(%[0-9A-Fa-f]{2}|[A-Za-z0-9._~!$&'()*+,;=:@/-])*)?";

    /// <summary>An IPv6 address in lower-case hex, without an embedded IPv4 part or a zone.</summary>
    private const string Ipv6 =
        "(([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|([0-9a-f]{1,4}:){1,7}:|([0-9a-f]{1,4}:){1,6}:[0-9a-f]{1,4}|" +
        "([0-9a-f]{1,4}:){1,5}(:[0-9a-f]{1,4}){1,2}|([0-9a-f]{1,4}:){1,4}(:[0-9a-f]{1,4}){1,3}|" +
        "([0-9a-f]{1,4}:){1,3}(:[0-9a-f]{1,4}){1,4}|([0-9a-f]{1,4}:){1,2}(:[0-9a-f]{1,4}){1,5}|" +
        "[0-9a-f]{1,4}:(:[0-9a-f]{1,4}){1,6}|:((:[0-9a-f]{1,4}){1,7}|:))";

    /// <summary><c>domain</c> and <c>mastodon.host</c>.</summary>
    public static readonly TextRule HostName = new("\\A" + Host + "\\z", 253, true,
        "a bare lower-case host name such as example.com (no scheme, port or path)");

    /// <summary><c>oidc.issuer</c> and <c>matrix.client</c>.</summary>
    public static readonly TextRule HttpsUrl = new("\\Ahttps://" + Host + "(:" + Port + ")?" + Path + "\\z", 1024, true,
        "an https URL with a lower-case host name, an optional port and path (ASCII, anything else percent-encoded) and no query or fragment, such as https://auth.example.com");

    /// <summary><c>nostr.relays</c>' URLs.</summary>
    public static readonly TextRule WssUrl = new("\\Awss://" + Host + "(:" + Port + ")?" + Path + "\\z", 512, true,
        "a wss:// URL with a lower-case host name and no query or fragment, such as wss://relay.example.com");

    /// <summary><c>matrix.server</c>: Matrix's server name, host[:port].</summary>
    public static readonly TextRule MatrixServerName = new("\\A((" + Label + "\\.)*" + Label + "|\\[" + Ipv6 + "\\])(:" + Port + ")?\\z", 255, true,
        "a Matrix server name, host[:port] such as matrix.example.com:443 (lower case, no scheme or path, port 1-65535)");

    /// <summary><c>atproto.did</c>.</summary>
    public static readonly TextRule AtprotoDid = new("\\Adid:(plc:[a-z2-7]{24}|web:" + Host + ")\\z", 8 + 253, true,
        "did:plc: and 24 characters of a-z and 2-7, or did:web: and a lower-case host name (no port or path)");

    /// <summary><c>nostr.names</c>' keys (NIP-05 local parts).</summary>
    public static readonly TextRule NostrName = new("\\A[a-z0-9._-]{1,64}\\z", 64, true,
        "a name of 1-64 characters a-z 0-9 - _ . (NIP-05, lower case; \"_\" is the domain itself)");

    /// <summary><c>nostr.names</c>' values and <c>nostr.relays</c>' keys.</summary>
    public static readonly TextRule NostrPublicKey = new("\\A[0-9a-f]{64}\\z", 64, true,
        "a public key in hex, 64 lower-case characters 0-9 a-f (not npub…)");

    /// <summary><c>mastodon.accounts</c>' user names.</summary>
    public static readonly TextRule MastodonAccount = new("\\A[A-Za-z0-9_.-]{1,64}\\z", 64, true,
        "a user name of 1-64 letters, digits, '_', '.' and '-' (no '@' or domain)");

    /// <summary><c>oidc.accounts</c>' user names.</summary>
    public static readonly TextRule OidcAccount = new("\\A[A-Za-z0-9_.+-]{1,64}\\z", 64, true,
        "a user name of 1-64 letters, digits, '_', '.', '+' and '-' (no '@' or domain)");

    /// <summary><c>resources</c>' keys: an absolute URI (RFC 3986 scheme, a colon, something), no white space or
    /// control characters (the same characters <see cref="Requests.ResourceSyntax"/> refuses in a query).</summary>
    public static readonly TextRule ResourceKey = new(
        "\\A[A-Za-z][A-Za-z0-9+.-]*:[^\\x00-\\x20\\x7F-\\x9F\\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF]+\\z",
        Requests.ResourceSyntax.MaxLength, true,
        "a URI such as acct:carol@example.com or https://example.com/carol (a scheme, a colon, no spaces or control characters, at most 1024 characters)");

    /// <summary>Any string but "".</summary>
    public static readonly TextRule NonEmptyText = new(null, 0, true, "a non-empty string");

    /// <summary>Any string.</summary>
    public static readonly TextRule AnyText = new(null, 0, false, "a string");

    /// <summary>A JRD link (RFC 7033 §4.4.4), plus <c>template</c> (RFC 6415 §3.1.1.1, as Mastodon's subscribe link
    /// uses it).</summary>
    public static readonly ObjectShape Link = new("a link",
    [
        new("rel", new TextShape(NonEmptyText with { Expected = "a non-empty string (a link's relation type, RFC 7033 §4.4.4.1)" }), Required: true),
        new("type", new TextShape(AnyText, Nullable: true)),
        new("href", new TextShape(AnyText, Nullable: true)),
        new("titles", new MapShape(new TextShape(AnyText), "an object of language tag to title string")),
        new("properties", new MapShape(new TextShape(AnyText, Nullable: true), "an object of property URI to string or null")),
        new("template", new TextShape(AnyText, Nullable: true)),
    ], "a link object");

    /// <summary>A JRD (RFC 7033 §4.4) as <c>resources</c> configures it.</summary>
    public static readonly ObjectShape Jrd = new("a JRD",
    [
        new("subject", new TextShape(NonEmptyText with { Expected = "a non-empty string (a JRD names its subject, RFC 7033 §4.4.1)" }), Required: true),
        new("aliases", new ListShape(new TextShape(NonEmptyText), "an array of non-empty strings")),
        new("properties", new MapShape(new TextShape(AnyText, Nullable: true), "an object of property URI to string or null")),
        new("links", new ListShape(Link, "an array of link objects")),
    ], "a JRD object");

    /// <summary><c>resources</c>: resource URI to JRD.</summary>
    public static readonly MapShape Resources = new(Jrd, "an object of resource URI to JRD", ResourceKey);

    /// <summary>The Terraform variables the stack assembles <c>WEBFINGER_CONFIG</c> from, each with the member it
    /// becomes and that member's shape. The stack validates each variable with its shape (an optional string is
    /// validated when it is not ""), and the router names a problem by the variable when the configuration came from
    /// Terraform (<see cref="ConfigNames"/>).</summary>
    public static readonly IReadOnlyList<ConfigVariable> Variables =
    [
        new("webfinger_domain", "domain", new TextShape(HostName)),
        new("mastodon_host", "mastodon.host", new TextShape(HostName), EmptyMeansNone: true),
        new("mastodon_accounts", "mastodon.accounts", new ListShape(new TextShape(MastodonAccount), "an array of user names")),
        new("oidc_issuer", "oidc.issuer", new TextShape(HttpsUrl), EmptyMeansNone: true),
        new("oidc_accounts", "oidc.accounts", new ListShape(new TextShape(OidcAccount), "an array of user names")),
        new("webfinger_resources", "resources", Resources),
        new("atproto_did", "atproto.did", new TextShape(AtprotoDid), EmptyMeansNone: true),
        new("matrix_server", "matrix.server", new TextShape(MatrixServerName), EmptyMeansNone: true),
        new("matrix_client_base_url", "matrix.client", new TextShape(HttpsUrl), EmptyMeansNone: true),
        new("nostr_names", "nostr.names", new MapShape(new TextShape(NostrPublicKey), "an object of name to public key", NostrName)),
        new("nostr_relays", "nostr.relays", new MapShape(new ListShape(new TextShape(WssUrl), "an array of relay URLs"), "an object of public key to relay URLs", NostrPublicKey)),
    ];

    /// <summary>The shape of the member at <paramref name="jsonPath"/> (<c>mastodon.host</c>).</summary>
    public static Shape Member(string jsonPath) => Variables.Single(v => v.JsonPath == jsonPath).Shape;
}

/// <summary>One Terraform variable and the <c>WEBFINGER_CONFIG</c> member it becomes.</summary>
/// <param name="Variable">The variable's name (<c>oidc_issuer</c>).</param>
/// <param name="JsonPath">The member's path (<c>oidc.issuer</c>).</param>
/// <param name="Shape">What the value must be.</param>
/// <param name="EmptyMeansNone">True for an optional string variable whose "" means "no such section".</param>
public sealed record ConfigVariable(string Variable, string JsonPath, Shape Shape, bool EmptyMeansNone = false);
