using EdgeRouter.Configuration;
using EdgeRouter.Guardrails;
using EdgeRouter.Guardrails.Rules;

namespace EdgeRouter.Tests;

/// <summary>
/// Every guardrail passes on the real stacks and fails on a deliberately broken copy, with the rule's ID, the
/// place and a fix.
/// </summary>
public sealed class GuardrailSetTests(DefaultEdgeFixture fixture, ExistingApiEdgeFixture existing)
    : IClassFixture<DefaultEdgeFixture>, IClassFixture<ExistingApiEdgeFixture>
{
    private const string Site = "aws_s3_bucket.site_bucket_7B14A155";
    private static readonly Dictionary<string, string> NoWaivers = [];

    private SynthesizedStack Copy() => new((JsonObject)fixture.Stack.Document.DeepClone());

    private static JsonObject Resource(SynthesizedStack stack, string type) => stack.Resources(type).First().Value;

    private static Violation Single(IGuardrail rule, SynthesizedStack stack)
    {
        var violation = Assert.Single(rule.Check(stack));
        Assert.Equal(rule.Id, violation.RuleId);
        Assert.False(string.IsNullOrWhiteSpace(violation.Fix));
        return violation;
    }

    [Fact]
    public void Both_stack_shapes_pass_every_rule()
    {
        Assert.Empty(GuardrailSet.Check(fixture.Stack, NoWaivers));
        Assert.Empty(GuardrailSet.Check(existing.Stack, NoWaivers));
    }

    [Fact]
    public void Rules_have_unique_ids_and_a_reason() =>
        Assert.All(GuardrailSet.All, rule =>
        {
            Assert.Matches("^ER[0-9]{3}$", rule.Id);
            Assert.Single(GuardrailSet.All, other => other.Id == rule.Id);
            Assert.False(string.IsNullOrWhiteSpace(rule.Reason));
        });

    [Fact]
    public void ER003_fails_without_oac_with_an_origin_access_identity_or_on_a_website_endpoint()
    {
        var stack = Copy();
        var origin = Resource(stack, "aws_cloudfront_distribution")["origin"]![0]!.AsObject();
        origin.Remove("origin_access_control_id");
        Assert.Equal("is an S3 origin without origin_access_control_id", Single(new S3OriginOnlyThroughOac(), stack).Problem);

        stack = Copy();
        Resource(stack, "aws_cloudfront_distribution")["origin"]![0]!["s3_origin_config"] =
            JsonNode.Parse("""{"origin_access_identity":"origin-access-identity/cloudfront/E123"}""");
        Assert.Equal("uses an origin access identity", Single(new S3OriginOnlyThroughOac(), stack).Problem);

        stack = Copy();
        Resource(stack, "aws_cloudfront_distribution")["origin"]![0]!["domain_name"] = "example-site.s3-website-us-east-1.amazonaws.com";
        Assert.Equal("uses an S3 website endpoint", Single(new S3OriginOnlyThroughOac(), stack).Problem);
    }

    [Fact]
    public void ER004_fails_when_a_block_is_off_an_acl_exists_or_a_policy_allows_anyone()
    {
        var stack = Copy();
        Resource(stack, "aws_s3_bucket_public_access_block")["restrict_public_buckets"] = false;
        var violation = Single(new BucketsAreNotPublic(), stack);
        Assert.Equal((Site, "public access is not blocked (restrict_public_buckets not true)"), (violation.Where, violation.Problem));

        stack = Copy();
        stack.Document["resource"]!.AsObject()["aws_s3_bucket_acl"] = JsonNode.Parse("""{"public":{"acl":"public-read"}}""");
        Assert.Equal("aws_s3_bucket_acl.public", Single(new BucketsAreNotPublic(), stack).Where);

        stack = Copy();
        var statement = stack.DataSources("aws_iam_policy_document").Single(d => d.Key.StartsWith("site_", StringComparison.Ordinal)).Value["statement"]![0]!;
        statement["principals"] = JsonNode.Parse("""[{"type":"*","identifiers":["*"]}]""");
        statement.AsObject().Remove("condition");
        Assert.Equal("statement AllowCloudFrontReadThroughOAC allows any principal without a condition",
            Single(new BucketsAreNotPublic(), stack).Problem);
    }

    [Fact]
    public void ER005_fails_without_encryption_or_versioning()
    {
        var stack = Copy();
        stack.Document["resource"]!.AsObject().Remove("aws_s3_bucket_server_side_encryption_configuration");
        Assert.Equal((Site, "has no default encryption"), (Single(new BucketsAreEncryptedAndVersioned(), stack).Where,
            Single(new BucketsAreEncryptedAndVersioned(), stack).Problem));

        stack = Copy();
        Resource(stack, "aws_s3_bucket_versioning")["versioning_configuration"]!["status"] = "Suspended";
        Assert.Equal("does not have versioning enabled", Single(new BucketsAreEncryptedAndVersioned(), stack).Problem);
    }

    [Theory]
    [InlineData("allow-all")]
    [InlineData(null)]
    public void ER006_fails_when_a_behaviour_serves_http(string? policy)
    {
        var stack = Copy();
        Resource(stack, "aws_cloudfront_distribution")["ordered_cache_behavior"]![0]!["viewer_protocol_policy"] = policy;
        Assert.Equal("aws_cloudfront_distribution.distribution.ordered_cache_behavior[0]", Single(new ViewersUseHttps(), stack).Where);
    }

    [Fact]
    public void ER007_fails_on_old_tls_to_viewers_or_to_the_api()
    {
        var stack = Copy();
        var certificate = Resource(stack, "aws_cloudfront_distribution")["viewer_certificate"]!;
        certificate["minimum_protocol_version"] = "${var.acm_certificate_arn == \"\" ? \"TLSv1\" : \"TLSv1.1_2016\"}";
        Assert.Equal("minimum_protocol_version \"TLSv1.1_2016\" allows TLS older than 1.2", Single(new TlsTwelveOrNewer(), stack).Problem);

        // A variable is trusted only as far as its validation: widen it and the rule fails.
        stack = Copy();
        stack.Document["variable"]!["minimum_protocol_version"]!["validation"]![0]!["condition"] =
            "${contains([\"TLSv1.2_2021\", \"TLSv1_2016\"], var.minimum_protocol_version)}";
        Assert.Equal("aws_cloudfront_distribution.distribution.viewer_certificate", Single(new TlsTwelveOrNewer(), stack).Where);

        stack = Copy();
        Resource(stack, "aws_cloudfront_distribution")["origin"]![1]!["custom_origin_config"]!["origin_ssl_protocols"] =
            JsonNode.Parse("""["TLSv1.1","TLSv1.2"]""");
        Assert.Equal("origin_ssl_protocols allows TLSv1.1", Single(new TlsTwelveOrNewer(), stack).Problem);
    }

    [Fact]
    public void ER008_fails_when_a_behaviour_has_no_response_headers_policy()
    {
        var stack = Copy();
        Resource(stack, "aws_cloudfront_distribution")["default_cache_behavior"]!.AsObject().Remove("response_headers_policy_id");
        Assert.Equal("aws_cloudfront_distribution.distribution.default_cache_behavior", Single(new EveryBehaviourHasSecurityHeaders(), stack).Where);
    }

    [Fact]
    public void ER008_fails_when_a_router_behaviour_gets_a_managed_cors_policy_or_one_without_hsts()
    {
        // The careless way to CORS on a router path: the managed SimpleCORS policy, which sends no HSTS.
        var stack = Copy();
        Resource(stack, "aws_cloudfront_distribution")["ordered_cache_behavior"]![0]!["response_headers_policy_id"] = "60669652-455b-4ae9-85a4-c4c02393f86c";
        var managed = Single(new EveryBehaviourHasSecurityHeaders(), stack);
        Assert.Equal("aws_cloudfront_distribution.distribution.ordered_cache_behavior[0]", managed.Where);
        Assert.Equal("response_headers_policy_id 60669652-455b-4ae9-85a4-c4c02393f86c is not one of the stack's response headers policies", managed.Problem);

        stack = Copy();
        stack.Resources("aws_cloudfront_response_headers_policy").Single(p => p.Key.StartsWith("router_headers", StringComparison.Ordinal))
            .Value.Remove("security_headers_config");
        var violations = new EveryBehaviourHasSecurityHeaders().Check(stack).ToList();
        var routerBehaviours = SynthesizedStack.Blocks(Resource(stack, "aws_cloudfront_distribution")["ordered_cache_behavior"]).Count;
        Assert.Equal(routerBehaviours, violations.Count);
        Assert.All(violations, v => Assert.Equal("its policy aws_cloudfront_response_headers_policy.router_headers_policy_48DABB5B sends no Strict-Transport-Security", v.Problem));
    }

    [Fact]
    public void ER009_fails_on_wildcards_managed_attachments_or_an_unscoped_permission()
    {
        var stack = Copy();
        stack.DataSources("aws_iam_policy_document").Single(d => d.Key.StartsWith("router_write_logs", StringComparison.Ordinal))
            .Value["statement"]![0]!["actions"] = JsonNode.Parse("""["logs:*"]""");
        Assert.Equal("aws_iam_role_policy.router_write_logs_policy_51F24F85", Single(new LambdaIsLeastPrivilege(), stack).Where);

        stack = Copy();
        stack.DataSources("aws_iam_policy_document").Single(d => d.Key.StartsWith("router_write_logs", StringComparison.Ordinal))
            .Value["statement"]![0]!["resources"] = JsonNode.Parse("""["*"]""");
        Assert.Equal("statement WriteOwnLogs grants logs:CreateLogStream, logs:PutLogEvents on *", Single(new LambdaIsLeastPrivilege(), stack).Problem);

        stack = Copy();
        stack.Document["resource"]!.AsObject()["aws_iam_role_policy_attachment"] = JsonNode.Parse("""
            {"admin":{"role":"${aws_iam_role.router_role_DBC57C68.name}","policy_arn":"arn:aws:iam::aws:policy/AdministratorAccess"}}
            """);
        Assert.Equal("aws_iam_role_policy_attachment.admin", Single(new LambdaIsLeastPrivilege(), stack).Where);

        stack = Copy();
        Resource(stack, "aws_lambda_permission").Remove("source_arn");
        Assert.Equal("lets apigateway.amazonaws.com invoke the function from anywhere", Single(new LambdaIsLeastPrivilege(), stack).Problem);
    }

    [Fact]
    public void ER010_fails_without_retention_or_with_a_log_group_the_stack_does_not_own()
    {
        var stack = Copy();
        Resource(stack, "aws_cloudwatch_log_group").Remove("retention_in_days");
        Assert.Equal("has no retention period", Single(new LogsExpire(), stack).Problem);

        stack = Copy();
        Resource(stack, "aws_lambda_function").Remove("logging_config");
        Assert.Equal("logs to a group the stack does not create", Single(new LogsExpire(), stack).Problem);
    }

    [Fact]
    public void ER011_fails_when_a_bucket_could_be_destroyed()
    {
        var stack = Copy();
        Resource(stack, "aws_s3_bucket").Remove("lifecycle");
        Assert.Equal((Site, "lacks lifecycle.prevent_destroy"), (Single(new DataCannotBeDestroyed(), stack).Where,
            Single(new DataCannotBeDestroyed(), stack).Problem));

        stack = Copy();
        Resource(stack, "aws_s3_bucket")["force_destroy"] = true;
        Assert.Equal("has force_destroy = true", Single(new DataCannotBeDestroyed(), stack).Problem);
    }

    [Fact]
    public void ER013_fails_when_a_function_has_no_error_alarm_or_it_notifies_no_one()
    {
        const string Function = "aws_lambda_function.router_function_5C772D8B";
        JsonObject Errors(SynthesizedStack s) => s.Resources("aws_cloudwatch_metric_alarm")
            .Single(a => (string?)a.Value["metric_name"] == "Errors").Value;

        var stack = Copy();
        var alarms = stack.Document["resource"]!["aws_cloudwatch_metric_alarm"]!.AsObject();
        alarms.Remove(stack.Resources("aws_cloudwatch_metric_alarm").Single(a => (string?)a.Value["metric_name"] == "Errors").Key);
        Assert.Equal((Function, "has no alarm on its Errors"), (Single(new EveryFunctionHasAnErrorAlarm(), stack).Where,
            Single(new EveryFunctionHasAnErrorAlarm(), stack).Problem));

        // An Errors alarm on another function's name does not count.
        stack = Copy();
        Errors(stack)["dimensions"]!["FunctionName"] = "some-other-function";
        Assert.Equal("has no alarm on its Errors", Single(new EveryFunctionHasAnErrorAlarm(), stack).Problem);

        stack = Copy();
        Errors(stack)["alarm_actions"] = new JsonArray();
        Assert.Equal($"alarms on {Function}'s Errors but notifies no one (no alarm_actions, or actions_enabled false)",
            Single(new EveryFunctionHasAnErrorAlarm(), stack).Problem);

        stack = Copy();
        Errors(stack)["actions_enabled"] = false;
        Assert.StartsWith($"alarms on {Function}'s Errors but notifies no one", Single(new EveryFunctionHasAnErrorAlarm(), stack).Problem,
            StringComparison.Ordinal);

        // A stack without a function needs no alarm.
        Assert.Empty(new EveryFunctionHasAnErrorAlarm().Check(existing.Stack));
    }

    [Fact]
    public void ER012_fails_when_old_versions_or_unfinished_uploads_never_expire()
    {
        var stack = Copy();
        stack.Document["resource"]!.AsObject().Remove("aws_s3_bucket_lifecycle_configuration");
        Assert.Equal(
            [(Site, "is versioned but no enabled whole-bucket rule expires noncurrent versions"),
             (Site, "has no enabled whole-bucket rule that aborts incomplete multipart uploads")],
            new OldVersionsExpire().Check(stack).Select(v => (v.Where, v.Problem)));

        stack = Copy();
        Resource(stack, "aws_s3_bucket_lifecycle_configuration")["rule"]![0]!.AsObject().Remove("noncurrent_version_expiration");
        Assert.Equal("is versioned but no enabled whole-bucket rule expires noncurrent versions", Single(new OldVersionsExpire(), stack).Problem);

        stack = Copy();
        Resource(stack, "aws_s3_bucket_lifecycle_configuration")["rule"]![0]!.AsObject().Remove("abort_incomplete_multipart_upload");
        Assert.Equal("has no enabled whole-bucket rule that aborts incomplete multipart uploads", Single(new OldVersionsExpire(), stack).Problem);

        stack = Copy();
        Resource(stack, "aws_s3_bucket_lifecycle_configuration")["rule"]![0]!["status"] = "Disabled";
        Assert.Equal(2, new OldVersionsExpire().Check(stack).Count());

        // A rule for part of the bucket leaves the rest growing.
        stack = Copy();
        Resource(stack, "aws_s3_bucket_lifecycle_configuration")["rule"]![0]!["filter"] = JsonNode.Parse("""[{"prefix":"logs/"}]""");
        Assert.Equal(2, new OldVersionsExpire().Check(stack).Count());

        // An unversioned bucket needs no rule.
        stack = Copy();
        stack.Document["resource"]!.AsObject().Remove("aws_s3_bucket_lifecycle_configuration");
        Resource(stack, "aws_s3_bucket_versioning")["versioning_configuration"]!["status"] = "Suspended";
        Assert.Empty(new OldVersionsExpire().Check(stack));
    }

    [Fact]
    public void A_waived_rule_is_not_run()
    {
        var stack = Copy();
        Resource(stack, "aws_cloudfront_distribution")["default_cache_behavior"]!["viewer_protocol_policy"] = "allow-all";
        Assert.Single(GuardrailSet.Check(stack, NoWaivers));
        Assert.Empty(GuardrailSet.Check(stack, new Dictionary<string, string> { ["ER006"] = "plain HTTP for a legacy client" }));
    }
}

