using EdgeRouter.Configuration;

namespace EdgeRouter.Tests;

/// <summary>
/// Several environments from one app (README, Deploy): `environments` in cdktf.json's context gives one edge stack
/// each, its own state key in the same bucket and the environment in every derived name; none declared leaves the
/// stack exactly as it was.
/// </summary>
public sealed class EnvironmentTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("edge-router-environments-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static EdgeSettings Staging => RemoteStateTests.Loader(context: new() { ["environments"] = new object[] { "staging", "production" } })
        .Load().ForEnvironment("staging");

    [Fact]
    public void Environments_are_read_from_the_context_and_the_environment_wins()
    {
        Assert.Equal(["staging", "production"], RemoteStateTests.Loader(context: new() { ["environments"] = new object[] { "staging", "production" } }).Load().Environments);
        Assert.Equal(["qa"], RemoteStateTests.Loader(env: new() { ["EDGE_ROUTER_ENVIRONMENTS"] = "qa" },
            context: new() { ["environments"] = new object[] { "staging" } }).Load().Environments);
        Assert.Empty(RemoteStateTests.Loader(env: new() { ["EDGE_ROUTER_ENVIRONMENTS"] = "" }).Load().Environments);
        Assert.Empty(RemoteStateTests.Loader().Load().Environments);
    }

    [Theory]
    [InlineData("Staging", "\"Staging\" is not an environment name (1-16 lower-case letters, digits and '-', starting with a letter, not ending with '-')")]
    [InlineData("staging,", "\"\" is not an environment name")]
    [InlineData("abcdefghijklmnopq", "\"abcdefghijklmnopq\" is not an environment name")]
    [InlineData("1st", "\"1st\" is not an environment name")]
    [InlineData("pre-", "\"pre-\" is not an environment name")]
    [InlineData("st\u00e4ging", "is not an environment name")]
    [InlineData("../x", "\"../x\" is not an environment name")]
    [InlineData("qa,qa", "\"qa\" is listed twice")]
    [InlineData("state", "\"state\" would name its stack edge-router-state, which is the state bucket's stack")]
    [InlineData("a,b,c,d,e,f,g,h,i,j,k", "declare at most 10 environments, got 11")]
    public void A_bad_environment_is_refused_naming_the_setting(string value, string message)
    {
        var error = Assert.Throws<SettingsException>(() => RemoteStateTests.Loader(env: new() { ["EDGE_ROUTER_ENVIRONMENTS"] = value }).Load());
        Assert.StartsWith("environments (EDGE_ROUTER_ENVIRONMENTS): ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_context_value_that_is_not_a_list_of_strings_is_refused()
    {
        var error = Assert.Throws<SettingsException>(() => RemoteStateTests.Loader(context: new() { ["environments"] = new object[] { "staging", 3 } }).Load());
        Assert.Contains("environments (EDGE_ROUTER_ENVIRONMENTS): expected a list of strings", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("edge-router/edge.tfstate", "edge-router/staging/edge.tfstate")]
    [InlineData("edge.tfstate", "staging/edge.tfstate")]
    [InlineData("a/b/c.tfstate", "a/b/staging/c.tfstate")]
    public void Each_environment_keeps_its_state_beside_the_others_in_the_same_bucket(string key, string expected) =>
        Assert.Equal(expected, RemoteStateSettings.KeyFor(key, "staging"));

    [Fact]
    public void An_environment_stack_has_its_own_key_and_the_environment_in_every_derived_name()
    {
        var settings = Staging with { RouterPackage = TestRouterPackage.ZipPath };
        Assert.Equal("edge-router-staging", settings.EdgeStackName);
        var stack = Synth.Edge(settings);
        Assert.Equal("edge-router/staging/edge.tfstate", (string?)stack.Document["terraform"]!["backend"]!["s3"]!["key"]);
        // Every derived name comes from local.resource_names (Naming/ResourceNames), whose key is the site's name, '_'
        // and the environment: two environments of one site never share a name (NamingTests evaluates them).
        Assert.Equal("${local.resource_names.origin_access_control}", (string?)stack.Single("aws_cloudfront_origin_access_control")["name"]);
        Assert.Equal("${local.resource_names.site_function}", (string?)stack.Single("aws_cloudfront_function")["name"]);
        Assert.Equal(["${local.resource_names.router_headers_policy}", "${local.resource_names.security_headers_policy}"],
            stack.Resources("aws_cloudfront_response_headers_policy").Select(p => (string?)p.Value["name"]).Order());
        Assert.Equal("${local.resource_names.webfinger_cache_policy}", (string?)stack.Single("aws_cloudfront_cache_policy")["name"]);
        var names = stack.Document["locals"]!["resource_names"]!.AsObject();
        Assert.All(names, n => Assert.Contains("format(\"%s_%s\", var.site_bucket_name, \"staging\")", (string?)n.Value, StringComparison.Ordinal));
        Assert.Equal("${local.resource_names.router}", (string?)stack.Single("aws_lambda_function")["function_name"]);
    }

    [Fact]
    public void Without_environments_the_names_and_the_key_are_as_they_always_were()
    {
        var stack = Synth.Edge();
        Assert.Equal("edge-router/edge.tfstate", (string?)stack.Document["terraform"]!["backend"]!["s3"]!["key"]);
        var names = stack.Document["locals"]!["resource_names"]!.AsObject();
        Assert.All(names, n => Assert.DoesNotContain("%s_%s", (string?)n.Value, StringComparison.Ordinal));
        Assert.Equal("${local.resource_names.origin_access_control}", (string?)stack.Single("aws_cloudfront_origin_access_control")["name"]);
    }

    [Fact]
    public void The_app_writes_one_edge_stack_per_environment_and_no_default_one()
    {
        var outdir = Path.Combine(_work, "cdktf.out");
        var (code, stderr) = AppProcess.Run(_work, new Dictionary<string, string>
        {
            ["CDKTF_OUTDIR"] = outdir,
            ["EDGE_ROUTER_STATE_BUCKET"] = "acme-state",
            ["EDGE_ROUTER_ENVIRONMENTS"] = "staging,production",
        });
        Assert.True(code == 0, stderr);
        Assert.Equal(["edge-router-production", "edge-router-staging", "edge-router-state"],
            Directory.GetDirectories(Path.Combine(outdir, "stacks")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("edge-router: edge-router-staging's state in s3://acme-state/edge-router/staging/edge.tfstate", stderr, StringComparison.Ordinal);
        Assert.Contains("edge-router: edge-router-production's state in s3://acme-state/edge-router/production/edge.tfstate", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_environment_stops_the_app_before_anything_is_written()
    {
        var outdir = Path.Combine(_work, "cdktf.out");
        var (code, stderr) = AppProcess.Run(_work, new Dictionary<string, string>
        {
            ["CDKTF_OUTDIR"] = outdir,
            ["EDGE_ROUTER_STATE_BUCKET"] = "acme-state",
            ["EDGE_ROUTER_ENVIRONMENTS"] = "staging,Prod",
        });
        Assert.Equal(1, code);
        Assert.Equal("edge-router: environments (EDGE_ROUTER_ENVIRONMENTS): \"Prod\" is not an environment name (1-16 lower-case letters, digits and '-', starting with a letter, not ending with '-')",
            stderr.Trim());
        Assert.False(Directory.Exists(outdir));
    }
}
