namespace EdgeRouter.ReviewTests;

/// <summary>
/// The hostile round on the review (issue 22): plans and ALLOW values built to get something dangerous through.
/// Each starts from a real plan of the suite and edits its JSON the way a stack change (or a hand edit) would write
/// it; every one of these passed (exit 0) or was read as a plan before the fix it names.
/// </summary>
[Collection(PriorStateCollection.Name)]
public sealed class HostileRoundTests(PriorStateFixture fixture)
{
    private const string Distribution = "aws_cloudfront_distribution.distribution";

    private static async Task<ProcessResult> ReviewEdited(string folder, string name, Action<JsonObject> edit, params string[] extra)
    {
        var plan = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "plan.json")))!.AsObject();
        edit(plan);
        await File.WriteAllTextAsync(Path.Combine(folder, name), plan.ToJsonString());
        return await Processes.Review(folder, ["--plan", name, "--stack", "cdk.tf.json", .. extra]);
    }

    private static JsonObject Change(JsonObject plan, string type) =>
        plan["resource_changes"]!.AsArray().OfType<JsonObject>().First(c => (string?)c["type"] == type && (string?)c["mode"] == "managed");

    private static void Update(JsonObject change) => change["change"]!["actions"] = new JsonArray("update");

    private static async Task<string> SitePolicy() => PriorStateReviewTests.Address(await SynthesizedStacks.Read("edge-router"), "edge-router/site/policy");

    // The no-change plan with the site bucket's policy updated to `statement` (the policy JSON as S3 keeps it).
    private async Task<ProcessResult> ReviewPolicy(string name, JsonObject statement)
    {
        return await ReviewEdited(await fixture.Planned("no-change"), name, plan =>
        {
            var change = Change(plan, "aws_s3_bucket_policy");
            Update(change);
            var policy = JsonNode.Parse((string)change["change"]!["after"]!["policy"]!)!.AsObject();
            policy["Statement"]!.AsArray().Add(statement);
            change["change"]!["after"]!["policy"] = policy.ToJsonString();
        });
    }

    private static JsonObject CloudFrontRead(JsonNode? condition) => new()
    {
        ["Sid"] = "Opened",
        ["Effect"] = "Allow",
        ["Principal"] = new JsonObject { ["Service"] = "cloudfront.amazonaws.com" },
        ["Action"] = "s3:GetObject",
        ["Resource"] = "arn:aws:s3:::example-com-site/*",
        ["Condition"] = condition,
    };

    [Fact]
    public async Task An_address_alone_does_not_acknowledge_findings_of_two_rules()
    {
        // The README's own example: the aliases change (RV003) and the router behaviours switch to AllViewer (RV004)
        // on one distribution. The verdict used to suggest ALLOW=<the distribution>, which passed the Host header too.
        var folder = await fixture.Planned("distribution");
        var bare = await Processes.Review(folder, "--plan", "plan.json", "--stack", "cdk.tf.json", "--allow", Distribution);
        Assert.True(bare.Code == 2, bare.All);
        Assert.Contains($"review: ALLOW {Distribution} has findings of RV003 and RV004: an address alone would acknowledge all of them; " +
            $"name each one you intend, e.g. ALLOW=RV003:{Distribution},RV004:{Distribution}: fix ALLOW (exit 2)", bare.Stderr, StringComparison.Ordinal);
        Assert.Equal([$"RV003 BLOCKING {Distribution}", $"RV004 BLOCKING {Distribution}"], ReviewOutput.Findings(bare.Stdout));

        var blocked = await Processes.Review(folder, "--plan", "plan.json", "--stack", "cdk.tf.json");
        Assert.Contains($"acknowledge it by rule and address: ALLOW=RV003:{Distribution},RV004:{Distribution}", blocked.Stdout, StringComparison.Ordinal);

        var aliasesOnly = await Processes.Review(folder, "--plan", "plan.json", "--stack", "cdk.tf.json", "--allow", $"RV003:{Distribution}");
        Assert.True(aliasesOnly.Code == 1, aliasesOnly.All);
        Assert.Equal([$"RV003 acknowledged {Distribution}", $"RV004 BLOCKING {Distribution}"], ReviewOutput.Findings(aliasesOnly.Stdout));

        var both = await Processes.Review(folder, "--plan", "plan.json", "--stack", "cdk.tf.json", "--allow", $"RV004:{Distribution}, RV003:{Distribution}");
        Assert.True(both.Code == 0, both.All);

        // A rule that has no finding there, a lower-case rule, a glob: none allows anything.
        foreach (var wrong in new[] { $"RV002:{Distribution}", $"rv003:{Distribution}", "aws_cloudfront_distribution.*", "*", $"RV003:{Distribution}*" })
        {
            var review = await Processes.Review(folder, "--plan", "plan.json", "--stack", "cdk.tf.json", "--allow", $"RV003:{Distribution},RV004:{Distribution},{wrong}");
            Assert.True(review.Code == 2, wrong + "\n" + review.All);
            Assert.Contains($"review: ALLOW names {wrong}, which no finding in this plan has", review.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_cache_policy_with_Host_in_its_key_forwards_Host_to_the_API()
    {
        // AWS's managed UseOriginCacheControlHeaders holds host in its key: CloudFront forwards it to the origin
        // whatever the origin request policy (still AllViewerExceptHostHeader here) says.
        var managed = await ReviewEdited(await fixture.Planned("no-change"), "cache-host.json", plan =>
        {
            var change = Change(plan, "aws_cloudfront_distribution");
            Update(change);
            foreach (var behaviour in change["change"]!["after"]!["ordered_cache_behavior"]!.AsArray())
            {
                behaviour!["cache_policy_id"] = "83da9c7e-98b4-4e11-a168-04f0df8e2c65";
            }
        });
        Assert.True(managed.Code == 1, managed.All);
        Assert.Equal([$"RV004 BLOCKING {Distribution}"], ReviewOutput.Findings(managed.Stdout));
        Assert.Contains("(to the API origin api) use the cache policy 83da9c7e-98b4-4e11-a168-04f0df8e2c65, which is neither CachingDisabled, CachingOptimized nor a policy in this plan.", managed.Stdout, StringComparison.Ordinal);

        // The stack's own cache policy, edited to key on Host.
        var stack = await SynthesizedStacks.Read("edge-router");
        var policyAddress = PriorStateReviewTests.Address(stack, "edge-router/webfinger_cache/policy");
        var owned = await ReviewEdited(await fixture.Planned("no-change"), "cache-host-owned.json", plan =>
        {
            var change = Change(plan, "aws_cloudfront_distribution");
            Update(change);
            change["change"]!["after"]!["ordered_cache_behavior"]![0]!["cache_policy_id"] = "keys-on-host";
            var headers = new JsonObject { ["header_behavior"] = "whitelist", ["headers"] = new JsonArray(new JsonObject { ["items"] = new JsonArray("host") }) };
            plan["resource_changes"]!.AsArray().Add(new JsonObject
            {
                ["address"] = policyAddress + "[0]",
                ["mode"] = "managed",
                ["type"] = policyAddress.Split('.')[0],
                ["name"] = policyAddress.Split('.')[1],
                ["index"] = 0,
                ["change"] = new JsonObject
                {
                    ["actions"] = new JsonArray("update"),
                    ["before"] = null,
                    ["after"] = new JsonObject
                    {
                        ["id"] = "keys-on-host",
                        ["parameters_in_cache_key_and_forwarded_to_origin"] = new JsonArray(new JsonObject { ["headers_config"] = new JsonArray(headers) }),
                    },
                    ["after_unknown"] = new JsonObject(),
                },
            });
            plan["planned_values"]!["root_module"]!["resources"]!.AsArray().Add(new JsonObject { ["address"] = policyAddress + "[0]", ["mode"] = "managed" });
        });
        Assert.True(owned.Code == 1, owned.All);
        Assert.Contains($"RV004 BLOCKING {Distribution}", ReviewOutput.Findings(owned.Stdout));
        Assert.Contains($"The behaviour /.well-known/webfinger (to the API origin api) uses the cache policy {policyAddress}[0], whose key's headers (whitelist host) hold the viewer's Host, which CloudFront then forwards.", owned.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wildcard", "ArnLike", "arn:aws:cloudfront::123456789012:distribution/*", "allows statement Opened with AWS:SourceArn ArnLike \"arn:aws:cloudfront::123456789012:distribution/*\", a pattern that matches other distributions.")]
    [InlineData("ifexists", "StringEqualsIfExists", "arn:aws:cloudfront::123456789012:distribution/B5K5Y0YEFGP45", "allows statement Opened with AWS:SourceArn under StringEqualsIfExists, which does not pin it to one distribution.")]
    [InlineData("not-equals", "StringNotEquals", "arn:aws:cloudfront::123456789012:distribution/B5K5Y0YEFGP45", "allows statement Opened with AWS:SourceArn under StringNotEquals, which does not pin it to one distribution.")]
    public async Task A_bucket_policy_whose_SourceArn_matches_other_distributions_blocks(string name, string op, string value, string expected)
    {
        var review = await ReviewPolicy($"policy-{name}.json", CloudFrontRead(new JsonObject { [op] = new JsonObject { ["AWS:SourceArn"] = value } }));
        Assert.True(review.Code == 1, review.All);
        Assert.Equal([$"RV005 BLOCKING {await SitePolicy()}"], ReviewOutput.Findings(review.Stdout));
        Assert.Contains("The planned policy of the bucket example-com-site " + expected, review.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bucket_policy_that_opens_the_bucket_to_another_account_or_everyone_but_one_blocks()
    {
        var account = CloudFrontRead(null);
        account["Principal"] = new JsonObject { ["AWS"] = "arn:aws:iam::999999999999:root" };
        var review = await ReviewPolicy("policy-account.json", account);
        Assert.True(review.Code == 1, review.All);
        Assert.Contains("allows statement Opened to the principal(s) AWS arn:aws:iam::999999999999:root.", review.Stdout, StringComparison.Ordinal);

        var notPrincipal = CloudFrontRead(null);
        notPrincipal.Remove("Principal");
        notPrincipal["NotPrincipal"] = new JsonObject { ["AWS"] = "arn:aws:iam::999999999999:root" };
        review = await ReviewPolicy("policy-not-principal.json", notPrincipal);
        Assert.True(review.Code == 1, review.All);
        Assert.Contains("allows statement Opened to every principal but those it names (NotPrincipal).", review.Stdout, StringComparison.Ordinal);

        // The stack's own statements (exact SourceArn, StringEquals) still pass.
        var exact = await ReviewPolicy("policy-exact.json", CloudFrontRead(new JsonObject { ["StringEquals"] = new JsonObject { ["AWS:SourceArn"] = "arn:aws:cloudfront::123456789012:distribution/B5K5Y0YEFGP45" } }));
        Assert.True(exact.Code == 0, exact.All);
    }

    [Fact]
    public async Task A_bucket_policy_known_only_after_apply_that_no_document_explains_blocks()
    {
        var review = await ReviewEdited(await fixture.Planned("no-change"), "policy-unknown.json", plan =>
        {
            var change = Change(plan, "aws_s3_bucket_policy");
            Update(change);
            change["change"]!["after"]!.AsObject().Remove("policy");
            change["change"]!["after_unknown"]!["policy"] = true;
            var address = (string)change["address"]!;
            var configuration = plan["configuration"]!["root_module"]!["resources"]!.AsArray().OfType<JsonObject>().First(r => (string?)r["address"] == address);
            configuration["expressions"]!["policy"] = new JsonObject { ["references"] = new JsonArray("aws_cloudfront_distribution.distribution.arn", "aws_cloudfront_distribution.distribution") };
        });
        Assert.True(review.Code == 1, review.All);
        Assert.Equal([$"RV005 BLOCKING {await SitePolicy()}"], ReviewOutput.Findings(review.Stdout));
        Assert.Contains("allows statements the review cannot see: the policy is known only after apply and is built from no aws_iam_policy_document in this plan.", review.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hand_edited_entry_is_refused_not_reviewed()
    {
        var folder = await fixture.Planned("rename");
        var stack = await SynthesizedStacks.Read("edge-router");
        var bucket = PriorStateReviewTests.Address(stack, "edge-router/site/bucket");

        // The bucket's replacement renamed to look like the origin secret, so that ALLOW=<secret> would pass it.
        var renamed = await ReviewEdited(folder, "edited-address.json", plan =>
            plan["resource_changes"]!.AsArray().OfType<JsonObject>().First(c => (string?)c["address"] == bucket)["address"] = "terraform_data.origin_verify_value");
        Assert.True(renamed.Code == 2, renamed.All);
        Assert.Equal("", renamed.Stdout);
        Assert.Contains($"edited-address.json: the change at terraform_data.origin_verify_value says it is of {bucket} (its type and name): the plan was edited; make plan again", renamed.Stderr, StringComparison.Ordinal);

        // The replacement listed twice: once as a no-op first.
        var twice = await ReviewEdited(folder, "edited-twice.json", plan =>
        {
            var changes = plan["resource_changes"]!.AsArray();
            var copy = changes.OfType<JsonObject>().First(c => (string?)c["address"] == bucket).DeepClone().AsObject();
            copy["change"]!["actions"] = new JsonArray("no-op");
            changes.Insert(0, copy);
        });
        Assert.True(twice.Code == 2, twice.All);
        Assert.Contains($"edited-twice.json: {bucket} has two changes: the plan was edited", twice.Stderr, StringComparison.Ordinal);

        // A create of a resource the stack does not declare.
        var foreign = await ReviewEdited(folder, "edited-foreign.json", plan =>
        {
            var copy = plan["resource_changes"]!.AsArray().OfType<JsonObject>().First(c => (string?)c["address"] == bucket).DeepClone().AsObject();
            copy["address"] = "aws_s3_bucket.elsewhere";
            copy["name"] = "elsewhere";
            copy["change"]!["actions"] = new JsonArray("create");
            plan["resource_changes"]!.AsArray().Add(copy);
        });
        Assert.True(foreign.Code == 2, foreign.All);
        Assert.Contains("edited-foreign.json: aws_s3_bucket.elsewhere is planned (Create) but the stack edge-router does not declare aws_s3_bucket.elsewhere", foreign.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_cut_out_of_resource_changes_is_refused()
    {
        // The secret's replacement (RV007, the case's only finding) taken out of resource_changes: the rest of the
        // plan reviewed clean (exit 0). planned_values and prior_state still hold it.
        var secret = await fixture.Planned("secret");
        var cut = await ReviewEdited(secret, "cut.json", plan =>
        {
            var changes = plan["resource_changes"]!.AsArray();
            changes.Remove(changes.OfType<JsonObject>().Single(c => (string?)c["type"] == "terraform_data"));
        });
        Assert.True(cut.Code == 2, cut.All);
        Assert.Equal("", cut.Stdout);
        Assert.Matches(@"^review: cut\.json: resource_changes does not match planned_values and prior_state at 1 address\(es\) \(e\.g\. terraform_data\.origin_verify_value_\w+\): the plan was edited or cut; make plan again\n$", cut.Stderr);

        // A plan Terraform marks incomplete (changes deferred to a later plan): the rest was never planned here.
        var deferred = await ReviewEdited(secret, "deferred.json", plan => plan["complete"] = false);
        Assert.True(deferred.Code == 2, deferred.All);
        Assert.Contains("review: deferred.json is an incomplete plan (complete: false): terraform deferred some changes to a later plan", deferred.Stderr, StringComparison.Ordinal);

        // No resource_changes at all, as a truncated or hand-made plan: not "no changes".
        var none = await ReviewEdited(secret, "no-changes.json", plan => plan.Remove("resource_changes"));
        Assert.True(none.Code == 2, none.All);
        Assert.Contains("review: no-changes.json: resource_changes does not match planned_values and prior_state at 27 address(es)", none.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DNS_records_deleted_with_nothing_else_changed_block()
    {
        // route53_zone_id emptied in the variables file: both alias records of every name deleted, and nothing else
        // in the plan changes (no alias removed: RV003 has nothing to say). It passed (exit 0).
        var (a, aaaa, review) = await DnsDeleted("dns-deleted.json");
        Assert.True(review.Code == 1, review.All);
        Assert.Equal([$"RV010 BLOCKING {a}[\"example.com\"]", $"RV010 BLOCKING {aaaa}[\"example.com\"]"], ReviewOutput.Findings(review.Stdout));
        Assert.Contains("The DNS record example.com (AAAA) in the zone Z0123456789EXAMPLE is deleted.", review.Stdout, StringComparison.Ordinal);

        // The verdict's ALLOW pasted as printed after `make review` goes through the shell: it printed the keys'
        // quotes bare, the shell took them away (…[example.com]) and that ALLOW matched nothing (exit 2).
        const string Lead = "acknowledge it by rule and address: ";
        var suggested = review.Stdout.Split('\n').Single(l => l.StartsWith("review: blocked by", StringComparison.Ordinal));
        suggested = suggested[(suggested.IndexOf(Lead, StringComparison.Ordinal) + Lead.Length)..];
        Assert.Equal($"ALLOW='RV010:{a}[\"example.com\"],RV010:{aaaa}[\"example.com\"]'", suggested);
        var pasted = await Processes.Run("bash", ["-c", $"printf '%s' {suggested}"], Path.GetTempPath());
        Assert.Equal($"ALLOW=RV010:{a}[\"example.com\"],RV010:{aaaa}[\"example.com\"]", pasted.Stdout);
        var asPasted = await Processes.Review(await fixture.Planned("no-change"), "--plan", "dns-deleted.json", "--stack", "cdk.tf.json",
            "--allow", pasted.Stdout["ALLOW=".Length..]);
        Assert.True(asPasted.Code == 0, asPasted.All);
        // In Markdown (the pull request's comment) in a code span: as printed, rendered or raw, no `\_` inside the quotes.
        var markdown = await Processes.Review(await fixture.Planned("no-change"), "--plan", "dns-deleted.json", "--stack", "cdk.tf.json", "--format", "markdown");
        Assert.True(markdown.Code == 1, markdown.All);
        Assert.Contains($"acknowledge it by rule and address: `{suggested}`\n", markdown.Stdout, StringComparison.Ordinal);

        // Acknowledged by the instance, key and quotes as Terraform writes them; a half-written key allows nothing.
        var allowed = await Processes.Review(await fixture.Planned("no-change"), "--plan", "dns-deleted.json", "--stack", "cdk.tf.json",
            "--allow", $"RV010:{a}[\"example.com\"],{aaaa}");
        Assert.True(allowed.Code == 0, allowed.All);
        var half = await Processes.Review(await fixture.Planned("no-change"), "--plan", "dns-deleted.json", "--stack", "cdk.tf.json",
            "--allow", $"{a}[\"example.com,{aaaa}[\"example.com\"]");
        Assert.True(half.Code == 2, half.All);
        Assert.Contains($"review: ALLOW names {a}[\"example.com, which no finding in this plan has", half.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Make_review_passes_ALLOW_with_the_instance_keys_quotes()
    {
        // review.mk put ALLOW into the recipe's text in double quotes: the shell took the key's quotes away
        // (dns_a_…[example.com]), so the instance form the README documents could never match (exit 2).
        var (a, aaaa, _) = await DnsDeleted("dns-deleted-make.json");
        var folder = await fixture.Planned("no-change");
        var make = await Processes.Run("make", ["--no-print-directory", "-C", Suite.Current.RepoRoot, "review",
            $"PLAN={Path.Combine(folder, "dns-deleted-make.json")}", $"REVIEW_STACK={Path.Combine(folder, "cdk.tf.json")}",
            $"ALLOW=RV010:{a}[\"example.com\"], RV010:{aaaa}[\"example.com\"]"], folder);
        Assert.True(make.Code == 0, make.All);
        Assert.Equal([$"RV010 acknowledged {a}[\"example.com\"]", $"RV010 acknowledged {aaaa}[\"example.com\"]"], ReviewOutput.Findings(make.Stdout));
    }

    [Fact]
    public async Task Make_review_refuses_an_ALLOW_from_the_environment()
    {
        // ALLOW ?= in review.mk took an ALLOW exported in the shell: typed once for one plan, it acknowledged the same
        // finding on every later plan without anyone typing it again (exit 0).
        var (a, aaaa, _) = await DnsDeleted("dns-deleted-env.json");
        var folder = await fixture.Planned("no-change");
        string[] args = ["--no-print-directory", "-C", Suite.Current.RepoRoot, "review",
            $"PLAN={Path.Combine(folder, "dns-deleted-env.json")}", $"REVIEW_STACK={Path.Combine(folder, "cdk.tf.json")}"];
        var exported = await Processes.Run("make", args, folder,
            new Dictionary<string, string?> { ["ALLOW"] = $"RV010:{a}[\"example.com\"],RV010:{aaaa}[\"example.com\"]" });
        Assert.True(exported.Code == 2, exported.All);
        Assert.Equal("", exported.Stdout);
        Assert.Contains("review: ALLOW is set in the environment (exported?): an acknowledgement belongs to one plan, so it counts only on make's command line", exported.Stderr, StringComparison.Ordinal);

        // An empty one too (what it would hold next time is not this plan's business); none at all reviews.
        var empty = await Processes.Run("make", args, folder, new Dictionary<string, string?> { ["ALLOW"] = "" });
        Assert.True(empty.Code == 2, empty.All);
        Assert.Contains("review: ALLOW is set in the environment", empty.Stderr, StringComparison.Ordinal);
        // (make exits 2 for any failed recipe: the review's own verdict says it was blocked, not refused.)
        var plain = await Processes.Run("make", args, folder, new Dictionary<string, string?> { ["ALLOW"] = null });
        Assert.True(plain.Code == 2, plain.All);
        Assert.Contains("review: blocked by 2 finding(s) (exit 1)", plain.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("set in the environment", plain.All, StringComparison.Ordinal);
    }

    // The no-change plan with both alias records of example.com deleted (route53_zone_id emptied), as `name`.
    private async Task<(string A, string Aaaa, ProcessResult Review)> DnsDeleted(string name)
    {
        var stack = await SynthesizedStacks.Read("edge-router");
        var a = PriorStateReviewTests.Address(stack, "edge-router/dns/a");
        var aaaa = PriorStateReviewTests.Address(stack, "edge-router/dns/aaaa");
        var review = await ReviewEdited(await fixture.Planned("no-change"), name, plan =>
        {
            foreach (var (address, type) in new[] { (a, "A"), (aaaa, "AAAA") })
            {
                var before = new JsonObject { ["name"] = "example.com", ["type"] = type, ["zone_id"] = "Z0123456789EXAMPLE" };
                plan["resource_changes"]!.AsArray().Add(new JsonObject
                {
                    ["address"] = $"{address}[\"example.com\"]",
                    ["mode"] = "managed",
                    ["type"] = "aws_route53_record",
                    ["name"] = address.Split('.')[1],
                    ["index"] = "example.com",
                    ["change"] = new JsonObject { ["actions"] = new JsonArray("delete"), ["before"] = before, ["after"] = null, ["after_unknown"] = new JsonObject() },
                    ["action_reason"] = "delete_because_each_key",
                });
                plan["prior_state"]!["values"]!["root_module"]!["resources"]!.AsArray().Add(new JsonObject
                {
                    ["address"] = $"{address}[\"example.com\"]",
                    ["mode"] = "managed",
                    ["type"] = "aws_route53_record",
                    ["values"] = before.DeepClone(),
                });
            }
        });
        return (a, aaaa, review);
    }

    [Fact]
    public async Task A_kept_plan_of_another_environment_is_refused()
    {
        // make plan ENV=staging keeps state/plans/edge-router-staging.tfplan and its .json; reviewed with
        // production's stack (same resources, so the configuration check passes), it read as production's plan.
        var folder = await fixture.Planned("rename");
        File.Copy(Path.Combine(folder, "plan.tfplan"), Path.Combine(folder, "edge-router-staging.tfplan"), overwrite: true);
        await File.WriteAllTextAsync(Path.Combine(folder, "edge-router-staging.tfplan.json"), "{\"stack\":\"edge-router-staging\",\"engine\":\"cdktf\"}\n");
        var review = await Processes.Review(folder, "--plan", "edge-router-staging.tfplan", "--stack", "cdk.tf.json");
        Assert.True(review.Code == 2, review.All);
        Assert.Equal("", review.Stdout);
        Assert.Contains("review: edge-router-staging.tfplan is the plan of the stack edge-router-staging (edge-router-staging.tfplan.json), not of edge-router (cdk.tf.json)", review.Stderr, StringComparison.Ordinal);

        // Its own stack's name: reviewed as before.
        await File.WriteAllTextAsync(Path.Combine(folder, "edge-router-staging.tfplan.json"), "{\"stack\":\"edge-router\",\"engine\":\"cdktf\"}\n");
        Assert.Equal(1, (await Processes.Review(folder, "--plan", "edge-router-staging.tfplan", "--stack", "cdk.tf.json")).Code);
    }
}
