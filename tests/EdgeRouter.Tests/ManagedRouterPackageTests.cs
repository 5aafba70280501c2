using EdgeRouter.Configuration;
using EdgeRouter.Guardrails;
using EdgeRouter.Router;

namespace EdgeRouter.Tests;

/// <summary>The fallback where no Native AOT build is possible (macOS, Windows, no C toolchain, or
/// LAMBDA_PACKAGE=dotnet10): the managed dotnet10 package, its runtime, handler and architecture from its metadata.</summary>
public sealed class ManagedRouterPackageFixture
{
    public SynthesizedStack Stack { get; } = Synth.Edge(Synth.Defaults with { RouterPackage = TestRouterPackage.Managed.ZipPath });
}

public sealed class ManagedRouterPackageTests(ManagedRouterPackageFixture fixture, DefaultEdgeFixture aot)
    : IClassFixture<ManagedRouterPackageFixture>, IClassFixture<DefaultEdgeFixture>
{
    private static readonly Dictionary<string, string> NoWaivers = [];

    [Fact]
    public void Function_runs_the_managed_package_on_dotnet10_with_its_handler_and_architecture()
    {
        var f = fixture.Stack.Single("aws_lambda_function");
        Assert.Equal(
            ("dotnet10", "bootstrap::EdgeRouter.Bootstrap.ManagedHandler::Handle", "x86_64", TestRouterPackage.Managed.SourceCodeHash),
            (f["runtime"]!.ToString(), f["handler"]!.ToString(), f["architectures"]!.AsArray().Single()!.ToString(),
                f["source_code_hash"]!.ToString()));
        Assert.Matches("^assets/router_package_[0-9A-F]{8}/[0-9A-F]{32}/webfinger-router.zip$", f["filename"]!.ToString());
    }

    [Fact]
    public void The_asset_is_the_managed_zip_itself()
    {
        var asset = fixture.Stack.Document["resource"]!["aws_lambda_function"]!.AsObject().Single().Value!["filename"]!.ToString();
        Assert.NotEqual(aot.Stack.Single("aws_lambda_function")["filename"]!.ToString(), asset);
    }

    [Fact]
    public void Stack_requires_the_first_aws_provider_that_accepts_dotnet10_and_the_aot_stack_keeps_the_bindings_pin()
    {
        // Raised to 6.27.0 from a lower pin (CDKTF's 6.25.0), never lowered (CDK Terrain's 6.66.0).
        var required = Version.Parse(EngineFacts.AwsProviderVersion) < new Version(6, 27, 0) ? "6.27.0" : EngineFacts.AwsProviderVersion;
        Assert.Equal(required, fixture.Stack.Document["terraform"]!["required_providers"]!["aws"]!["version"]!.ToString());
        Assert.Equal(EngineFacts.AwsProviderSource, fixture.Stack.Document["terraform"]!["required_providers"]!["aws"]!["source"]!.ToString());
        Assert.Equal(EngineFacts.AwsProviderVersion, aot.Stack.Document["terraform"]!["required_providers"]!["aws"]!["version"]!.ToString());
    }

    [Fact]
    public void Guardrails_accept_the_managed_stack() => Assert.Empty(GuardrailSet.Check(fixture.Stack, NoWaivers));

    [Theory]
    [InlineData("dotnet8", "bootstrap::EdgeRouter.Bootstrap.ManagedHandler::Handle", "runtime \"dotnet8\" is not provided.al2023 or dotnet10")]
    [InlineData("dotnet10", "bootstrap", "handler \"bootstrap\" is not Assembly::Namespace.Type::Method (the dotnet10 runtime's form)")]
    [InlineData("dotnet10", "bootstrap::EdgeRouter.Bootstrap.ManagedHandler::Handle; rm -rf /", "is not Assembly::Namespace.Type::Method")]
    [InlineData("provided.al2023", "bootstrap::EdgeRouter.Bootstrap.ManagedHandler::Handle", "handler \"bootstrap::EdgeRouter.Bootstrap.ManagedHandler::Handle\" is not bootstrap")]
    public void Metadata_whose_runtime_and_handler_do_not_fit_is_refused_naming_the_setting(string runtime, string handler, string message)
    {
        var (zip, _) = TestRouterPackage.Create($"bad-package-{Guid.NewGuid():N}", runtime, "x86_64", handler, "bootstrap.dll", "x");
        var e = Assert.Throws<SettingsException>(() => RouterPackage.Load(zip));
        Assert.StartsWith("routerPackage (EDGE_ROUTER_ROUTER_PACKAGE): ", e.Message);
        Assert.Contains(message, e.Message);
    }
}
