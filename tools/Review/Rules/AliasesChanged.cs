namespace EdgeRouter.Review.Rules;

/// <summary>
/// RV003: the distribution's aliases (the host names viewers use) change on an existing distribution. A removed
/// name stops being served (its DNS then points at a distribution that refuses it); an added name needs the
/// certificate to cover it and DNS to point at the distribution, and CloudFront refuses a name another distribution
/// holds. A distribution created from nothing is not this rule's: there is nothing to move.
/// </summary>
public sealed class AliasesChanged : IReviewRule
{
    /// <inheritdoc />
    public string Id => "RV003";

    /// <inheritdoc />
    public string Title => "the distribution's aliases changed";

    /// <inheritdoc />
    public IEnumerable<Finding> Check(PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var change in plan.Changes.Where(c => c.Mode == "managed" && c.Type == "aws_cloudfront_distribution"
            && c.Kind is ChangeKind.Update or ChangeKind.Replace or ChangeKind.Delete))
        {
            var before = PlanValues.Strings(change.Before, "aliases").ToHashSet(StringComparer.Ordinal);
            if (change.Kind != ChangeKind.Delete && change.IsUnknown("aliases"))
            {
                yield return new Finding(Id, change.Address, "The distribution's aliases are known only after apply.",
                    "Nobody can review which host names the distribution will answer for.",
                    "Make the aliases plain values (the aliases variable), not values computed at apply.");
                continue;
            }

            var after = PlanValues.Strings(change.After, "aliases").ToHashSet(StringComparer.Ordinal);
            var removed = before.Except(after).Order(StringComparer.Ordinal).ToList();
            var added = after.Except(before).Order(StringComparer.Ordinal).ToList();
            if (removed.Count == 0 && added.Count == 0)
            {
                continue;
            }

            yield return new Finding(Id, change.Address,
                "The distribution's aliases change:" + (removed.Count > 0 ? $" removed {string.Join(", ", removed)}" : "")
                    + (removed.Count > 0 && added.Count > 0 ? ";" : "") + (added.Count > 0 ? $" added {string.Join(", ", added)}" : "") + ".",
                "A removed name stops being served by this distribution; an added one must be covered by the certificate (acm_certificate_arn), point at the distribution in DNS, and be free: CloudFront refuses a name another distribution holds.",
                "Check the certificate and the DNS records of every added name, and that nothing still uses a removed one.");
        }
    }
}
