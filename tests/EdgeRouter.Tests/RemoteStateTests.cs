using EdgeRouter.Configuration;

namespace EdgeRouter.Tests;

public sealed class RemoteStateTests(DefaultEdgeFixture fixture) : IClassFixture<DefaultEdgeFixture>
{
    [Fact]
    public void State_is_in_s3_encrypted_and_locked_with_the_s3_lock_file()
    {
        var backend = fixture.Stack.Document["terraform"]!["backend"]!;
        var bucket = backend["s3"]!["bucket"]!.ToString();
        Assert.Matches("^edge-router-state-[a-z0-9]{12}$", bucket);
        JsonAssert.Equal($$$"""
            {"s3":{"bucket":"{{{bucket}}}","encrypt":true,"key":"edge-router/edge.tfstate",
                   "region":"us-east-1","use_lockfile":true}}
            """, backend);
    }

    [Fact]
    public void Terraform_1_11_or_newer_is_required_for_the_lock_file() =>
        Assert.Equal(">= 1.11.0", fixture.Stack.Document["terraform"]!["required_version"]!.ToString());

    [Fact]
    public void The_aws_provider_is_pinned_to_the_bindings_version() =>
        JsonAssert.Equal($$$"""{"aws":{"source":"{{{EngineFacts.AwsProviderSource}}}","version":"{{{EngineFacts.AwsProviderVersion}}}"}}""",
            fixture.Stack.Document["terraform"]!["required_providers"]);

    [Fact]
    public void Backend_settings_from_the_environment_reach_the_backend()
    {
        var settings = Loader(env: new() { ["EDGE_ROUTER_STATE_BUCKET"] = "acme-tfstate", ["EDGE_ROUTER_STATE_KEY"] = "prod/edge.tfstate",
            ["EDGE_ROUTER_STATE_REGION"] = "eu-central-1" }).Load();
        var stack = Synth.Edge(settings);
        JsonAssert.Equal("""
            {"s3":{"bucket":"acme-tfstate","encrypt":true,"key":"prod/edge.tfstate","region":"eu-central-1","use_lockfile":true}}
            """, stack.Document["terraform"]!["backend"]);
    }

    /// <summary>A loader over the given environment and context; the router package defaults to the test one.</summary>
    internal static EdgeSettingsLoader Loader(Dictionary<string, string>? env = null, Dictionary<string, object>? context = null)
    {
        env ??= [];
        env.TryAdd("EDGE_ROUTER_ROUTER_PACKAGE", TestRouterPackage.ZipPath);
        return new(name => env.GetValueOrDefault(name), key => context?.GetValueOrDefault(key));
    }
}

