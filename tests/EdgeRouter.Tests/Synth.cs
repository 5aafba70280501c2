using EdgeRouter.Configuration;
using EdgeRouter.Guardrails;

namespace EdgeRouter.Tests;

/// <summary>Synthesizes the edge stack in memory, as `cdktf synth` would write it to cdk.tf.json.</summary>
public static class Synth
{
    /// <summary>Settings as a user gets them by default, with the test's router package.</summary>
    public static EdgeSettings Defaults => new() { RouterPackage = TestRouterPackage.ZipPath };

    public static SynthesizedStack Edge(EdgeSettings? settings = null)
    {
        var app = Testing.App();
        var stack = new EdgeStack(app, EdgeSettings.StackName, settings ?? Defaults);
        return SynthesizedStack.Parse(Testing.Synth(stack));
    }
}

/// <summary>The default stack (the router deployed), synthesized once for every test of a class that uses it.</summary>
public sealed class DefaultEdgeFixture
{
    public SynthesizedStack Stack { get; } = Synth.Edge();
}

/// <summary>The stack in front of an API the user already runs.</summary>
public sealed class ExistingApiEdgeFixture
{
    public const string Domain = "api.example.com";

    public SynthesizedStack Stack { get; } = Synth.Edge(Synth.Defaults with { ExistingApiDomainName = Domain });
}
