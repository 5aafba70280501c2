namespace EdgeRouter.ReviewTests;

/// <summary>
/// The shipped review on real plans against a real prior state (moto): each case's exact findings and exit status.
/// A rule that stops finding (disabled, or broken) fails its case here.
/// </summary>
[Collection(PriorStateCollection.Name)]
public sealed class PriorStateReviewTests(PriorStateFixture fixture)
{
    private static async Task<ProcessResult> Review(string folder, params string[] extra) =>
        await Processes.Review(folder, ["--plan", "plan.json", "--stack", "cdk.tf.json", .. extra]).ConfigureAwait(false);

    [Fact]
    public async Task No_change_plan_has_no_findings_and_exits_0()
    {
        var folder = await fixture.Planned("no-change");
        var review = await Review(folder);
        Assert.True(review.Code == 0, review.All);
        Assert.Contains("changes: 0 to create, 0 to update in place, 0 to replace, 0 to delete", review.Stdout, StringComparison.Ordinal);
        Assert.Contains("findings: none", review.Stdout, StringComparison.Ordinal);
        Assert.Empty(ReviewOutput.Findings(review.Stdout));
    }

    [Fact]
    public async Task Renaming_the_site_bucket_blocks_on_the_bucket_its_versioning_and_the_log_group()
    {
        var folder = await fixture.Planned("rename");
        var stack = await SynthesizedStacks.Read("edge-router");
        var review = await Review(folder);
        Assert.True(review.Code == 1, review.All);
        Assert.Equal(
        [
            $"RV001 BLOCKING {Address(stack, "edge-router/router/log_group")}",
            $"RV001 BLOCKING {Address(stack, "edge-router/site/bucket")}",
            $"RV001 BLOCKING {Address(stack, "edge-router/site/versioning")}",
        ], ReviewOutput.Findings(review.Stdout));
        Assert.Contains("The site bucket example-com-site is replaced (destroyed, then created) because bucket changes, which forces replacement.", review.Stdout, StringComparison.Ordinal);
        // The summary: grouped by construct, the attribute that forces it.
        Assert.Contains("edge-router/site\n", review.Stdout, StringComparison.Ordinal);
        Assert.Contains("bucket: \"example-com-site\" -> \"example-com-site-renamed\"  (forces replacement)", review.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"changes: 0 to create, \d+ to update in place, 20 to replace, 0 to delete", review.Stdout);
    }

    [Fact]
    public async Task A_saved_binary_plan_reviews_as_its_json()
    {
        var folder = await fixture.Planned("rename");
        var binary = await Processes.Review(folder, "--plan", "plan.tfplan", "--stack", "cdk.tf.json");
        var json = await Review(folder);
        Assert.Equal(1, binary.Code);
        Assert.Equal(json.Stdout.Replace("plan.json", "plan.tfplan", StringComparison.Ordinal), binary.Stdout);
    }

    [Fact]
    public async Task Allow_acknowledges_by_address_and_passes()
    {
        var folder = await fixture.Planned("rename");
        var stack = await SynthesizedStacks.Read("edge-router");
        var all = string.Join(",", new[] { "edge-router/router/log_group", "edge-router/site/bucket", "edge-router/site/versioning" }.Select(p => Address(stack, p)));
        var review = await Review(folder, "--allow", all);
        Assert.True(review.Code == 0, review.All);
        Assert.Equal(3, ReviewOutput.Findings(review.Stdout).Count(f => f.Contains(" acknowledged ", StringComparison.Ordinal)));
        Assert.Contains("review: passed with 3 acknowledged finding(s) (exit 0)", review.Stdout, StringComparison.Ordinal);

        var partly = await Review(folder, "--allow", Address(stack, "edge-router/site/bucket"));
        Assert.Equal(1, partly.Code);
    }

