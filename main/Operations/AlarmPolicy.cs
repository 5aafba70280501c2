using Constructs;

namespace EdgeRouter.Operations;

/// <summary>
/// What every alarm of the stack shares: its evaluation window (periods, datapoints), where its notifications go,
/// that no data is not a breach (a quiet site sends none), and the prefix that makes its name unique per site.
/// </summary>
/// <param name="NamePrefix">Prefix of every alarm name (the site bucket's name: globally unique).</param>
/// <param name="PeriodSeconds">Period, a Terraform number expression.</param>
/// <param name="EvaluationPeriods">Periods evaluated, a Terraform number expression.</param>
/// <param name="DatapointsToAlarm">Breaching periods needed, a Terraform number expression.</param>
public sealed record AlarmPolicy(string NamePrefix, double PeriodSeconds, double EvaluationPeriods, double DatapointsToAlarm)
{
    /// <summary>How every alarm treats a period without data: not a breach (no traffic is not a fault).</summary>
    public const string TreatMissingData = "notBreaching";

    /// <summary>Creates an alarm on one metric.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="suffix">Alarm name after the prefix (e.g. <c>router-errors</c>).</param>
    /// <param name="description">What it means and where to look first (README, "When it breaks").</param>
    /// <param name="metric">Namespace, metric name and dimensions.</param>
    /// <param name="statistic">A statistic (Sum, Average, Maximum) or a percentile (p99).</param>
    /// <param name="threshold">Threshold, a Terraform number expression; breaching is at or above it.</param>
    /// <param name="topicArn">The SNS topic for alarm and OK notifications (an expression).</param>
    /// <param name="provider">The provider of the alarm's region (null: the stack's).</param>
    public CloudwatchMetricAlarm Create(Construct scope, string id, string suffix, string description, MetricId metric,
        string statistic, double threshold, string topicArn, AwsProvider? provider = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var percentile = statistic.StartsWith('p');
        return new CloudwatchMetricAlarm(scope, id, new CloudwatchMetricAlarmConfig
        {
            Provider = provider,
            AlarmName = $"{NamePrefix}-{suffix}",
            AlarmDescription = description,
            Namespace = metric.Namespace,
            MetricName = metric.Name,
            Dimensions = metric.Dimensions.ToDictionary(),
            Statistic = percentile ? null : statistic,
            ExtendedStatistic = percentile ? statistic : null,
            ComparisonOperator = "GreaterThanOrEqualToThreshold",
            Threshold = threshold,
            Period = PeriodSeconds,
            EvaluationPeriods = EvaluationPeriods,
            DatapointsToAlarm = DatapointsToAlarm,
            TreatMissingData = TreatMissingData,
            ActionsEnabled = true,
            AlarmActions = [topicArn],
            OkActions = [topicArn],
        });
    }
}
