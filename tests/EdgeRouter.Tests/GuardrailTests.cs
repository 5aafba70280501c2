using EdgeRouter.Guardrails;
using EdgeRouter.Guardrails.Rules;

namespace EdgeRouter.Tests;

/// <summary>Each rule must fail on a deliberately broken copy of the real synthesized stack.</summary>
public sealed class GuardrailTests(DefaultEdgeFixture fixture) : IClassFixture<DefaultEdgeFixture>
{
    private const string ApiBehaviour = "aws_cloudfront_distribution.distribution.ordered_cache_behavior[0]";

    private (SynthesizedStack Stack, JsonObject Distribution) Broken()
    {
        var copy = new SynthesizedStack((JsonObject)fixture.Stack.Document.DeepClone());
        return (copy, copy.Single("aws_cloudfront_distribution"));
    }

    private static JsonObject ApiBehaviourOf(JsonObject distribution) => distribution["ordered_cache_behavior"]![0]!.AsObject();

    [Theory]
    [InlineData("Host")]
    [InlineData("host")]
    [InlineData("*")]
    public void ER001_fails_when_forwarded_values_forward_host_to_the_api(string header)
    {
        var (stack, distribution) = Broken();
        ApiBehaviourOf(distribution)["forwarded_values"] = JsonNode.Parse(
            "{\"query_string\":true,\"headers\":[\"" + header + "\"],\"cookies\":{\"forward\":\"all\"}}");
        var violation = Assert.Single(new ApiOriginNeverGetsViewerHost().Check(stack));
        Assert.Equal(("ER001", ApiBehaviour, "forwarded_values.headers forwards Host"),
            (violation.RuleId, violation.Where, violation.Problem));
    }

    [Fact]
    public void ER001_fails_on_a_managed_policy_it_cannot_prove_drops_host()
    {
        var (stack, distribution) = Broken();
        ApiBehaviourOf(distribution)["origin_request_policy_id"] = "216adef6-5c7f-47e4-b989-5492eafa07d3"; // AllViewer
        var violation = Assert.Single(new ApiOriginNeverGetsViewerHost().Check(stack));
        Assert.Equal("origin_request_policy_id \"216adef6-5c7f-47e4-b989-5492eafa07d3\" is not a policy known to drop Host",
            violation.Problem);
    }

    [Theory]
    [InlineData("""{"header_behavior":"allViewer"}""")]
    [InlineData("""{"header_behavior":"allExcept","headers":{"items":["Accept"]}}""")]
    [InlineData("""{"header_behavior":"whitelist","headers":{"items":["Accept","HOST"]}}""")]
    public void ER001_fails_on_a_stack_owned_origin_request_policy_that_forwards_host(string headersConfig)
    {
        var (stack, distribution) = Broken();
        stack.Document["resource"]!.AsObject()["aws_cloudfront_origin_request_policy"] = JsonNode.Parse(
            "{\"leaky\":{\"name\":\"leaky\",\"headers_config\":" + headersConfig + "}}");
        ApiBehaviourOf(distribution)["origin_request_policy_id"] = "${aws_cloudfront_origin_request_policy.leaky.id}";
        var violation = Assert.Single(new ApiOriginNeverGetsViewerHost().Check(stack));
        Assert.Equal("origin_request_policy_id points at aws_cloudfront_origin_request_policy.leaky, which forwards Host",
            violation.Problem);
    }

    [Fact]
    public void ER001_fails_on_a_cache_policy_with_host_in_its_key()
    {
        var (stack, distribution) = Broken();
        stack.Document["resource"]!.AsObject()["aws_cloudfront_cache_policy"] = JsonNode.Parse("""
            {"by_host":{"name":"by-host","parameters_in_cache_key_and_forwarded_to_origin":{
              "headers_config":{"header_behavior":"whitelist","headers":{"items":["Host"]}}}}}
            """);
        ApiBehaviourOf(distribution)["cache_policy_id"] = "${aws_cloudfront_cache_policy.by_host.id}";
        var violation = Assert.Single(new ApiOriginNeverGetsViewerHost().Check(stack));
        Assert.Equal("cache_policy_id points at aws_cloudfront_cache_policy.by_host, which forwards Host", violation.Problem);
    }

    [Fact]
    public void ER001_ignores_host_sent_to_the_s3_origin()
    {
        var (stack, distribution) = Broken();
        distribution["default_cache_behavior"]!["origin_request_policy_id"] = "216adef6-5c7f-47e4-b989-5492eafa07d3";
        Assert.Empty(new ApiOriginNeverGetsViewerHost().Check(stack));
    }

    [Fact]
    public void ER002_fails_when_a_behaviour_has_forwarded_values_and_a_cache_policy()
    {
        var (stack, distribution) = Broken();
        distribution["default_cache_behavior"]!["forwarded_values"] = JsonNode.Parse(
            """{"query_string":false,"cookies":{"forward":"none"}}""");
        var violation = Assert.Single(new NoForwardedValuesBesideCachePolicy().Check(stack));
        Assert.Equal(("ER002", "aws_cloudfront_distribution.distribution.default_cache_behavior"),
            (violation.RuleId, violation.Where));
    }
}
