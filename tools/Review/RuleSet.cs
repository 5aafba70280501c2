using EdgeRouter.Review.Rules;

namespace EdgeRouter.Review;

/// <summary>Every review rule, in ID order. Adding a rule: a file in Rules/, a line here, a row in README.md, a test.</summary>
public static class RuleSet
{
    /// <summary>The rules the review runs.</summary>
    public static IReadOnlyList<IReviewRule> All { get; } =
    [
        new DataBearingResourceDestroyed(),
        new DistributionReplaced(),
        new AliasesChanged(),
        new RouterBehaviourForwardsHost(),
        new BucketPolicyWithoutSourceArn(),
        new PublicAccessBlockLoosened(),
        new OriginSecretChanges(),
        new RouterEnvironmentTooLarge(),
        new TlsBelowMinimum(),
        new DnsRecordRemoved(),
    ];
}
