using System.Text.Json.Nodes;
using EdgeRouter.LocalRuntimeApi;
using Xunit;

namespace EdgeRouter.Webfinger.Tests.Runtime;

/// <summary>
/// The stack's metric filters, as synthesized, against what the shipped router really prints: the AOT
/// <c>bootstrap</c> (what the local edge and Lambda run) on the loopback Runtime API, one event per route, with the
/// origin secret set as the stack deploys it. Each filter's pattern is evaluated on every stdout line
/// (<see cref="MetricFilterPattern"/>), and its count and dimension values are asserted. The filters are read from
/// the synthesized edge stack (EDGE_STACK_JSON, by default cdktf.out/stacks/edge-router/cdk.tf.json: make synth),
/// so what is checked is what Terraform will create.
/// </summary>
public sealed class LogMetricFilterTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private const string Config = """
        {"domain":"example.com",
         "mastodon":{"host":"mastodon.example.com","accounts":["alice"]},
         "oidc":{"issuer":"https://auth.example.com","accounts":["bob"]},
         "resources":{"acct:carol@example.com":{"subject":"acct:carol@example.com","links":[]}}}
        """;

    private static string StackJson => Environment.GetEnvironmentVariable("EDGE_STACK_JSON")
        ?? Path.Combine(Artifacts.RepoRoot, "cdktf.out", "stacks", "edge-router", "cdk.tf.json");

    private static readonly (string Method, string Path, string Query, bool Through)[] Requests =
    [
        ("GET", "/.well-known/webfinger", "resource=acct%3Aalice%40example.com", true),
        ("GET", "/.well-known/webfinger", "resource=acct:alice@example.com", true),
        ("GET", "/.well-known/webfinger", "resource=acct:bob@example.com&rel=http%3A%2F%2Fopenid.net%2Fspecs%2Fconnect%2F1.0%2Fissuer", true),
        ("GET", "/.well-known/webfinger", "resource=acct:carol@example.com", true),
        ("GET", "/.well-known/webfinger", "resource=acct:dave@example.com", true),
        ("GET", "/.well-known/webfinger", "", true),
        ("POST", "/.well-known/webfinger", "resource=acct:alice@example.com", true),
        ("OPTIONS", "/.well-known/webfinger", "", true),
        ("GET", "/.well-known/host-meta", "", true),
        ("GET", "/.well-known/webfinger", "resource=acct:alice@example.com", false),
    ];

    private static readonly Dictionary<string, int> ExpectedRoutes = new()
    {
        ["mastodon-redirect"] = 2, ["oidc-issuer"] = 1, ["configured-resource"] = 1, ["not-found"] = 1,
        ["bad-request"] = 1, ["method-not-allowed"] = 1, ["cors-preflight"] = 1, ["mastodon-fallback"] = 1,
        ["not-through-distribution"] = 1,
    };

    private static async Task<IReadOnlyList<string>> RouterOutput()
    {
        await using var fn = await LocalLambda.StartAsync(Artifacts.AotBootstrap, new Dictionary<string, string?>
        {
            ["WEBFINGER_CONFIG"] = Config,
            ["ORIGIN_VERIFY_SECRET"] = Secret,
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var i = 0; i < Requests.Length; i++)
        {
            var (method, path, query, through) = Requests[i];
            KeyValuePair<string, string>[] headers = through ? [new("x-origin-verify", Secret)] : [];
            _ = await fn.InvokeAsync(new Invocation(ApiGatewayEvents.HttpApiV2(method, path, query, headers)) { RequestId = $"req-{i}" }, cts.Token);
        }

        var invalid = await fn.InvokeAsync(new Invocation("this is not json") { RequestId = "req-invalid" }, cts.Token);
        Assert.True(invalid.IsError);
        for (var i = 0; i < Requests.Length; i++)
        {
            _ = await fn.WaitForOutputAsync($"req-{i}", TimeSpan.FromSeconds(20));
        }

        _ = await fn.WaitForOutputAsync("req-invalid", TimeSpan.FromSeconds(20));
        return fn.StandardOutputLines;
    }

    private static JsonObject Filter(string metric)
    {
        Assert.True(File.Exists(StackJson), $"no synthesized stack at {StackJson}: run make synth first (make test-router does)");
        var filters = JsonNode.Parse(File.ReadAllText(StackJson))!["resource"]!["aws_cloudwatch_log_metric_filter"]!.AsObject();
        return filters.Select(f => f.Value!.AsObject()).Single(f => (string?)f["metric_transformation"]!["name"] == metric);
    }

    [Fact]
    public async Task Each_filter_counts_the_router_lines_it_is_meant_to_and_the_route_dimension_is_the_route()
    {
        var lines = await RouterOutput();
        var requests = Filter("Requests");
        var requestsPattern = MetricFilterPattern.Parse((string)requests["pattern"]!);
        var matched = lines.Where(requestsPattern.Matches).ToList();
        Assert.Equal(Requests.Length, matched.Count);

        var selector = (string)requests["metric_transformation"]!["dimensions"]!["Route"]!;
        var byRoute = matched.GroupBy(l => MetricFilterPattern.Dimension(l, selector) ?? "(none)")
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(ExpectedRoutes.OrderBy(p => p.Key), byRoute.OrderBy(p => p.Key));

        var invalid = MetricFilterPattern.Parse((string)Filter("InvalidEvents")["pattern"]!);
        var invalidLine = Assert.Single(lines, invalid.Matches);
        Assert.Contains("\"route\":\"invalid-event\"", invalidLine, StringComparison.Ordinal);
        Assert.False(requestsPattern.Matches(invalidLine));
    }

    [Theory]
    [InlineData("{ $.level = \"info\" }", """{"level":"info","route":"x"}""", true)]
    [InlineData("{ $.level = \"info\" }", """{"level":"error"}""", false)]
    [InlineData("{ $.level = \"info\" }", "START RequestId: 1 Version: $LATEST", false)]
    [InlineData("{ $.level = \"info\" }", """["level","info"]""", false)]
    [InlineData("{ $.level = \"info\" }", """{"level":1}""", false)]
    [InlineData("{ $.level != \"info\" }", """{"level":"error"}""", true)]
    [InlineData("{ $.level != \"info\" }", """{"route":"x"}""", false)]
    [InlineData("{ $.route = \"mastodon-*\" }", """{"route":"mastodon-fallback"}""", true)]
    [InlineData("{ $.route = \"mastodon-*\" }", """{"route":"not-mastodon"}""", false)]
    [InlineData("{ $.level = \"info\" && $.status >= 500 }", """{"level":"info","status":502}""", true)]
    [InlineData("{ $.level = \"info\" && $.status >= 500 }", """{"level":"info","status":404}""", false)]
    [InlineData("{ $.a.b = 2 }", """{"a":{"b":2.0}}""", true)]
    [InlineData("{ $.a.b = 2 }", """{"a":{"b":"2"}}""", false)]
    public void The_evaluator_follows_cloudwatch_on_its_subset(string pattern, string line, bool matches) =>
        Assert.Equal(matches, MetricFilterPattern.Parse(pattern).Matches(line));

    [Theory]
    [InlineData("$.level = \"info\"")]
    [InlineData("{ $.level = \"info\" || $.level = \"error\" }")]
    [InlineData("{ ($.level = \"info\") }")]
    [InlineData("{ $.level > \"info\" }")]
    [InlineData("{ $.level IS NULL }")]
    [InlineData("[ip, user]")]
    public void The_evaluator_refuses_what_it_does_not_implement(string pattern) =>
        Assert.Throws<FormatException>(() => MetricFilterPattern.Parse(pattern));
}