    [Fact]
    public async Task An_allow_that_matches_nothing_is_an_error_not_a_pass()
    {
        var folder = await fixture.Planned("rename");
        var stack = await SynthesizedStacks.Read("edge-router");
        var typo = Address(stack, "edge-router/site/bucket") + "x";
        var all = string.Join(",", new[] { "edge-router/router/log_group", "edge-router/site/bucket", "edge-router/site/versioning" }.Select(p => Address(stack, p)));
        var review = await Review(folder, "--allow", $"{all},{typo}");
        Assert.Equal(2, review.Code);
        Assert.Contains($"review: ALLOW names {typo}, which no finding in this plan has", review.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switching_the_router_behaviours_to_AllViewer_and_changing_the_aliases_block()
    {
        var folder = await fixture.Planned("distribution");
        var review = await Review(folder);
        Assert.True(review.Code == 1, review.All);
        Assert.Equal(
        [
            "RV003 BLOCKING aws_cloudfront_distribution.distribution",
            "RV004 BLOCKING aws_cloudfront_distribution.distribution",
        ], ReviewOutput.Findings(review.Stdout));
        Assert.Contains("The 7 behaviours /.well-known/webfinger, /.well-known/host-meta, /.well-known/nodeinfo, /.well-known/atproto-did, " +
            "/.well-known/matrix/server, /.well-known/matrix/client, /.well-known/nostr.json (to the API origin api) use the managed origin " +
            "request policy AllViewer (216adef6-5c7f-47e4-b989-5492eafa07d3), which forwards the viewer's Host.", review.Stdout, StringComparison.Ordinal);
        Assert.Contains("ordered_cache_behavior[0].origin_request_policy_id: \"b689b0a8-53d0-40ab-baf2-68738e2966ac\" -> \"216adef6-5c7f-47e4-b989-5492eafa07d3\"", review.Stdout, StringComparison.Ordinal);
        Assert.Contains("The distribution's aliases change: removed www.example.com; added new.example.com.", review.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replacing_the_origin_secret_blocks_and_never_prints_it()
    {
        var folder = await fixture.Planned("secret");
        var stack = await SynthesizedStacks.Read("edge-router");
        var review = await Review(folder);
        Assert.True(review.Code == 1, review.All);
        Assert.Equal([$"RV007 BLOCKING {Address(stack, "edge-router/origin_verify/value")}"], ReviewOutput.Findings(review.Stdout));
        Assert.Contains("The plan changes the distribution's header and the router's secret together", review.Stdout, StringComparison.Ordinal);

        // The secret is in the prior state and in the plan JSON; neither format may print it.
        var state = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "terraform.tfstate")))!;
        var secret = state["resources"]!.AsArray().First(r => (string?)r!["type"] == "terraform_data")!["instances"]![0]!["attributes"]!["output"]!["value"]!.GetValue<string>();
        Assert.Equal(64, secret.Length);
        Assert.Contains(secret, await File.ReadAllTextAsync(Path.Combine(folder, "plan.json")), StringComparison.Ordinal);
        var markdown = await Review(folder, "--format", "markdown");
        Assert.DoesNotContain(secret, review.All, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, markdown.All, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[..16], review.All + markdown.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hand_edits_that_loosen_the_bucket_weaken_TLS_and_overfill_the_environment_block()
    {
        var folder = await fixture.Planned("hand-edited");
        var stack = await SynthesizedStacks.Read("edge-router");
        var review = await Review(folder);
        Assert.True(review.Code == 1, review.All);
        Assert.Equal(
        [
            $"RV005 BLOCKING {Address(stack, "edge-router/site/policy")}",
            $"RV006 BLOCKING {Address(stack, "edge-router/site/public_access_block")}",
            $"RV008 BLOCKING {Address(stack, "edge-router/router/function")}",
            "RV009 BLOCKING aws_cloudfront_distribution.distribution",
        ], ReviewOutput.Findings(review.Stdout));
        Assert.Matches(@"allows statement AllowCloudFrontReadThroughOAC \(in data\.aws_iam_policy_document\.site_policy_document_\w+\) without an AWS:SourceArn condition\.", review.Stdout);
        Assert.Contains("is planned with block_public_policy not true.", review.Stdout, StringComparison.Ordinal);
        // {"ORIGIN_VERIFY_SECRET":"<64>","WEBFINGER_CONFIG":"<the JSON, its quotes escaped>"}: Python's
        // len(json.dumps(variables, separators=(',',':'), ensure_ascii=False).encode()) on the plan's values says 4258.
        Assert.Contains("The function's environment is 4258 bytes as Lambda counts them, over the 4096-byte limit.", review.Stdout, StringComparison.Ordinal);
        Assert.Contains("The distribution's viewer TLS policy is planned as TLSv1.2_2019, below the minimum TLSv1.2_2021.", review.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_has_the_findings_and_folds_the_changes_under_the_comment_limit()
    {
        var folder = await fixture.Planned("rename");
        var markdown = await Review(folder, "--format", "markdown");
        Assert.Equal(1, markdown.Code);
        Assert.StartsWith("### Plan review of `edge-router`: BLOCKED\n", markdown.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\| 0 \| \d+ \| 20 \| 0 \| \d+ \|", markdown.Stdout);
        Assert.Equal(3, markdown.Stdout.Split("- **RV001** BLOCKING").Length - 1);
        Assert.Matches(@"<details><summary>Changes by construct \(\d+ resources\)</summary>", markdown.Stdout);
        Assert.Contains("`bucket: \"example-com-site\" -> \"example-com-site-renamed\"  (forces replacement)`", markdown.Stdout, StringComparison.Ordinal);
        Assert.True(markdown.Stdout.Length < 65_536);
    }

    /// <summary>The address of the resource the construct at <paramref name="path"/> made.</summary>
    public static string Address(JsonObject stack, string path)
    {
        var (type, name) = MotoOverride.Find(stack, path);
        return $"{type}.{name}";
    }
}
