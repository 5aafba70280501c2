namespace EdgeRouter.Pipeline;

/// <summary>
/// The resources the pipeline's roles are scoped to, as IAM ARN parts (literals or Terraform expressions).
/// </summary>
/// <param name="AccountId">The AWS account (an expression: the identity provider's ARN carries it).</param>
/// <param name="StateBucket">The state bucket's name.</param>
/// <param name="StateKeyPrefix">The folder of the state objects in it, ending in <c>/</c> (or empty: the whole bucket).</param>
/// <param name="SiteBucketArns">Every site bucket's ARN (one per environment).</param>
/// <param name="SiteObjectArns">Every site bucket's objects (<c>arn:aws:s3:::name/*</c>).</param>
/// <param name="HostedZoneArns">The Route 53 zones the alias records go in (one never-matching ARN when none).</param>
public sealed record DeployScope(
    string AccountId,
    string StateBucket,
    string StateKeyPrefix,
    string[] SiteBucketArns,
    string[] SiteObjectArns,
    string[] HostedZoneArns);
