using EdgeRouter.Configuration;
using EdgeRouter.Guardrails;
using EdgeRouter.Operations;

namespace EdgeRouter.Tests.Operations;

/// <summary>
/// Every alarm the stack synthesizes, field by field: metric, namespace, dimensions, statistic, threshold,
/// periods, actions, OK actions and missing data; where it lives (us-east-1 for CloudFront) and where it publishes.
/// </summary>
public sealed class AlarmTests(DefaultEdgeFixture fixture, ExistingApiEdgeFixture existing)
    : IClassFixture<DefaultEdgeFixture>, IClassFixture<ExistingApiEdgeFixture>
{
    private const string Regional = "aws_sns_topic.alarm_topics_regional_4812B413";
    private const string UsEast1 = "aws_sns_topic.alarm_topics_us_east_1_7B7C4A37";
    private const string RegionalArn = $$"""${var.alarm_topic_arn != \"\" ? var.alarm_topic_arn : one({{Regional}}[*].arn)}""";
    private const string CloudFrontArn =
        $$"""${var.aws_region == \"us-east-1\" ? (var.alarm_topic_arn != \"\" ? var.alarm_topic_arn : one({{Regional}}[*].arn)) : one({{UsEast1}}[*].arn)}""";
    private const string Function = "${aws_lambda_function.router_function_5C772D8B.function_name}";

    // Everything but the description (asserted apart: it must say what to look at first).
    private static string Expected(string name, string ns, string metric, string dimensions, string statistic, string threshold,
        string topic, string? provider = null) =>
        $$"""
        {"actions_enabled":true,"alarm_actions":["{{topic}}"],"ok_actions":["{{topic}}"],
         "alarm_name":"${var.site_bucket_name}-{{name}}","comparison_operator":"GreaterThanOrEqualToThreshold",
         "datapoints_to_alarm":"${var.alarm_datapoints_to_alarm}","evaluation_periods":"${var.alarm_evaluation_periods}",
         "period":"${var.alarm_period_seconds}","treat_missing_data":"notBreaching",
         "namespace":"{{ns}}","metric_name":"{{metric}}","dimensions":{{dimensions}},{{statistic}},
         "threshold":"${var.{{threshold}}}"{{(provider is null ? "" : $",\"provider\":\"{provider}\"")}}}
        """;

    public static TheoryData<string, string> DefaultAlarms => new()
    {
        { "router-errors", Expected("router-errors", "AWS/Lambda", "Errors", $$"""{"FunctionName":"{{Function}}"}""",
            "\"statistic\":\"Sum\"", "router_errors_alarm_threshold", RegionalArn) },
        { "router-throttles", Expected("router-throttles", "AWS/Lambda", "Throttles", $$"""{"FunctionName":"{{Function}}"}""",
            "\"statistic\":\"Sum\"", "router_throttles_alarm_threshold", RegionalArn) },
        { "router-duration", Expected("router-duration", "AWS/Lambda", "Duration", $$"""{"FunctionName":"{{Function}}"}""",
            "\"extended_statistic\":\"p99\"", "router_duration_alarm_ms", RegionalArn) },
        { "router-api-5xx", Expected("router-api-5xx", "AWS/ApiGateway", "5xx", """{"ApiId":"${aws_apigatewayv2_api.router_api_1F693036.id}"}""",
            "\"statistic\":\"Sum\"", "router_origin_5xx_alarm_threshold", RegionalArn) },
        { "distribution-5xx-rate", Expected("distribution-5xx-rate", "AWS/CloudFront", "5xxErrorRate",
            """{"DistributionId":"${aws_cloudfront_distribution.distribution.id}","Region":"Global"}""",
            "\"statistic\":\"Average\"", "distribution_5xx_alarm_percent", CloudFrontArn, "aws.us_east_1") },
    };

    private static Dictionary<string, JsonObject> Alarms(SynthesizedStack stack) =>
        stack.Resources("aws_cloudwatch_metric_alarm").ToDictionary(
            a => a.Value["alarm_name"]!.ToString().Replace("${var.site_bucket_name}-", "", StringComparison.Ordinal), a => a.Value);

    [Theory]
    [MemberData(nameof(DefaultAlarms))]
    public void Each_alarm_watches_its_metric_with_its_threshold_and_notifies_alarm_and_recovery(string name, string expected)
    {
        var alarm = (JsonObject)JsonAssert.WithoutMetadata(Alarms(fixture.Stack)[name])!;
        Assert.Contains("First look:", alarm["alarm_description"]!.ToString(), StringComparison.Ordinal);
        alarm.Remove("alarm_description");
        JsonAssert.Equal(expected, alarm);
    }

    [Fact]
    public void The_default_stack_has_exactly_these_alarms_and_an_existing_api_only_the_distributions()
    {
        Assert.Equal(DefaultAlarms.Select(row => (string)row[0]).Order(), Alarms(fixture.Stack).Keys.Order());
        Assert.Equal(["distribution-5xx-rate"], Alarms(existing.Stack).Keys);
        JsonAssert.Equal((string)DefaultAlarms.Single(r => (string)r[0] == "distribution-5xx-rate")[1],
            WithoutDescription(Alarms(existing.Stack)["distribution-5xx-rate"]));
    }

    [Fact]
    public void Topics_are_made_only_when_no_topic_is_given_and_in_us_east_1_only_for_another_region()
    {
        var topics = fixture.Stack.Resources("aws_sns_topic").ToDictionary(t => $"aws_sns_topic.{t.Key}", t => JsonAssert.WithoutMetadata(t.Value));
        JsonAssert.Equal("""{"count":"${var.alarm_topic_arn == \"\" ? 1 : 0}","display_name":"edge-router alarms","name":"${var.site_bucket_name}-alarms"}""",
            topics[Regional]);
        JsonAssert.Equal("""{"count":"${var.aws_region == \"us-east-1\" ? 0 : 1}","display_name":"edge-router alarms (CloudFront, us-east-1)","name":"${var.site_bucket_name}-alarms","provider":"aws.us_east_1"}""",
            topics[UsEast1]);
        Assert.Equal(2, topics.Count);
        // Not encrypted on purpose (AlarmTopics): the aws/sns key would silently drop every alarm.
        Assert.All(topics.Values, t => Assert.Null(t!["kms_master_key_id"]));

        var subscriptions = fixture.Stack.Resources("aws_sns_topic_subscription").Select(s => JsonAssert.WithoutMetadata(s.Value)).ToList();
        Assert.Equal(2, subscriptions.Count);
        JsonAssert.Equal($$"""{"count":"${var.alarm_topic_arn == \"\" && var.alarm_email != \"\" ? 1 : 0}","endpoint":"${var.alarm_email}","protocol":"email","topic_arn":"${one({{Regional}}[*].arn)}"}""",
            subscriptions[0]);
        JsonAssert.Equal($$"""{"count":"${var.aws_region != \"us-east-1\" && var.alarm_email != \"\" ? 1 : 0}","endpoint":"${var.alarm_email}","protocol":"email","provider":"aws.us_east_1","topic_arn":"${one({{UsEast1}}[*].arn)}"}""",
            subscriptions[1]);
    }

    [Fact]
    public void A_second_provider_is_always_in_us_east_1_with_the_projects_tags()
    {
        var providers = fixture.Stack.Document["provider"]!["aws"]!.AsArray();
        Assert.Equal(2, providers.Count);
        JsonAssert.Equal("""{"alias":"us_east_1","region":"us-east-1","default_tags":[{"tags":{"ManagedBy":"cdktf","Project":"edge-router"}}]}""",
            providers[1]);
    }

    [Fact]
    public void Cloudfronts_additional_metrics_are_off_unless_asked_for_and_made_in_us_east_1()
    {
        var (_, subscription) = Assert.Single(fixture.Stack.Resources("aws_cloudfront_monitoring_subscription"));
        JsonAssert.Equal("""
            {"count":"${var.cloudfront_additional_metrics ? 1 : 0}","distribution_id":"${aws_cloudfront_distribution.distribution.id}",
             "monitoring_subscription":{"realtime_metrics_subscription_config":{"realtime_metrics_subscription_status":"Enabled"}},
             "provider":"aws.us_east_1"}
            """, JsonAssert.WithoutMetadata(subscription));
        Assert.False((bool)fixture.Stack.Document["variable"]!["cloudfront_additional_metrics"]!["default"]!);
    }

    [Fact]
    public void Outputs_name_the_topics_and_the_dashboard()
    {
        var outputs = fixture.Stack.Document["output"]!;
        // The constants are written for JSON text (\" for a quote); the output's value is the decoded string.
        Assert.Equal($"${{distinct([{RegionalArn[2..^1]}, {CloudFrontArn[2..^1]}])}}".Replace("\\\"", "\"", StringComparison.Ordinal),
            outputs["alarm_topic_arns"]!["value"]!.ToString());
        Assert.Equal("${aws_cloudwatch_dashboard.operations_dashboard_DEA6A6DA.dashboard_name}", outputs["dashboard_name"]!["value"]!.ToString());
    }

    [Fact]
    public void Names_are_unique_per_site_so_two_stacks_share_an_account()
    {
        Assert.All(fixture.Stack.Resources("aws_cloudwatch_metric_alarm"),
            a => Assert.StartsWith("${var.site_bucket_name}-", a.Value["alarm_name"]!.ToString(), StringComparison.Ordinal));
        Assert.Equal("edge-router-${var.site_bucket_name}", fixture.Stack.Single("aws_cloudwatch_dashboard")["dashboard_name"]!.ToString());
        Assert.All(fixture.Stack.Resources("aws_cloudwatch_log_metric_filter"),
            f => Assert.Equal("EdgeRouter/${var.site_bucket_name}", f.Value["metric_transformation"]!["namespace"]!.ToString()));
        Assert.All(fixture.Stack.Resources("aws_cloudwatch_query_definition"),
            q => Assert.StartsWith("edge-router/${var.site_bucket_name}/", q.Value["name"]!.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void A_function_url_origin_gets_its_own_5xx_alarm_on_url5xxcount()
    {
        var app = Testing.App();
        var stack = new TerraformStack(app, "function-url");
        var policy = new AlarmPolicy("site", 300, 3, 2);
        var alarms = new RouterAlarms(stack, "alarms", policy, new RouterAlarmInputs(stack), "webfinger-site", "arn:aws:sns:us-east-1:123456789012:t");
        _ = alarms.AddOriginAlarm(RouterOriginKind.FunctionUrl, "ignored");
        var synthesized = SynthesizedStack.Parse(Testing.Synth(stack));
        var url = synthesized.Resources("aws_cloudwatch_metric_alarm").Single(a => a.Value["alarm_name"]!.ToString() == "site-router-url-5xx").Value;
        Assert.Equal(("AWS/Lambda", "Url5xxCount", "Sum"), (url["namespace"]!.ToString(), url["metric_name"]!.ToString(), url["statistic"]!.ToString()));
        JsonAssert.Equal("""{"FunctionName":"webfinger-site"}""", url["dimensions"]);
        Assert.DoesNotContain(synthesized.Resources("aws_cloudwatch_metric_alarm"), a => a.Value["namespace"]!.ToString() == "AWS/ApiGateway");
    }

    private static JsonNode WithoutDescription(JsonObject alarm)
    {
        var copy = (JsonObject)JsonAssert.WithoutMetadata(alarm)!;
        copy.Remove("alarm_description");
        return copy;
    }
}
