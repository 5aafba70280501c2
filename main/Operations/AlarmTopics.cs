using Constructs;
using EdgeRouter.Inputs;

namespace EdgeRouter.Operations;

/// <summary>
/// Where alarms go: an SNS topic in the stack's region (or the user's own, <c>alarm_topic_arn</c>) and, because a
/// CloudWatch alarm publishes only to a topic in its own region and CloudFront's metrics (so the distribution's
/// alarm) live in us-east-1, a second topic there whenever the stack's region is another one. <c>alarm_email</c>
/// is subscribed to each topic the stack creates. Both alarm and OK notifications go to them, so a recovery is
/// seen as well as the fault.
/// <para>The topics are not encrypted. SNS can encrypt with a KMS key, but CloudWatch can publish to an encrypted
/// topic only when the key's policy lets the <c>cloudwatch.amazonaws.com</c> principal use it, and the AWS managed
/// key <c>alias/aws/sns</c> has a policy no one can change (SNS developer guide, "Enable compatibility between event
/// sources from AWS services and encrypted topics",
/// https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services): with it the
/// alarms would fire into nothing. A customer managed key would work but costs $1 a month per key and region,
/// more than the alarms themselves, to protect messages that hold only an alarm's name, metric and threshold.</para>
/// </summary>
public sealed class AlarmTopics : Construct
{
    /// <summary>The region of CloudFront's metrics.</summary>
    public const string CloudFrontMetricsRegion = "us-east-1";

    /// <summary>Creates the topics for the stack named <paramref name="name"/> (the site bucket's name).</summary>
    public AlarmTopics(Construct scope, string id, string name, OperationsInputs inputs, EdgeInputs edge, AwsProvider usEast1)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(edge);
        var existing = Variables.Reference(inputs.AlarmTopicArn);
        var email = Variables.Reference(inputs.AlarmEmail);
        var region = Variables.Reference(edge.AwsRegion);
        TopicName = $"{name}-alarms";

        var regional = new SnsTopic(this, "regional", new SnsTopicConfig
        {
            Count = Token.AsNumber($"${{{existing} == \"\" ? 1 : 0}}"),
            Name = TopicName,
            DisplayName = "edge-router alarms",
        });
        var regionalArn = $"one({Address(regional)}[*].arn)";
        _ = new SnsTopicSubscription(this, "regional_email", new SnsTopicSubscriptionConfig
        {
            Count = Token.AsNumber($"${{{existing} == \"\" && {email} != \"\" ? 1 : 0}}"),
            TopicArn = $"${{{regionalArn}}}",
            Protocol = "email",
            Endpoint = inputs.AlarmEmail.StringValue,
        });

        var cloudFront = new SnsTopic(this, "us_east_1", new SnsTopicConfig
        {
            Provider = usEast1,
            Count = Token.AsNumber($"${{{region} == \"{CloudFrontMetricsRegion}\" ? 0 : 1}}"),
            Name = TopicName,
            DisplayName = "edge-router alarms (CloudFront, us-east-1)",
        });
        var cloudFrontArn = $"one({Address(cloudFront)}[*].arn)";
        _ = new SnsTopicSubscription(this, "us_east_1_email", new SnsTopicSubscriptionConfig
        {
            Provider = usEast1,
            Count = Token.AsNumber($"${{{region} != \"{CloudFrontMetricsRegion}\" && {email} != \"\" ? 1 : 0}}"),
            TopicArn = $"${{{cloudFrontArn}}}",
            Protocol = "email",
            Endpoint = inputs.AlarmEmail.StringValue,
        });

        // one(...) is null for a topic not created (count 0); a conditional evaluates both branches' types, so an
        // index [0] on an empty list would fail even where it is not chosen.
        RegionalArn = $"${{{existing} != \"\" ? {existing} : {regionalArn}}}";
        CloudFrontArn = $"${{{region} == \"{CloudFrontMetricsRegion}\" ? ({existing} != \"\" ? {existing} : {regionalArn}) : {cloudFrontArn}}}";
    }

    /// <summary>The topics' name: unique per site (the bucket name is globally unique).</summary>
    public string TopicName { get; }

    /// <summary>The ARN alarms in the stack's region publish to (an expression).</summary>
    public string RegionalArn { get; }

    /// <summary>The ARN the distribution's alarm (in us-east-1) publishes to (an expression).</summary>
    public string CloudFrontArn { get; }

    private static string Address(TerraformResource resource) => $"{resource.TerraformResourceType}.{resource.FriendlyUniqueId}";
}
