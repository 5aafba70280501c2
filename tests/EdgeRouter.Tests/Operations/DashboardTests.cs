using EdgeRouter.Guardrails;
namespace EdgeRouter.Tests.Operations;

/// <summary>The dashboard and the saved Logs Insights queries, as synthesized.</summary>
public sealed class DashboardTests(DefaultEdgeFixture fixture, ExistingApiEdgeFixture existing)
    : IClassFixture<DefaultEdgeFixture>, IClassFixture<ExistingApiEdgeFixture>
{
    private static JsonArray Widgets(SynthesizedStack stack) =>
        JsonNode.Parse(stack.Single("aws_cloudwatch_dashboard")["dashboard_body"]!.ToString())!["widgets"]!.AsArray();

    private static List<string> Titles(SynthesizedStack stack) =>
        [.. Widgets(stack).Select(w => w!["properties"]!["title"]!.ToString())];

    [Fact]
    public void The_router_stack_shows_the_distribution_and_the_router()
    {
        Assert.Equal(
        [
            "Distribution: requests", "Distribution: error rates (%)",
            "Distribution: cache hit rate (%) - needs cloudfront_additional_metrics",
            "Router: lookups by route", "Router: invocations, errors, throttles", "Router: duration p50 / p90 / p99 (ms)",
        ], Titles(fixture.Stack));
        var widgets = Widgets(fixture.Stack);
        // CloudFront's metrics are read in us-east-1, the router's in the stack's region.
        Assert.All(widgets.Take(3), w => Assert.Equal("us-east-1", w!["properties"]!["region"]!.ToString()));
        Assert.All(widgets.Skip(3), w => Assert.Equal("${var.aws_region}", w!["properties"]!["region"]!.ToString()));
        JsonAssert.Equal("""[["AWS/CloudFront","Requests","DistributionId","${aws_cloudfront_distribution.distribution.id}","Region","Global"]]""",
            widgets[0]!["properties"]!["metrics"]);
        JsonAssert.Equal("""
            [[{"expression":"SEARCH('{EdgeRouter/${var.site_bucket_name},Route} MetricName=\"Requests\"', 'Sum', 300)","id":"routes","label":""}]]
            """, widgets[3]!["properties"]!["metrics"]);
        JsonAssert.Equal("""
            [["AWS/Lambda","Duration","FunctionName","${aws_lambda_function.router_function_5C772D8B.function_name}",{"stat":"p50","label":"p50"}],
             ["AWS/Lambda","Duration","FunctionName","${aws_lambda_function.router_function_5C772D8B.function_name}",{"stat":"p90","label":"p90"}],
             ["AWS/Lambda","Duration","FunctionName","${aws_lambda_function.router_function_5C772D8B.function_name}",{"stat":"p99","label":"p99"}]]
            """, widgets[5]!["properties"]!["metrics"]);
        Assert.Contains("""["AWS/ApiGateway","5xx","ApiId","${aws_apigatewayv2_api.router_api_1F693036.id}"]""",
            widgets[4]!["properties"]!["metrics"]!.ToJsonString(), StringComparison.Ordinal);
        // Laid out two a row, none on top of another.
        Assert.Equal(widgets.Count, widgets.Select(w => ((int)w!["x"]!, (int)w["y"]!)).Distinct().Count());
    }

    [Fact]
    public void An_existing_api_stack_shows_only_the_distribution() =>
        Assert.All(Titles(existing.Stack), t => Assert.StartsWith("Distribution:", t, StringComparison.Ordinal));

    [Fact]
    public void Saved_queries_answer_the_routers_questions_and_never_ask_for_the_account()
    {
        var queries = fixture.Stack.Resources("aws_cloudwatch_query_definition")
            .ToDictionary(q => q.Value["name"]!.ToString().Replace("edge-router/${var.site_bucket_name}/", "", StringComparison.Ordinal), q => q.Value);
        Assert.Equal(["cold starts and billed duration", "lookups by route and status", "slowest requests", "what failed and why"], queries.Keys.Order());
        Assert.All(queries.Values, q =>
        {
            Assert.Equal("${aws_cloudwatch_log_group.router_log_group_CB3FC119.name}", q["log_group_names"]![0]!.ToString());
            // The router never logs the query string (it names people): no query may pretend to find it.
            Assert.DoesNotContain("resource", q["query_string"]!.ToString(), StringComparison.OrdinalIgnoreCase);
        });
        Assert.Contains("sort durationMs desc", queries["slowest requests"]["query_string"]!.ToString(), StringComparison.Ordinal);
        Assert.Contains("level = \"error\"", queries["what failed and why"]["query_string"]!.ToString(), StringComparison.Ordinal);
        Assert.Empty(existing.Stack.Resources("aws_cloudwatch_query_definition"));
        Assert.Empty(existing.Stack.Resources("aws_cloudwatch_log_metric_filter"));
    }

    [Fact]
    public void Metric_filters_count_requests_by_route_and_invalid_events_from_the_log_group()
    {
        var filters = fixture.Stack.Resources("aws_cloudwatch_log_metric_filter").Select(f => JsonAssert.WithoutMetadata(f.Value)).ToList();
        Assert.Equal(2, filters.Count);
        JsonAssert.Equal("""
            {"name":"router-invalid-events","log_group_name":"${aws_cloudwatch_log_group.router_log_group_CB3FC119.name}",
             "pattern":"{ $.level = \"error\" }",
             "metric_transformation":{"name":"InvalidEvents","namespace":"EdgeRouter/${var.site_bucket_name}","unit":"Count","value":"1"}}
            """, filters[0]);
        JsonAssert.Equal("""
            {"name":"router-requests-by-route","log_group_name":"${aws_cloudwatch_log_group.router_log_group_CB3FC119.name}",
             "pattern":"{ $.level = \"info\" }",
             "metric_transformation":{"name":"Requests","namespace":"EdgeRouter/${var.site_bucket_name}","unit":"Count","value":"1",
               "dimensions":{"Route":"$.route"}}}
            """, filters[1]);
    }
}
