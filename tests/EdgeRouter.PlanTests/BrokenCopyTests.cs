namespace EdgeRouter.PlanTests;

/// <summary>
/// The assertions can fail: a copy of the default stack, broken after the synth (the guardrails would refuse it
/// before), plans cleanly and is caught by the plan-level checks. The break edits the copied JSON, never the app.
/// </summary>
[Collection(PlanCollection.Name)]
public sealed class BrokenCopyTests(PlanFixture fixture)
{
    /// <summary>AWS managed origin request policy AllViewer: forwards every viewer header, Host included.</summary>
    public const string AllViewer = "216adef6-5c7f-47e4-b989-5492eafa07d3";

    /// <summary>
    /// The router behaviour forwards Host (AllViewer), the site origin loses its Origin Access Control, and the
    /// bucket policy's CloudFront statement loses its AWS:SourceArn condition.
    /// </summary>
    public static PlanCase Broken { get; } = new(PlanMatrix.Default, Stacks.Edge, StackFormat.Json, VariableSet.Example, Break, "broken");

    /// <summary>
    /// The function-url shape broken three ways: the function URL public (auth type NONE), the router origin without
    /// its origin access control, and the InvokeFunctionUrl permission without its source_arn.
    /// </summary>
    public static PlanCase BrokenFunctionUrl { get; } =
        new(PlanMatrix.FunctionUrl, Stacks.Edge, StackFormat.Json, VariableSet.Example, BreakFunctionUrl, "broken");

    public static IEnumerable<PlanCase> Cases => [Broken, BrokenFunctionUrl];

    [Fact]
    public async Task A_public_unsigned_function_url_with_an_unscoped_permission_fails_the_function_url_check_and_only_it()
    {
        var plan = await fixture.Runner.Plan(BrokenFunctionUrl);
        var faults = PlanExpectations.RouterOnlyThroughTheSignedFunctionUrl(plan).ToList();

        Assert.Equal(3, faults.Count);
        Assert.Equal("aws_lambda_function_url.router_url_964BC8E6: authorization_type NONE, expected AWS_IAM", faults[0]);
        Assert.StartsWith("the router origin's origin access control is (none) ", faults[1], StringComparison.Ordinal);
        Assert.StartsWith("no lambda:InvokeFunctionUrl permission for cloudfront.amazonaws.com with source_arn aws_cloudfront_distribution.distribution.arn and function_url_auth_type AWS_IAM: ",
            faults[2], StringComparison.Ordinal);
        Assert.Equal(faults.Order(StringComparer.Ordinal), PlanExpectations.Check(plan).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_router_behaviour_that_forwards_Host_fails_the_Host_check()
    {
        var faults = PlanExpectations.HostNeverForwardedToTheApi(await fixture.Runner.Plan(Broken)).ToList();

        // One fault per router behaviour: every one of them was broken.
        Assert.Equal(PlanMatrix.DefaultPatterns.Length, faults.Count);
        Assert.All(faults, fault =>
            Assert.Contains($"origin_request_policy_id {AllViewer} is neither AllViewerExceptHostHeader", fault, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_site_origin_without_OAC_fails_the_OAC_check()
    {
        var faults = PlanExpectations.SiteOriginUsesOac(await fixture.Runner.Plan(Broken)).ToList();

        Assert.Equal(["origin site: no origin_access_control_id referring to an aws_cloudfront_origin_access_control of this stack"], faults);
    }

    [Fact]
    public async Task A_bucket_policy_without_the_SourceArn_condition_fails_the_policy_check()
    {
        var faults = PlanExpectations.SiteBucketReadableOnlyByTheDistribution(await fixture.Runner.Plan(Broken)).ToList();

        var fault = Assert.Single(faults);
        Assert.Contains("CloudFront may read without the condition StringEquals AWS:SourceArn = aws_cloudfront_distribution.distribution.arn", fault, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_broken_copy_still_plans_and_only_those_checks_fail()
    {
        var plan = await fixture.Runner.Plan(Broken);
        var faults = PlanExpectations.Check(plan);

        // Exactly the faults of the three broken facts, nothing else.
        string[] expected =
        [
            .. PlanExpectations.HostNeverForwardedToTheApi(plan), .. PlanExpectations.SiteOriginUsesOac(plan),
            .. PlanExpectations.SiteBucketReadableOnlyByTheDistribution(plan),
        ];
        Assert.Equal(PlanMatrix.DefaultPatterns.Length + 2, expected.Length);
        Assert.Equal(expected.Order(StringComparer.Ordinal), faults.Order(StringComparer.Ordinal));
    }

    private static void Break(JsonObject stack)
    {
        var distribution = (JsonObject)stack["resource"]!["aws_cloudfront_distribution"]!.AsObject().Single().Value!;
        foreach (var behaviour in Blocks(distribution["ordered_cache_behavior"]))
        {
            behaviour["origin_request_policy_id"] = AllViewer;
        }

        var siteId = (string?)Blocks(distribution["default_cache_behavior"])[0]["target_origin_id"];
        Blocks(distribution["origin"]).Single(o => (string?)o["origin_id"] == siteId).Remove("origin_access_control_id");

        foreach (var (_, document) in stack["data"]!["aws_iam_policy_document"]!.AsObject())
        {
            foreach (var statement in Blocks(document!["statement"]))
            {
                if ((string?)statement["sid"] == "AllowCloudFrontReadThroughOAC")
                {
                    statement.Remove("condition");
                }
            }
        }
    }

    private static void BreakFunctionUrl(JsonObject stack)
    {
        var resources = stack["resource"]!.AsObject();
        ((JsonObject)resources["aws_lambda_function_url"]!.AsObject().Single().Value!)["authorization_type"] = "NONE";
        var distribution = (JsonObject)resources["aws_cloudfront_distribution"]!.AsObject().Single().Value!;
        Blocks(distribution["origin"]).Single(o => (string?)o["origin_id"] == "api").Remove("origin_access_control_id");
        foreach (var (_, permission) in resources["aws_lambda_permission"]!.AsObject())
        {
            if ((string?)permission!["action"] == "lambda:InvokeFunctionUrl")
            {
                permission.AsObject().Remove("source_arn");
            }
        }
    }

    private static List<JsonObject> Blocks(JsonNode? node) => node switch
    {
        JsonArray array => [.. array.OfType<JsonObject>()],
        JsonObject single => [single],
        _ => [],
    };
}