/// <summary>The synth gate itself: a violation refuses the synth and writes nothing; a waiver is printed.</summary>
public sealed class GuardedSynthTests : IDisposable
{
    private readonly string _outdir = Path.Combine(Directory.CreateTempSubdirectory("edge-router-guarded-").FullName, "out");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_outdir)!, recursive: true);

    private (int Status, string Log) Run(Action<EdgeStack> breakIt, Dictionary<string, string> waivers)
    {
        var app = Testing.App(new TestingAppConfig { Outdir = GuardedSynth.StagingFolderFor(_outdir) });
        var stack = new EdgeStack(app, EdgeSettings.StackName, Synth.Defaults);
        breakIt(stack);
        var log = new StringWriter();
        var status = GuardedSynth.Run(app, [stack], waivers, log, _outdir);
        Assert.False(Directory.Exists(GuardedSynth.StagingFolderFor(_outdir)), "the staging folder is removed either way");
        return (status, log.ToString());
    }

    [Fact]
    public void A_violation_refuses_the_synth_names_the_rule_and_writes_nothing()
    {
        var (status, log) = Run(stack => stack.Distribution.AddOverride("default_cache_behavior.viewer_protocol_policy", "allow-all"), []);
        Assert.Equal(1, status);
        Assert.Contains("edge-router: edge-router: ER006 aws_cloudfront_distribution.distribution.default_cache_behavior: " +
            "viewer_protocol_policy is allow-all. Fix: use redirect-to-https (or https-only)", log);
        Assert.Contains("synth refused: 1 guardrail violation(s); nothing was written", log);
        Assert.False(File.Exists(Path.Combine(_outdir, "stacks", "edge-router", "cdk.tf.json")));
    }

    [Fact]
    public void A_refused_synth_leaves_the_previous_output_as_it_was()
    {
        var previous = Path.Combine(_outdir, "stacks", "edge-router", "cdk.tf.json");
        Directory.CreateDirectory(Path.GetDirectoryName(previous)!);
        File.WriteAllText(previous, "{\"previous\": true}");
        var (status, _) = Run(stack => stack.Distribution.AddOverride("default_cache_behavior.viewer_protocol_policy", "allow-all"), []);
        Assert.Equal(1, status);
        Assert.Equal("{\"previous\": true}", File.ReadAllText(previous));
    }

    [Fact]
    public void A_passing_synth_replaces_the_previous_output_whole()
    {
        var stale = Path.Combine(_outdir, "stacks", "a-stack-that-no-longer-exists", "cdk.tf.json");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        File.WriteAllText(stale, "{}");
        var (status, _) = Run(_ => { }, []);
        Assert.Equal(0, status);
        Assert.False(File.Exists(stale));
        Assert.Contains("\"aws_cloudfront_distribution\"", File.ReadAllText(Path.Combine(_outdir, "stacks", "edge-router", "cdk.tf.json")));
    }

    [Fact]
    public void A_waiver_lets_the_synth_through_and_is_printed()
    {
        var (status, log) = Run(stack => stack.Distribution.AddOverride("default_cache_behavior.viewer_protocol_policy", "allow-all"),
            new() { ["ER006"] = "a kiosk that cannot do TLS" });
        Assert.Equal(0, status);
        Assert.Contains("edge-router: guardrail ER006 waived: a kiosk that cannot do TLS", log);
        Assert.True(File.Exists(Path.Combine(_outdir, "stacks", "edge-router", "cdk.tf.json")));
    }

    [Theory]
    [InlineData("ER999", "a good long reason", "guardrailWaivers (cdktf.json context): \"ER999\" is not a guardrail")]
    [InlineData("ER006", "because", "guardrailWaivers (cdktf.json context): ER006: give the reason for waiving it")]
    public void A_bad_waiver_is_a_settings_error(string id, string reason, string message)
    {
        var error = Assert.Throws<SettingsException>(() =>
            RemoteStateTests.Loader(context: new() { ["guardrailWaivers"] = new Dictionary<string, object?> { [id] = reason } }).Load());
        Assert.StartsWith(message, error.Message);
    }
}
