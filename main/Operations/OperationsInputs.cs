using Constructs;
using EdgeRouter.Inputs;

namespace EdgeRouter.Operations;

/// <summary>
/// The variables of the stack's alarms: where they go and when they fire. Every shape declares these; the router's
/// thresholds are in <see cref="RouterAlarmInputs"/>, declared only where the stack deploys the router.
/// <para>The defaults are chosen so that a small site (a few lookups a minute at most) does not page its owner on
/// noise: every alarm needs <see cref="DatapointsToAlarm"/> (2) breaching periods out of the last
/// <see cref="EvaluationPeriods"/> (3) of <see cref="PeriodSeconds"/> (5 minutes), so one bad request, one cold
/// start or one crawler burst never fires it, while a real outage fires within 10-15 minutes. Missing data (no
/// traffic at all) is never a breach.</para>
/// </summary>
public sealed class OperationsInputs
{
    /// <summary>Creates the variables in <paramref name="scope"/>.</summary>
    public OperationsInputs(Construct scope)
    {
        AlarmEmail = Variables.Create(scope, "alarm_email", VariableType.STRING,
            "Email address subscribed to every alarm topic the stack creates (AWS sends a confirmation mail first; " +
            "nothing arrives until it is confirmed). Default \"\": no subscription; subscribe yourself to the " +
            "alarm_topic_arns output.",
            "",
            ("${var.alarm_email == \"\" || (length(var.alarm_email) <= 254 && can(regex(\"^[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\\\\.)+[A-Za-z]{2,}$\", var.alarm_email)))}",
                "alarm_email must be empty or one email address such as ops@example.com."));

        AlarmTopicArn = Variables.Create(scope, "alarm_topic_arn", VariableType.STRING,
            "ARN of an existing SNS topic in aws_region for the alarms (no topic is created there then; it must let " +
            "CloudWatch publish: not encrypted with the aws/sns key). The distribution's alarm lives in us-east-1, " +
            "so outside us-east-1 the stack still creates a topic there. Default \"\": the stack creates the topics.",
            "",
            ("${var.alarm_topic_arn == \"\" || can(regex(\"^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$\", var.alarm_topic_arn))}",
                "alarm_topic_arn must be empty or an SNS topic ARN such as arn:aws:sns:eu-central-1:123456789012:alarms."),
            ("${var.alarm_topic_arn == \"\" || try(split(\":\", var.alarm_topic_arn)[3] == var.aws_region, false)}",
                "alarm_topic_arn must name a topic in aws_region: a CloudWatch alarm publishes only to a topic in its own region."));

        PeriodSeconds = Variables.Create(scope, "alarm_period_seconds", VariableType.NUMBER,
            "Length of one alarm evaluation period, in seconds. Default 300 (5 minutes: long enough that a quiet " +
            "site has a few requests in it, short enough to hear of an outage within 15 minutes).",
            300,
            ("${var.alarm_period_seconds >= 60 && var.alarm_period_seconds <= 3600 && var.alarm_period_seconds % 60 == 0}",
                "alarm_period_seconds must be a multiple of 60 from 60 to 3600."));

        EvaluationPeriods = Variables.Create(scope, "alarm_evaluation_periods", VariableType.NUMBER,
            "How many recent periods an alarm looks at. Default 3.",
            3,
            ("${var.alarm_evaluation_periods >= 1 && var.alarm_evaluation_periods <= 24 && floor(var.alarm_evaluation_periods) == var.alarm_evaluation_periods}",
                "alarm_evaluation_periods must be a whole number from 1 to 24."));

        DatapointsToAlarm = Variables.Create(scope, "alarm_datapoints_to_alarm", VariableType.NUMBER,
            "How many of those periods must breach before an alarm fires. Default 2 (of 3): one noisy period never " +
            "fires an alarm, a lasting fault does.",
            2,
            ("${var.alarm_datapoints_to_alarm >= 1 && var.alarm_datapoints_to_alarm <= var.alarm_evaluation_periods && floor(var.alarm_datapoints_to_alarm) == var.alarm_datapoints_to_alarm}",
                "alarm_datapoints_to_alarm must be a whole number from 1 to alarm_evaluation_periods."));

        Distribution5xxPercent = Variables.Create(scope, "distribution_5xx_alarm_percent", VariableType.NUMBER,
            "The distribution's 5xx error rate (percent of all its requests, average over a period) at or above which " +
            "its alarm breaches. Default 10: on a quiet site one failed request among a handful is already several " +
            "percent, so a lower bar pages on noise; an origin that is down gives 100.",
            10,
            ("${var.distribution_5xx_alarm_percent > 0 && var.distribution_5xx_alarm_percent <= 100}",
                "distribution_5xx_alarm_percent must be a number above 0 and at most 100."));

        CloudFrontAdditionalMetrics = Variables.Create(scope, "cloudfront_additional_metrics", VariableType.BOOL,
            "Turn on CloudFront's additional distribution metrics (cache hit rate, origin latency, error rates by " +
            "status) for the dashboard. They are billed as CloudWatch custom metrics (README, \"What it costs\"), " +
            "more than the rest of a small site's monitoring together. Default false.",
            false,
            ("${var.cloudfront_additional_metrics == true || var.cloudfront_additional_metrics == false}",
                "cloudfront_additional_metrics must be true or false."));
    }

    /// <summary><c>alarm_email</c>.</summary>
    public TerraformVariable AlarmEmail { get; }

    /// <summary><c>alarm_topic_arn</c>.</summary>
    public TerraformVariable AlarmTopicArn { get; }

    /// <summary><c>alarm_period_seconds</c>.</summary>
    public TerraformVariable PeriodSeconds { get; }

    /// <summary><c>alarm_evaluation_periods</c>.</summary>
    public TerraformVariable EvaluationPeriods { get; }

    /// <summary><c>alarm_datapoints_to_alarm</c>.</summary>
    public TerraformVariable DatapointsToAlarm { get; }

    /// <summary><c>distribution_5xx_alarm_percent</c>.</summary>
    public TerraformVariable Distribution5xxPercent { get; }

    /// <summary><c>cloudfront_additional_metrics</c>.</summary>
    public TerraformVariable CloudFrontAdditionalMetrics { get; }
}
