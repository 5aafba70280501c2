using EdgeRouter.Configuration;
using EdgeRouter.Guardrails;
using EdgeRouter.Guardrails.Rules;

namespace EdgeRouter.Tests;

/// <summary>With an API the user already runs, the default still sends only the router's seven paths to it.</summary>
public sealed class ExistingApiPathsTests(ExistingApiEdgeFixture fixture) : IClassFixture<ExistingApiEdgeFixture>
{
    [Fact]
    public void The_existing_api_gets_exactly_the_routers_paths_without_the_viewers_host()
    {
        var behaviours = SynthesizedStack.Blocks(fixture.Stack.Single("aws_cloudfront_distribution")["ordered_cache_behavior"]);
        Assert.Equal(EdgeSettings.RouterPaths, behaviours.Select(b => b["path_pattern"]!.ToString()));
        Assert.All(behaviours, b => Assert.Equal("api", b["target_origin_id"]!.ToString()));
        Assert.Equal(7, Behaviour.All(fixture.Stack).Count(b => b.TargetsCustomOrigin));
        Assert.Empty(new ApiOriginNeverGetsViewerHost().Check(fixture.Stack));
    }
}
