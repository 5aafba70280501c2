using EdgeRouter.Webfinger.Configuration;

namespace EdgeRouter.Tests;

/// <summary>
/// The contract between the stack and the router: the WEBFINGER_CONFIG Terraform assembles from the variables is
/// evaluated by the real terraform (as an output, since no provider can be downloaded here) and read by the
/// router's own configuration parser.
/// </summary>
public sealed class WebfingerConfigTests(DefaultEdgeFixture fixture) : IClassFixture<DefaultEdgeFixture>
{
    private Terraform EvaluateConfig()
    {
        var function = fixture.Stack.Single("aws_lambda_function");
        var terraform = new Terraform(fixture.Stack.Document["variable"]!, new JsonObject
        {
            ["webfinger_config"] = new JsonObject
            {
                ["value"] = function["environment"]!["variables"]!["WEBFINGER_CONFIG"]!.DeepClone(),
                ["precondition"] = function["lifecycle"]!["precondition"]!.DeepClone(),
            },
        });
        return terraform;
    }

    private static string Output(Terraform terraform, params string[] vars)
    {
        var (code, output) = terraform.Run(["apply", "-auto-approve", "-input=false", "-no-color", $"-var-file={VariableTests.Example}", .. vars]);
        Assert.True(code == 0, output);
        var (exit, stdout, stderr) = terraform.RunSeparately("output", "-raw", "webfinger_config");
        Assert.True(exit == 0, stderr);
        return stdout;
    }

    [Fact]
    public void The_tfvars_example_becomes_a_configuration_the_router_accepts()
    {
        using var terraform = EvaluateConfig();
        var config = ConfigParser.Parse(Output(terraform));
        Assert.Equal("example.com", config.Domain);
        Assert.Equal("mastodon.example.com", config.Mastodon!.Host);
        Assert.Equal(["alice"], config.Mastodon.Accounts.Names);
        Assert.Equal("https://auth.example.com", config.Oidc!.Issuer);
        Assert.Equal(["alice", "bob"], config.Oidc.Accounts.Names.Order());
        Assert.Equal(["acct:carol@example.com"], config.Resources.Keys);
    }

    [Fact]
    public void Empty_sections_are_omitted_and_mean_everyone_or_nothing()
    {
        using var terraform = EvaluateConfig();
        var json = Output(terraform, "-var=mastodon_host=", "-var=oidc_accounts=[]", "-var=webfinger_resources={}");
        var config = ConfigParser.Parse(json);
        Assert.Null(config.Mastodon);
        Assert.True(config.Oidc!.Accounts.AllowsEveryone);
        Assert.Empty(config.Resources);
        Assert.Contains("\"mastodon\":null", json);
    }

    [Fact]
    public void A_configuration_over_lambdas_4_kb_is_stopped_before_deploying()
    {
        using var terraform = EvaluateConfig();
        var accounts = string.Join(",", Enumerable.Range(0, 400).Select(i => $"\"user{i:000}\""));
        var (code, output) = terraform.Run("apply", "-auto-approve", "-input=false", "-no-color",
            $"-var-file={VariableTests.Example}", $"-var=mastodon_accounts=[{accounts}]");
        Assert.True(code != 0, output);
        Assert.Contains("WEBFINGER_CONFIG is over Lambda's 4 KB limit", VariableTests.Unwrap(output));
    }
}
