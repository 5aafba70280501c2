namespace EdgeRouter.Review.Rules;

/// <summary>
/// RV007: the origin secret (<c>terraform_data.origin_verify_value_…</c>, README "Only through the distribution") is
/// replaced or deleted. CloudFront sends it as <c>X-Origin-Verify</c> and the router answers 403 to anything else, so
/// both must change together: the function takes the new value within seconds, CloudFront only once the
/// distribution is deployed to every edge (minutes), and every lookup in between gets the router's 403. Rotating it
/// is sometimes right (a leak); the rule makes sure it is on purpose, and says when the plan changes one side only.
/// </summary>
public sealed class OriginSecretChanges : IReviewRule
{
    /// <inheritdoc />
    public string Id => "RV007";

    /// <inheritdoc />
    public string Title => "the origin secret (X-Origin-Verify) replaced or deleted";

    /// <inheritdoc />
    public IEnumerable<Finding> Check(PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var change in plan.Changes.Where(c => c.Mode == "managed" && c.Type == "terraform_data" && c.Destroys
            && (c.ConstructPath?.EndsWith("/origin_verify/value", StringComparison.Ordinal) == true
                || c.ResourceAddress.StartsWith("terraform_data.origin_verify_value", StringComparison.Ordinal))))
        {
            var distribution = plan.Changes.Any(c => c.Type == "aws_cloudfront_distribution" && c.Kind is ChangeKind.Update or ChangeKind.Replace or ChangeKind.Create);
            var router = plan.Changes.Any(c => c.Type == "aws_lambda_function" && c.Kind is ChangeKind.Update or ChangeKind.Replace or ChangeKind.Create);
            var routerDeployed = plan.Changes.Any(c => c.Type == "aws_lambda_function");
            var sides = (distribution, router || !routerDeployed) switch
            {
                (true, true) => "The plan changes the distribution's header and the router's secret together, but CloudFront takes minutes to deploy: lookups get the router's 403 until it has.",
                (false, _) => "The distribution is NOT changed in this plan: the router would refuse every request CloudFront sends with the old value (403 on every lookup).",
                (true, false) => "The router function is NOT changed in this plan: it keeps the old value and refuses CloudFront's new header (403 on every lookup).",
            };
            yield return new Finding(Id, change.Address,
                $"The origin secret is {PlanValues.Verb(change)}{PlanValues.Because(change)}.",
                "CloudFront sends it as X-Origin-Verify and the router answers 403 to any other value. " + sides,
                "Rotate only on purpose (a leaked secret), at a quiet hour, and acknowledge it: ALLOW=" + change.Address + ". Otherwise plan without -replace.");
        }
    }
}
