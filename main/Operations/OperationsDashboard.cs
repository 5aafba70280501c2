using System.Text.Json;
using System.Text.Json.Nodes;
using Constructs;

namespace EdgeRouter.Operations;

/// <summary>
/// One CloudWatch dashboard per site (named after the site bucket): the distribution's requests, error rates and
/// cache hit rate (us-east-1, where CloudFront's metrics are), and where the stack deploys the router, its lookups
/// by route (from <see cref="RouterLogMetrics"/>), errors, throttles and latency percentiles. The body is JSON
/// written here with Terraform references inside its strings (IDs and names known only at apply).
/// </summary>
public sealed class OperationsDashboard : Construct
{
    private const int Width = 12;
    private const int Height = 6;
    private readonly List<JsonObject> _widgets = [];
    private readonly string _region;

    /// <summary>Starts the dashboard with the distribution's widgets.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="name">The site's unique name (the bucket's).</param>
    /// <param name="region">The stack's region (an expression).</param>
    /// <param name="distributionId">The distribution's ID (an expression).</param>
    public OperationsDashboard(Construct scope, string id, string name, string region, string distributionId) : base(scope, id)
    {
        _region = region;
        DashboardName = $"edge-router-{name}";
        Metrics("Distribution: requests", AlarmTopics.CloudFrontMetricsRegion, "Sum",
            [Metric(DistributionAlarms.Metric(distributionId, "Requests"))]);
        Metrics("Distribution: error rates (%)", AlarmTopics.CloudFrontMetricsRegion, "Average",
            [Metric(DistributionAlarms.Metric(distributionId, "4xxErrorRate")), Metric(DistributionAlarms.Metric(distributionId, "5xxErrorRate"))]);
        Metrics("Distribution: cache hit rate (%) - needs cloudfront_additional_metrics", AlarmTopics.CloudFrontMetricsRegion, "Average",
            [Metric(DistributionAlarms.Metric(distributionId, "CacheHitRate"))]);
    }

    /// <summary>The dashboard's name.</summary>
    public string DashboardName { get; }

    /// <summary>Adds the router's widgets: lookups by route, errors and throttles, latency percentiles, its origin.</summary>
    public void AddRouter(string functionName, string metricsNamespace, MetricId origin5xx)
    {
        ArgumentNullException.ThrowIfNull(origin5xx);
        var searchLookups = new JsonObject
        {
            ["expression"] = $"SEARCH('{{{metricsNamespace},{RouterLogMetrics.RouteDimension}}} MetricName=\"{RouterLogMetrics.RequestsMetric}\"', 'Sum', 300)",
            ["id"] = "routes",
            ["label"] = "",
        };
        Metrics("Router: lookups by route", _region, "Sum", [new JsonArray(searchLookups)]);
        var function = new Dictionary<string, string> { ["FunctionName"] = functionName };
        Metrics("Router: invocations, errors, throttles", _region, "Sum",
        [
            Metric(new MetricId("AWS/Lambda", "Invocations", function)),
            Metric(new MetricId("AWS/Lambda", "Errors", function)),
            Metric(new MetricId("AWS/Lambda", "Throttles", function)),
            Metric(new MetricId(metricsNamespace, RouterLogMetrics.InvalidEventsMetric, new Dictionary<string, string>())),
            Metric(origin5xx),
        ]);
        Metrics("Router: duration p50 / p90 / p99 (ms)", _region, "p99",
        [
            Metric(new MetricId("AWS/Lambda", "Duration", function), "p50"),
            Metric(new MetricId("AWS/Lambda", "Duration", function), "p90"),
            Metric(new MetricId("AWS/Lambda", "Duration", function), "p99"),
        ]);
    }

    /// <summary>Writes the dashboard resource; call once, after every widget was added.</summary>
    public CloudwatchDashboard Build()
    {
        for (var i = 0; i < _widgets.Count; i++)
        {
            _widgets[i]["x"] = i % 2 * Width;
            _widgets[i]["y"] = i / 2 * Height;
        }

        var body = new JsonObject { ["widgets"] = new JsonArray([.. _widgets]) };
        return new CloudwatchDashboard(this, "dashboard", new CloudwatchDashboardConfig
        {
            DashboardName = DashboardName,
            DashboardBody = body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
        });
    }

    private void Metrics(string title, string region, string stat, IEnumerable<JsonArray> metrics) =>
        _widgets.Add(new JsonObject
        {
            ["type"] = "metric",
            ["width"] = Width,
            ["height"] = Height,
            ["properties"] = new JsonObject
            {
                ["title"] = title,
                ["region"] = region,
                ["stat"] = stat,
                ["period"] = 300,
                ["view"] = "timeSeries",
                ["metrics"] = new JsonArray([.. metrics]),
            },
        });

    // A metric row: [namespace, name, dimension, value, ...] and, for another statistic than the widget's, its options.
    private static JsonArray Metric(MetricId metric, string? stat = null)
    {
        var row = new JsonArray(metric.Namespace, metric.Name);
        foreach (var (key, value) in metric.Dimensions)
        {
            row.Add(key);
            row.Add(value);
        }

        if (stat is not null)
        {
            row.Add(new JsonObject { ["stat"] = stat, ["label"] = stat });
        }

        return row;
    }
}
