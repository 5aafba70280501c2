using Constructs;

namespace EdgeRouter.Inputs;

/// <summary>
/// The variables of the router's other well-known documents: the AT Protocol DID (<c>/.well-known/atproto-did</c>),
/// Matrix delegation (<c>/.well-known/matrix/server</c> and <c>/client</c>) and NIP-05 names
/// (<c>/.well-known/nostr.json</c>). Each is off by default (empty); <see cref="RouterInputs.ConfigExpression"/>
/// adds the matching <c>WEBFINGER_CONFIG</c> section only when it is set. The validations mirror the router's own,
/// which checks the JSON again at start-up.
/// </summary>
public sealed class WellKnownDocumentInputs
{
    private const string Label = "([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)";

    /// <summary>Creates the variables in <paramref name="scope"/>.</summary>
    public WellKnownDocumentInputs(Construct scope)
    {
        AtprotoDid = Variables.Create(scope, "atproto_did", VariableType.STRING,
            "The DID /.well-known/atproto-did answers, so that webfinger_domain verifies as a Bluesky (AT Protocol) handle: " +
            "did:plc:<24 characters> or did:web:<host>. Default \"\": no document.",
            "",
            ($$"""${var.atproto_did == "" || can(regex("^did:(plc:[a-z2-7]{24}|web:({{Label}}[.])+[a-z]([a-z0-9-]{0,61}[a-z0-9])?)$", var.atproto_did))}""",
                "atproto_did must be empty, did:plc: and 24 characters of a-z and 2-7, or did:web: and a lower-case host name (no port or path)."));

        MatrixServer = Variables.Create(scope, "matrix_server", VariableType.STRING,
            "Matrix federation delegation, /.well-known/matrix/server's m.server: host[:port] such as matrix.example.com:443. " +
            "Default \"\": no document.",
            "",
            ($$"""${var.matrix_server == "" || (can(regex("^(({{Label}}[.])*{{Label}}|[0-9]{1,3}([.][0-9]{1,3}){3}|\\[[0-9a-f:.]+\\])(:[1-9][0-9]{0,4})?$", var.matrix_server)) && (length(regexall(":([0-9]+)$", var.matrix_server)) == 0 || tonumber(try(regex(":([0-9]+)$", var.matrix_server)[0], "0")) <= 65535))}""",
                "matrix_server must be empty or a server name host[:port] such as matrix.example.com:443 (lower case, no scheme or path, port 1-65535)."));

        MatrixClientBaseUrl = Variables.Create(scope, "matrix_client_base_url", VariableType.STRING,
            "The homeserver's client base URL, /.well-known/matrix/client's m.homeserver.base_url, such as " +
            "https://matrix.example.com. Default \"\": no document.",
            "",
            ("""${var.matrix_client_base_url == "" || can(regex("^https://[a-z0-9.-]+(:[0-9]{1,5})?(/[^?#\\s]*)?$", var.matrix_client_base_url))}""",
                "matrix_client_base_url must be empty or an https URL without query or fragment, such as https://matrix.example.com."));

        NostrNames = Variables.Create(scope, "nostr_names", "map(string)",
            "NIP-05 names answered by /.well-known/nostr.json?name=: a map from name (a-z 0-9 - _ ., lower case; \"_\" for " +
            "the domain itself) to the public key in hex (64 lower-case characters, not npub). Default {}: no document.",
            new Dictionary<string, object>(),
            ("""${alltrue([for name, key in var.nostr_names : can(regex("^[a-z0-9._-]{1,64}$", name)) && can(regex("^[0-9a-f]{64}$", key))])}""",
                "nostr_names must map names of 1-64 characters a-z 0-9 - _ . to public keys of 64 lower-case hex characters (not npub)."));

        NostrRelays = Variables.Create(scope, "nostr_relays", "map(list(string))",
            "Relay hints of nostr.json: a map from public key (one of nostr_names' values) to wss:// relay URLs. Default {}.",
            new Dictionary<string, object>(),
            ("${alltrue([for key, urls in var.nostr_relays : contains(values(var.nostr_names), key)])}",
                "nostr_relays keys must be public keys that nostr_names gives to a name."),
            ("""${alltrue(flatten([for key, urls in var.nostr_relays : [for url in urls : can(regex("^wss://[a-z0-9.-]+(:[0-9]{1,5})?(/[^?#\\s]*)?$", url))]]))}""",
                "nostr_relays must list wss:// URLs without query or fragment, such as wss://relay.example.com."));
    }

    /// <summary><c>atproto_did</c>.</summary>
    public TerraformVariable AtprotoDid { get; }

    /// <summary><c>matrix_server</c>.</summary>
    public TerraformVariable MatrixServer { get; }

    /// <summary><c>matrix_client_base_url</c>.</summary>
    public TerraformVariable MatrixClientBaseUrl { get; }

    /// <summary><c>nostr_names</c>.</summary>
    public TerraformVariable NostrNames { get; }

    /// <summary><c>nostr_relays</c>.</summary>
    public TerraformVariable NostrRelays { get; }

    /// <summary>The <c>atproto</c>, <c>matrix</c> and <c>nostr</c> members of <c>WEBFINGER_CONFIG</c>'s
    /// <c>jsonencode({...})</c>, each followed by <c>", "</c>; an unset section is null, which the router reads as
    /// absent.</summary>
    public string ConfigMembers
    {
        get
        {
            var did = Variables.Reference(AtprotoDid);
            var server = Variables.Reference(MatrixServer);
            var client = Variables.Reference(MatrixClientBaseUrl);
            var names = Variables.Reference(NostrNames);
            return $"atproto = {did} == \"\" ? null : {{ did = {did} }}, " +
                $"matrix = {server} == \"\" && {client} == \"\" ? null : {{ server = {server} == \"\" ? null : {server}, client = {client} == \"\" ? null : {client} }}, " +
                $"nostr = length({names}) == 0 ? null : {{ names = {names}, relays = {Variables.Reference(NostrRelays)} }}, ";
        }
    }
}
