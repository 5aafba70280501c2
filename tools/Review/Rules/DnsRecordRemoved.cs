namespace EdgeRouter.Review.Rules;

/// <summary>
/// RV010: a DNS record of the site (<c>aws_route53_record</c>, the A and AAAA aliases to the distribution) deleted or
/// replaced. Deleted, the name stops resolving: the site and its WebFinger are gone for everyone whose resolver has
/// no cached answer, and nothing else in the plan need change for it (a <c>route53_zone_id</c> emptied by mistake
/// deletes every record with no other finding). Replaced (a change of zone or name), Terraform deletes the old record
/// before creating the new one: the name does not resolve in between, and a failed create leaves it so.
/// </summary>
public sealed class DnsRecordRemoved : IReviewRule
{
    /// <inheritdoc />
    public string Id => "RV010";

    /// <inheritdoc />
    public string Title => "a DNS record of the site deleted or replaced";

    /// <inheritdoc />
    public IEnumerable<Finding> Check(PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Changes.Where(c => c.Mode == "managed" && c.Type == "aws_route53_record" && c.Destroys)
            .Select(c => new Finding(Id, c.Address,
                $"The DNS record {PlanValues.Text(c.Before, "name") ?? c.Address} ({PlanValues.Text(c.Before, "type") ?? "?"}) in the zone {PlanValues.Text(c.Before, "zone_id") ?? "?"} is {PlanValues.Verb(c)}{PlanValues.Because(c)}.",
                "Without it the name stops resolving to the distribution: the site and its WebFinger answers are unreachable by that name (on a replacement, between the delete and the create, and for good if the create fails).",
                "If the name is meant to go (an alias removed), acknowledge it; if not, check route53_zone_id and aliases in the variables file. To move zones, create the records in the new zone first, outside this stack."));
    }
}
