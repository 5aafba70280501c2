namespace EdgeRouter.Review.Rules;

/// <summary>
/// RV002: the CloudFront distribution is deleted or replaced. A new distribution has a new <c>*.cloudfront.net</c>
/// name and ID; the aliases cannot be on two distributions at once (CNAMEAlreadyExists), so the new one cannot take
/// them while the old one holds them; a deployment takes minutes and DNS must follow. The bucket policy's
/// AWS:SourceArn names the distribution, so the site is unreadable until that changes too.
/// </summary>
public sealed class DistributionReplaced : IReviewRule
{
    /// <inheritdoc />
    public string Id => "RV002";

    /// <inheritdoc />
    public string Title => "the CloudFront distribution deleted or replaced";

    /// <inheritdoc />
    public IEnumerable<Finding> Check(PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Changes.Where(c => c.Mode == "managed" && c.Type == "aws_cloudfront_distribution" && c.Destroys)
            .Select(c => new Finding(Id, c.Address,
                $"The distribution {PlanValues.Text(c.Before, "id") ?? c.Address} is {PlanValues.Verb(c)}{PlanValues.Because(c)}.",
                "A new distribution gets a new *.cloudfront.net name and ID: DNS records, the bucket policy's AWS:SourceArn and anything that invalidates by ID must follow, and the aliases cannot move until the old distribution lets them go; expect minutes of errors.",
                "Find the attribute that forces it (above) and change it back, or plan the move: a second distribution beside the old one, then the aliases."));
    }
}
