using EdgeRouter.Configuration;
using EdgeRouter.Guardrails;
using HashiCorp.Cdktf;

namespace EdgeRouter.Tests;

/// <summary>Synthesizes the edge stack in memory, as `cdktf synth` would write it to cdk.tf.json.</summary>
public static class Synth
{
    public static SynthesizedStack Edge(EdgeSettings? settings = null)
    {
        var app = Testing.App();
        var stack = new EdgeStack(app, EdgeSettings.StackName, settings ?? new EdgeSettings());
        return SynthesizedStack.Parse(Testing.Synth(stack));
    }
}

/// <summary>The default stack, synthesized once for every test of a class that uses it.</summary>
public sealed class DefaultEdgeFixture
{
    public SynthesizedStack Stack { get; } = Synth.Edge();
}
