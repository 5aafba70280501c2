namespace EdgeRouter.ReviewTests;

/// <summary>
/// Findings no real plan of this stack on moto can produce, built from a real plan of the suite by editing its JSON
/// (and said so here): the distribution replaced (no attribute of aws_cloudfront_distribution forces a replacement
/// on this provider), a lifecycle configuration replaced (moto's copies leave lifecycles out: 55 s each), an
/// environment within 10 % of Lambda's limit (a notice), and values of a type terraform never writes.
/// </summary>
[Collection(PriorStateCollection.Name)]
public sealed class CraftedPlanTests(PriorStateFixture fixture)
{
    private static async Task<ProcessResult> ReviewEdited(string folder, string name, Action<JsonObject> edit, params string[] extra)
    {
        var plan = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "plan.json")))!.AsObject();
        edit(plan);
        await File.WriteAllTextAsync(Path.Combine(folder, name), plan.ToJsonString());
        return await Processes.Review(folder, ["--plan", name, "--stack", "cdk.tf.json", .. extra]);
    }

    private static JsonObject Change(JsonObject plan, string type) =>
        plan["resource_changes"]!.AsArray().OfType<JsonObject>().First(c => (string?)c["type"] == type && (string?)c["mode"] == "managed");

    [Fact]
    public async Task A_replaced_distribution_is_a_blocking_finding()
    {
        var review = await ReviewEdited(await fixture.Planned("distribution"), "replaced-distribution.json", plan =>
        {
            var change = Change(plan, "aws_cloudfront_distribution");
            change["change"]!["actions"] = new JsonArray("create", "delete");
            change["change"]!["replace_paths"] = new JsonArray(new JsonArray("origin"));
        });
        Assert.True(review.Code == 1, review.All);
        Assert.Equal(
        [
            "RV002 BLOCKING aws_cloudfront_distribution.distribution",
            "RV003 BLOCKING aws_cloudfront_distribution.distribution",
            "RV004 BLOCKING aws_cloudfront_distribution.distribution",
        ], ReviewOutput.Findings(review.Stdout));
        Assert.Contains("is replaced (a new one is created, then the old one destroyed) because origin changes, which forces replacement.", review.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replaced_lifecycle_configuration_is_a_blocking_finding()
    {
        var stack = await SynthesizedStacks.Read("edge-router");
        var (type, name) = MotoOverride.Find(stack, "edge-router/site/lifecycle");
        var review = await ReviewEdited(await fixture.Planned("rename"), "lifecycle.json", plan =>
        {
            var lifecycle = Change(plan, "aws_s3_bucket_versioning").DeepClone().AsObject();
            lifecycle["address"] = $"{type}.{name}";
            lifecycle["type"] = type;
            lifecycle["name"] = name;
            plan["resource_changes"]!.AsArray().Add(lifecycle);
            // Planned as Terraform would list it (the review refuses a change planned_values does not hold).
            plan["planned_values"]!["root_module"]!["resources"]!.AsArray().Add(new JsonObject { ["address"] = $"{type}.{name}", ["mode"] = "managed", ["type"] = type, ["name"] = name });
        });
        Assert.Contains($"RV001 BLOCKING {type}.{name}", ReviewOutput.Findings(review.Stdout));
        Assert.Contains("The lifecycle configuration of the site bucket example-com-site is replaced", review.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_environment_near_the_limit_is_a_notice_that_does_not_block()
    {
        var stack = await SynthesizedStacks.Read("edge-router");
        var function = PriorStateReviewTests.Address(stack, "edge-router/router/function");
        var review = await ReviewEdited(await fixture.Planned("hand-edited"), "near-limit.json", plan =>
        {
            var variables = Change(plan, "aws_lambda_function")["change"]!["after"]!["environment"]![0]!["variables"]!;
            variables["WEBFINGER_CONFIG"] = new string('x', 3700);
        }, "--allow", "aws_s3_bucket_policy,aws_s3_bucket_public_access_block,aws_cloudfront_distribution.distribution"
            .Replace("aws_s3_bucket_policy", PriorStateReviewTests.Address(stack, "edge-router/site/policy"), StringComparison.Ordinal)
            .Replace("aws_s3_bucket_public_access_block", PriorStateReviewTests.Address(stack, "edge-router/site/public_access_block"), StringComparison.Ordinal));
        Assert.True(review.Code == 0, review.All);
        Assert.Contains($"RV008 notice {function}", ReviewOutput.Findings(review.Stdout));
        // {"ORIGIN_VERIFY_SECRET":"<64>","WEBFINGER_CONFIG":"<3700>"}: 2 + 89 + 1 + 18 + 1 + 3702.
        Assert.Contains("The function's environment is 3813 of Lambda's 4096 bytes.", review.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_a_type_terraform_never_writes_is_refused_not_passed()
    {
        var review = await ReviewEdited(await fixture.Planned("distribution"), "wrong-type.json", plan =>
            Change(plan, "aws_cloudfront_distribution")["change"]!["after"]!["ordered_cache_behavior"] = "none");
        Assert.Equal(2, review.Code);
        Assert.Equal("", review.Stdout);
        Assert.Contains("review: the plan or the stack has a value of a type terraform and cdktf do not write there", review.Stderr, StringComparison.Ordinal);
    }
}
