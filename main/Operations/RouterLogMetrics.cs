using Constructs;

namespace EdgeRouter.Operations;

/// <summary>
/// Metrics made from the router's own log lines, with no code in the router: CloudWatch Logs metric filters on the
/// one JSON line it writes per invocation (lambda/WebfingerRouter/Logging/RequestLogEntry.cs), and Logs Insights
/// queries saved for its common questions.
/// <para>Metric filters rather than the embedded metric format: they need no change to the router and no extra
/// bytes per line, and a filter's pattern can be checked against the router's real output
/// (tests/WebfingerRouter.Tests, LogMetricFilterTests). One filter counts every answered request with the route as
/// a dimension, so a new route shows up without a change here; CloudWatch bills each route that occurs as one
/// custom metric (README, "What it costs").</para>
/// <para>Which accounts are looked up is not answerable, on purpose: the router never logs the query string (it
/// names people), so no query here can list them.</para>
/// </summary>
public sealed class RouterLogMetrics : Construct
{
    /// <summary>Every answered request: the router writes level "info" for each HTTP event it answered.</summary>
    public const string RequestsPattern = "{ $.level = \"info\" }";

    /// <summary>A payload that was not an HTTP event: level "error" (the invocation fails too).</summary>
    public const string InvalidEventsPattern = "{ $.level = \"error\" }";

    /// <summary>The metric of <see cref="RequestsPattern"/>.</summary>
    public const string RequestsMetric = "Requests";

    /// <summary>The metric of <see cref="InvalidEventsPattern"/>.</summary>
    public const string InvalidEventsMetric = "InvalidEvents";

    /// <summary>The dimension of <see cref="RequestsMetric"/>: the route decision.</summary>
    public const string RouteDimension = "Route";

    /// <summary>Creates the filters and queries on <paramref name="logGroupName"/>.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="name">The site's unique name (the bucket's).</param>
    /// <param name="logGroupName">The router's log group (an expression referring to it).</param>
    public RouterLogMetrics(Construct scope, string id, string name, string logGroupName) : base(scope, id)
    {
        Namespace = $"EdgeRouter/{name}";
        _ = new CloudwatchLogMetricFilter(this, "requests", new CloudwatchLogMetricFilterConfig
        {
            Name = "router-requests-by-route",
            LogGroupName = logGroupName,
            Pattern = RequestsPattern,
            MetricTransformation = new CloudwatchLogMetricFilterMetricTransformation
            {
                Namespace = Namespace,
                Name = RequestsMetric,
                Value = "1",
                Unit = "Count",
                Dimensions = new Dictionary<string, string> { [RouteDimension] = "$.route" },
            },
        });
        _ = new CloudwatchLogMetricFilter(this, "invalid_events", new CloudwatchLogMetricFilterConfig
        {
            Name = "router-invalid-events",
            LogGroupName = logGroupName,
            Pattern = InvalidEventsPattern,
            MetricTransformation = new CloudwatchLogMetricFilterMetricTransformation
            {
                Namespace = Namespace,
                Name = InvalidEventsMetric,
                Value = "1",
                Unit = "Count",
            },
        });

        foreach (var (key, title, query) in Queries)
        {
            _ = new CloudwatchQueryDefinition(this, $"query_{key}", new CloudwatchQueryDefinitionConfig
            {
                // A slash makes a folder in the console's saved queries: one folder per site.
                Name = $"edge-router/{name}/{title}",
                LogGroupNames = [logGroupName],
                QueryString = query,
            });
        }
    }

    /// <summary>The namespace of the metrics, unique per site.</summary>
    public string Namespace { get; }

    /// <summary>The saved Logs Insights queries: Terraform key, title, query (one line each: CDKTF's HCL renderer
    /// writes a string with a newline as a quoted string split over lines, which Terraform refuses).</summary>
    public static IReadOnlyList<(string Key, string Title, string Query)> Queries { get; } =
    [
        ("lookups_by_route", "lookups by route and status",
            "fields route, status | filter ispresent(route) | stats count(*) as requests by route, status | sort requests desc"),
        ("failures", "what failed and why",
            "fields @timestamp, @requestId, route, status, error, @message" +
            " | filter level = \"error\" or status >= 500 or @message like \"Task timed out\" or @message like \"Runtime.\" or @message like \"ERROR\"" +
            " | sort @timestamp desc | limit 100"),
        ("slowest", "slowest requests",
            "fields @timestamp, @requestId, route, status, durationMs, remainingMs | filter ispresent(durationMs)" +
            " | sort durationMs desc | limit 25"),
        ("cold_starts", "cold starts and billed duration",
            "filter @type = \"REPORT\"" +
            " | stats count(*) as invocations, count(@initDuration) as coldStarts, pct(@duration, 99) as p99Ms, max(@initDuration) as maxInitMs, sum(@billedDuration) as billedMs by bin(1h)"),
    ];
}
