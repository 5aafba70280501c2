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
    /// <summary>Creates the variables in <paramref name="scope"/>.</summary>
    public WellKnownDocumentInputs(Construct scope)
    {
        AtprotoDid = Variables.Create(scope, "atproto_did", VariableType.STRING,
            "The DID /.well-known/atproto-did answers, so that webfinger_domain verifies as a Bluesky (AT Protocol) handle: " +
            "did:plc:<24 characters> or did:web:<host>. Default \"\": no document.",
            "",
            ContractTerraform.Validation("atproto_did"));

        MatrixServer = Variables.Create(scope, "matrix_server", VariableType.STRING,
            "Matrix federation delegation, /.well-known/matrix/server's m.server: host[:port] such as matrix.example.com:443. " +
            "Default \"\": no document.",
            "",
            ContractTerraform.Validation("matrix_server"));

        MatrixClientBaseUrl = Variables.Create(scope, "matrix_client_base_url", VariableType.STRING,
            "The homeserver's client base URL, /.well-known/matrix/client's m.homeserver.base_url, such as " +
            "https://matrix.example.com. Default \"\": no document.",
            "",
            ContractTerraform.Validation("matrix_client_base_url"));

        NostrNames = Variables.Create(scope, "nostr_names", "map(string)",
            "NIP-05 names answered by /.well-known/nostr.json?name=: a map from name (a-z 0-9 - _ ., lower case; \"_\" for " +
            "the domain itself) to the public key in hex (64 lower-case characters, not npub). Default {}: no document.",
            new Dictionary<string, object>(),
            ContractTerraform.Validation("nostr_names"));

        NostrRelays = Variables.Create(scope, "nostr_relays", "map(list(string))",
            "Relay hints of nostr.json: a map from public key (one of nostr_names' values) to wss:// relay URLs. Default {}.",
            new Dictionary<string, object>(),
            // The one rule across two variables, in the router's words (ConfigParser: nostr relays).
            ("${alltrue([for key, urls in var.nostr_relays : contains(values(var.nostr_names), key)])}",
                "${join(\"\\n\", [for key, urls in var.nostr_relays : \"nostr_relays[${jsonencode(key)}]: the key must be one of the public keys given to a name\" if !contains(values(var.nostr_names), key)])}"),
            ContractTerraform.Validation("nostr_relays"));
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