public sealed class SettingsLoaderTests
{
    [Fact]
    public void Defaults_match_cdktf_json()
    {
        var settings = RemoteStateTests.Loader().Load();
        var cdktfJson = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "cdktf.json")))!["context"]!;
        // No stateBucket: S3 bucket names are global, so the default is generated for each user (StateFolderTests).
        Assert.Null(cdktfJson["stateBucket"]);
        Assert.Matches("^edge-router-state-[a-z0-9]{12}$", settings.State.Bucket);
        Assert.Equal(cdktfJson["stateKey"]!.ToString(), settings.State.Key);
        Assert.Equal(cdktfJson["stateRegion"]!.ToString(), settings.State.Region);
        Assert.Equal(cdktfJson["routerPathPatterns"]!.AsArray().Select(p => p!.ToString()), settings.RouterPathPatterns);
        Assert.Equal(ApiOriginRequestPolicyKind.Managed, settings.ApiOriginRequestPolicy);
    }

    [Fact]
    public void Environment_wins_over_context()
    {
        var settings = RemoteStateTests.Loader(
            env: new() { ["EDGE_ROUTER_STATE_BUCKET"] = "from-env", ["EDGE_ROUTER_ROUTER_PATH_PATTERNS"] = "/.well-known/webfinger, /.well-known/nodeinfo" },
            context: new() { ["stateBucket"] = "from-context", ["stateKey"] = "ctx/key.tfstate", ["apiOriginRequestPolicy"] = "stack-owned" }).Load();
        Assert.Equal(("from-env", "ctx/key.tfstate", ApiOriginRequestPolicyKind.StackOwned),
            (settings.State.Bucket, settings.State.Key, settings.ApiOriginRequestPolicy));
        Assert.Equal(["/.well-known/webfinger", "/.well-known/nodeinfo"], settings.RouterPathPatterns);
    }

    [Fact]
    public void Context_lists_are_read_as_lists()
    {
        var settings = RemoteStateTests.Loader(context: new() { ["routerPathPatterns"] = new object[] { "/.well-known/webfinger" } }).Load();
        Assert.Equal(["/.well-known/webfinger"], settings.RouterPathPatterns);
    }

    [Theory]
    [InlineData("EDGE_ROUTER_STATE_BUCKET", "My_Bucket", "stateBucket (EDGE_ROUTER_STATE_BUCKET): \"My_Bucket\" is not a valid S3 bucket name")]
    [InlineData("EDGE_ROUTER_STATE_BUCKET", "a..b", "stateBucket (EDGE_ROUTER_STATE_BUCKET): \"a..b\" is not a valid S3 bucket name")]
    [InlineData("EDGE_ROUTER_STATE_KEY", "/leading.tfstate", "stateKey (EDGE_ROUTER_STATE_KEY): \"/leading.tfstate\" is not a valid state key")]
    [InlineData("EDGE_ROUTER_STATE_KEY", "a//b", "stateKey (EDGE_ROUTER_STATE_KEY): \"a//b\" is not a valid state key")]
    [InlineData("EDGE_ROUTER_STATE_REGION", "mars-1", "stateRegion (EDGE_ROUTER_STATE_REGION): \"mars-1\" is not an AWS region name")]
    [InlineData("EDGE_ROUTER_ROUTER_PATH_PATTERNS", ".well-known/*", "routerPathPatterns (EDGE_ROUTER_ROUTER_PATH_PATTERNS): \".well-known/*\" is not a CloudFront path pattern")]
    [InlineData("EDGE_ROUTER_ROUTER_PATH_PATTERNS", "/.well-known/<script>", "routerPathPatterns (EDGE_ROUTER_ROUTER_PATH_PATTERNS): \"/.well-known/<script>\" is not a CloudFront path pattern")]
    [InlineData("EDGE_ROUTER_ROUTER_PATH_PATTERNS", "/*", "routerPathPatterns (EDGE_ROUTER_ROUTER_PATH_PATTERNS): \"/*\" would send the whole site to the API")]
    [InlineData("EDGE_ROUTER_ROUTER_PATH_PATTERNS", "/a,/a", "routerPathPatterns (EDGE_ROUTER_ROUTER_PATH_PATTERNS): \"/a\" is listed twice")]
    [InlineData("EDGE_ROUTER_EXISTING_API_DOMAIN_NAME", "https://api.example.com", "existingApiDomainName (EDGE_ROUTER_EXISTING_API_DOMAIN_NAME): \"https://api.example.com\" is not a bare lower-case host name")]
    [InlineData("EDGE_ROUTER_EXISTING_API_DOMAIN_NAME", "API.example.com", "existingApiDomainName (EDGE_ROUTER_EXISTING_API_DOMAIN_NAME): \"API.example.com\" is not a bare lower-case host name")]
    [InlineData("EDGE_ROUTER_ROUTER_PACKAGE", "no/such/router.zip", "routerPackage (EDGE_ROUTER_ROUTER_PACKAGE): no/such/router.zip (and its .json) not found: build it with `make lambda`")]
    [InlineData("EDGE_ROUTER_API_ORIGIN_REQUEST_POLICY", "all-viewer", "apiOriginRequestPolicy (EDGE_ROUTER_API_ORIGIN_REQUEST_POLICY): \"all-viewer\" is not one of")]
    public void A_bad_setting_fails_with_a_message_that_names_it(string variable, string value, string message)
    {
        var error = Assert.Throws<SettingsException>(() => RemoteStateTests.Loader(env: new() { [variable] = value }).Load());
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void An_existing_api_needs_no_router_package()
    {
        var settings = RemoteStateTests.Loader(env: new()
        {
            ["EDGE_ROUTER_EXISTING_API_DOMAIN_NAME"] = "api.example.com",
            ["EDGE_ROUTER_ROUTER_PACKAGE"] = "no/such/router.zip",
        }).Load();
        Assert.Equal(("api.example.com", false), (settings.ExistingApiDomainName, settings.DeploysRouter));
    }

    [Fact]
    public void A_router_package_that_does_not_match_its_metadata_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("edge-router-package-").FullName;
        try
        {
            var zip = Path.Combine(dir, "webfinger-router.zip");
            File.Copy(TestRouterPackage.ZipPath, zip);
            File.WriteAllText(Path.Combine(dir, "webfinger-router.json"),
                """{"runtime":"provided.al2023","architecture":"x86_64","handler":"bootstrap","sha256":"00"}""");
            var error = Assert.Throws<SettingsException>(() =>
                RemoteStateTests.Loader(env: new() { ["EDGE_ROUTER_ROUTER_PACKAGE"] = zip }).Load());
            Assert.Equal($"routerPackage (EDGE_ROUTER_ROUTER_PACKAGE): {zip} does not match its metadata (sha256 differs): run `make lambda` again",
                error.Message);

            File.WriteAllText(Path.Combine(dir, "webfinger-router.json"), """{"runtime":"provided.al2023","architecture":"s390x","handler":"bootstrap","sha256":"00"}""");
            error = Assert.Throws<SettingsException>(() =>
                RemoteStateTests.Loader(env: new() { ["EDGE_ROUTER_ROUTER_PACKAGE"] = zip }).Load());
            Assert.EndsWith("architecture \"s390x\" is not x86_64 or arm64", error.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Too_many_path_patterns_fail()
    {
        var patterns = string.Join(',', Enumerable.Range(0, 26).Select(i => $"/p{i}"));
        var error = Assert.Throws<SettingsException>(() =>
            RemoteStateTests.Loader(env: new() { ["EDGE_ROUTER_ROUTER_PATH_PATTERNS"] = patterns }).Load());
        Assert.Equal("routerPathPatterns (EDGE_ROUTER_ROUTER_PATH_PATTERNS): give 1 to 25 path patterns, got 26", error.Message);
    }

    [Fact]
    public void A_context_value_of_the_wrong_type_fails()
    {
        var error = Assert.Throws<SettingsException>(() => RemoteStateTests.Loader(context: new() { ["stateKey"] = 42 }).Load());
        Assert.StartsWith("stateKey (EDGE_ROUTER_STATE_KEY): expected a string in cdktf.json context", error.Message);
    }
}
