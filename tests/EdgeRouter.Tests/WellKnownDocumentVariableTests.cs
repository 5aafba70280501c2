using EdgeRouter.Webfinger.Configuration;

namespace EdgeRouter.Tests;

/// <summary>
/// The atproto, Matrix and Nostr variables under the real terraform: their validations name the variable, and the
/// WEBFINGER_CONFIG Terraform assembles from them is what the router's own parser accepts (sections present only
/// when set, null otherwise).
/// </summary>
public sealed class WellKnownDocumentVariableTests(DefaultEdgeFixture fixture) : IClassFixture<DefaultEdgeFixture>
{
    private const string Key = "b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9";

    private Terraform EvaluateConfig()
    {
        var function = fixture.Stack.Single("aws_lambda_function");
        return new Terraform(fixture.Stack.Document["variable"]!, new JsonObject
        {
            ["webfinger_config"] = new JsonObject
            {
                ["value"] = function["environment"]!["variables"]!["WEBFINGER_CONFIG"]!.DeepClone(),
            },
        });
    }

    private static string Output(Terraform terraform, params string[] vars) => WebfingerConfigTests.Output(terraform, vars);

    [Fact]
    public void The_example_values_become_the_routers_sections()
    {
        using var terraform = EvaluateConfig();
        var json = Output(terraform);
        var config = ConfigParser.Parse(json);
        Assert.Equal("did:plc:ewvi7nxzyoun6zhxrhs64oiz", config.Atproto!.Did);
        Assert.Equal("matrix.example.com:443", config.Matrix!.Server);
        Assert.Equal("https://matrix.example.com", config.Matrix.ClientBaseUrl);
        Assert.Equal(Key, config.Nostr!.Names["bob"]);
        Assert.Equal(["wss://relay.example.com"], config.Nostr.Relays[Key]);
        Assert.Contains("\"atproto\":{\"did\":\"did:plc:ewvi7nxzyoun6zhxrhs64oiz\"}", json, StringComparison.Ordinal);
        Assert.Contains("\"matrix\":{\"client\":\"https://matrix.example.com\",\"server\":\"matrix.example.com:443\"}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Unset_documents_are_null_sections_and_one_matrix_document_alone_works()
    {
        using var terraform = EvaluateConfig();
        var json = Output(terraform, "-var=atproto_did=", "-var=matrix_server=", "-var=nostr_names={}", "-var=nostr_relays={}");
        var config = ConfigParser.Parse(json);
        Assert.Null(config.Atproto);
        Assert.Null(config.Nostr);
        Assert.Null(config.Matrix!.Server);
        Assert.Equal("https://matrix.example.com", config.Matrix.ClientBaseUrl);
        Assert.Contains("\"atproto\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"nostr\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"matrix\":{\"client\":\"https://matrix.example.com\",\"server\":null}", json, StringComparison.Ordinal);

        var none = ConfigParser.Parse(Output(terraform, "-var=matrix_server=", "-var=matrix_client_base_url="));
        Assert.Null(none.Matrix);
    }

    [Theory]
    [InlineData("atproto_did=did:plc:short", "atproto_did: must be did:plc: and 24 characters")]
    [InlineData("atproto_did=did:plc:EWVI7NXZYOUN6ZHXRHS64OIZ", "atproto_did: must be did:plc: and 24 characters")]
    [InlineData("atproto_did=did:web:example.com:8080", "atproto_did: must be did:plc: and 24 characters")]
    [InlineData("atproto_did=at://did:plc:ewvi7nxzyoun6zhxrhs64oiz", "atproto_did: must be did:plc: and 24 characters")]
    [InlineData("matrix_server=https://matrix.example.com", "matrix_server: must be a Matrix server name, host[:port]")]
    [InlineData("matrix_server=matrix.example.com:70000", "matrix_server: must be a Matrix server name, host[:port]")]
    [InlineData("matrix_server=matrix.example.com/x", "matrix_server: must be a Matrix server name, host[:port]")]
    [InlineData("matrix_client_base_url=http://matrix.example.com", "matrix_client_base_url: must be an https URL")]
    [InlineData("matrix_client_base_url=https://matrix.example.com/?x=1", "matrix_client_base_url: must be an https URL")]
    [InlineData("nostr_names={Bob=\"" + Key + "\"}", "nostr_names[\"Bob\"]: the key must be a name of 1-64 characters")]
    [InlineData("nostr_names={bob=\"npub1kp34m25c28f6a5xddjy4kgrpv0z8wctj0y9h9rac8sm0ajsxq7ukqm0ajr\"}", "nostr_names[\"bob\"]: must be a public key in hex")]
    [InlineData("nostr_relays={\"0000000000000000000000000000000000000000000000000000000000000000\"=[\"wss://relay.example.com\"]}", "nostr_relays[\"0000000000000000000000000000000000000000000000000000000000000000\"]: the key must be one of the public keys given to a name")]
    [InlineData("nostr_relays={\"" + Key + "\"=[\"https://relay.example.com\"]}", "nostr_relays[\"" + Key + "\"][0]: must be a wss:// URL")]
    [InlineData("matrix_server=[::zz]", "matrix_server: must be a Matrix server name")]
    [InlineData("matrix_client_base_url=https://matrix.example.com/é", "matrix_client_base_url: must be an https URL")]
    public void Terraform_rejects_a_bad_value_with_the_variables_own_message(string assignment, string message)
    {
        using var terraform = new Terraform(fixture.Stack.Document["variable"]!);
        var (code, output) = terraform.Plan($"-var-file={VariableTests.Example}", $"-var={assignment}");
        Assert.True(code != 0, output);
        Assert.Contains("Invalid value for variable", output);
        Assert.Contains(VariableTests.Folded(message), VariableTests.Folded(VariableTests.Unwrap(output)));
    }

    [Theory]
    [InlineData("atproto_did=did:web:bsky.example.com")]
    [InlineData("matrix_server=[2001:db8::1]:8448")]
    [InlineData("matrix_server=192.0.2.7")]
    [InlineData("nostr_names={\"_\"=\"" + Key + "\"}")]
    public void Terraform_accepts_other_valid_values(string assignment)
    {
        using var terraform = new Terraform(fixture.Stack.Document["variable"]!);
        var (code, output) = terraform.Plan($"-var-file={VariableTests.Example}", $"-var={assignment}");
        Assert.True(code == 0, output);
    }
}
