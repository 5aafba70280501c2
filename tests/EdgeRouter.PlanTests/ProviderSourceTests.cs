namespace EdgeRouter.PlanTests;

/// <summary>Where the provider comes from, and the loud failure when it cannot be found offline.</summary>
public sealed class ProviderSourceTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("edge-router-plan-").FullName;

    [Fact]
    public void No_provider_in_the_mirror_fails_and_says_where_it_looked()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_work, "empty-mirror")).FullName;
        string? Environment(string name) => name == "EDGE_ROUTER_PLAN_MIRROR" ? empty : null;

        var error = Assert.Throws<InvalidOperationException>(() => ProviderSource.Resolve(Environment, _work));

        Assert.Contains($"Looked for {empty}/registry.terraform.io/hashicorp/aws/VERSION/linux_", error.Message, StringComparison.Ordinal);
        Assert.Contains("EDGE_ROUTER_PLAN_PROVIDER=registry", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_mirror_gives_its_highest_version_and_a_cli_config_that_never_goes_online()
    {
        var mirror = Path.Combine(_work, "mirror");
        foreach (var version in new[] { "5.9.0", "5.100.0" })
        {
            var folder = Directory.CreateDirectory(Path.Combine(mirror, "registry.terraform.io/hashicorp/aws", version, "linux_amd64")).FullName;
            File.WriteAllText(Path.Combine(folder, $"terraform-provider-aws_v{version}_x5"), "");
        }

        string? Environment(string name) => name == "EDGE_ROUTER_PLAN_MIRROR" ? mirror : null;

        var source = ProviderSource.Resolve(Environment, _work);

        Assert.Equal("5.100.0", source.MirroredVersion);
        var config = File.ReadAllText(source.CliConfigFile);
        Assert.Contains($"path    = \"{mirror}\"", config, StringComparison.Ordinal);
        Assert.Contains("exclude = [\"registry.terraform.io/hashicorp/aws\"]", config, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_mode_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ProviderSource.Resolve(name => name == "EDGE_ROUTER_PLAN_PROVIDER" ? "cloud" : null, _work));

        Assert.Contains("EDGE_ROUTER_PLAN_PROVIDER is \"cloud\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_override_pins_the_mirrored_version_a_local_backend_and_plan_only_credentials_for_each_alias()
    {
        var stack = JsonNode.Parse("""
            {"terraform":{"required_providers":{"aws":{"source":"aws","version":"6.25.0"}},"backend":{"s3":{"bucket":"b"}}},
             "provider":{"aws":[{"region":"us-east-1"},{"alias":"global","region":"us-east-1"}]}}
            """)!.AsObject();
        var source = new ProviderSource("mirror", "/m", "5.100.0", "/c");

        var result = PlanCopy.Override(stack, source);

        Assert.Equal("5.100.0", (string?)result["terraform"]!["required_providers"]!["aws"]!["version"]);
        Assert.Equal("aws", (string?)result["terraform"]!["required_providers"]!["aws"]!["source"]);
        Assert.Equal("terraform.tfstate", (string?)result["terraform"]!["backend"]!["local"]!["path"]);
        var providers = result["provider"]!["aws"]!.AsArray();
        Assert.Equal([null, "global"], providers.Select(p => (string?)p!["alias"]));
        Assert.All(providers, p => Assert.True((bool)p!["skip_credentials_validation"]! && (bool)p["skip_requesting_account_id"]!));
    }

    [Fact]
    public void With_the_registry_the_stack_keeps_its_pin()
    {
        var stack = JsonNode.Parse("""{"terraform":{"required_providers":{"aws":{"source":"aws","version":"6.25.0"}}}}""")!.AsObject();

        var result = PlanCopy.Override(stack, new ProviderSource("registry", null, null, "/c"));

        Assert.Null(result["terraform"]!["required_providers"]);
    }

    [Fact]
    public void Six_only_values_are_replaced_only_below_6()
    {
        var vars = new Dictionary<string, string> { ["minimum_protocol_version"] = "TLSv1.3_2025" };

        Assert.Equal("TLSv1.2_2021", ProviderCompatibility.Apply(vars, 5).Vars["minimum_protocol_version"]);
        Assert.Equal("TLSv1.3_2025", ProviderCompatibility.Apply(vars, 6).Vars["minimum_protocol_version"]);
        Assert.Equal("TLSv1.3_2025", ProviderCompatibility.Apply(vars, null).Vars["minimum_protocol_version"]);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
