using Constructs;

namespace EdgeRouter.Operations;

/// <summary>
/// The distribution's alarm: its 5xx error rate (AWS/CloudFront <c>5xxErrorRate</c>, dimensions
/// <c>DistributionId</c> and <c>Region = Global</c>). CloudFront publishes its metrics only in us-east-1, so the
/// alarm is made there by the us-east-1 provider, and publishes to a topic there. With
/// <c>cloudfront_additional_metrics</c> it also turns on CloudFront's additional metrics (cache hit rate, origin
/// latency), which the dashboard shows.
/// </summary>
public sealed class DistributionAlarms : Construct
{
    /// <summary>The only value of CloudFront's <c>Region</c> dimension.</summary>
    public const string GlobalRegion = "Global";

    /// <summary>Creates the alarm and the optional monitoring subscription.</summary>
    public DistributionAlarms(Construct scope, string id, AlarmPolicy policy, OperationsInputs inputs,
        CloudfrontDistribution distribution, string topicArn, AwsProvider usEast1)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(distribution);
        ErrorRate = policy.Create(this, "error_rate", "distribution-5xx-rate",
            "The distribution answered 5xx to this share of its requests: an origin (the router's API or the site " +
            "bucket) is failing or unreachable. First look: the router alarms and the dashboard's error rates; for the " +
            "site, the bucket policy and the origin access control.",
            Metric(distribution.Id, "5xxErrorRate"), "Average", inputs.Distribution5xxPercent.NumberValue, topicArn, usEast1);

        _ = new CloudfrontMonitoringSubscription(this, "additional_metrics", new CloudfrontMonitoringSubscriptionConfig
        {
            Provider = usEast1,
            Count = Token.AsNumber($"${{{Inputs.Variables.Reference(inputs.CloudFrontAdditionalMetrics)} ? 1 : 0}}"),
            DistributionId = distribution.Id,
            MonitoringSubscription = new CloudfrontMonitoringSubscriptionMonitoringSubscription
            {
                RealtimeMetricsSubscriptionConfig = new CloudfrontMonitoringSubscriptionMonitoringSubscriptionRealtimeMetricsSubscriptionConfig
                {
                    RealtimeMetricsSubscriptionStatus = "Enabled",
                },
            },
        });
    }

    /// <summary>The 5xx error rate alarm.</summary>
    public CloudwatchMetricAlarm ErrorRate { get; }

    /// <summary>A CloudFront metric of the distribution <paramref name="distributionId"/>.</summary>
    public static MetricId Metric(string distributionId, string name) => new("AWS/CloudFront", name,
        new Dictionary<string, string> { ["DistributionId"] = distributionId, ["Region"] = GlobalRegion });
}
