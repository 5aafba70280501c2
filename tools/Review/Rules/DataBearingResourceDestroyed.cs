namespace EdgeRouter.Review.Rules;

/// <summary>
/// RV001: a resource that holds data is deleted or replaced: a bucket (the site's or the state's), its versioning
/// or its lifecycle configuration, or the router's log group. A bucket replaced means a new, empty bucket (or, with
/// force_destroy = false as this stack has, an apply that fails half-way once the old one is found not empty);
/// versioning replaced suspends it for a moment and deleted suspends it for good; a lifecycle configuration deleted
/// leaves old versions forever or, replaced, expires them by a new rule; a log group deleted takes its logs with it.
/// Where a name comes from a variable (site_bucket_name), renaming it is what usually causes this.
/// </summary>
public sealed class DataBearingResourceDestroyed : IReviewRule
{
    /// <inheritdoc />
    public string Id => "RV001";

    /// <inheritdoc />
    public string Title => "a data-bearing resource (bucket, its versioning or lifecycle, the router's log group) deleted or replaced";

    /// <inheritdoc />
    public IEnumerable<Finding> Check(PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var change in plan.Changes.Where(c => c.Mode == "managed" && c.Destroys))
        {
            var owner = change.ConstructPath?.Contains("-state/", StringComparison.Ordinal) == true ? "the state bucket" : "the site bucket";
            var (what, why, action) = change.Type switch
            {
                "aws_s3_bucket" => (
                    $"{Capitalize(owner)} {Name(change)} is {PlanValues.Verb(change)}{PlanValues.Because(change)}.",
                    owner == "the state bucket"
                        ? "Every Terraform state of this app is in it: a new bucket starts empty and every stack loses track of what it deployed."
                        : "A new bucket starts empty: the site is gone until it is published again, and with force_destroy = false the apply stops half-way when the old bucket still holds objects (or old versions).",
                    "Keep the bucket's name (site_bucket_name); to move, create the new bucket beside the old one, copy the objects, switch, and only then remove the old one. If only the address changed, terraform state mv."),
                "aws_s3_bucket_versioning" => (
                    $"The versioning of {owner} {Name(change)} is {PlanValues.Verb(change)}{PlanValues.Because(change)}.",
                    "Without versioning an overwritten or deleted object cannot be recovered; removing the resource suspends versioning on the bucket.",
                    "Keep the versioning resource on the same bucket; if the bucket itself is replaced, see that finding first."),
                "aws_s3_bucket_lifecycle_configuration" => (
                    $"The lifecycle configuration of {owner} {Name(change)} is {PlanValues.Verb(change)}{PlanValues.Because(change)}.",
                    "It decides how long old versions stay recoverable: deleted, they are kept (and paid for) forever; replaced, the new rule applies to every old version at once.",
                    "Check the noncurrent-version days you mean to keep (site_noncurrent_version_days, state_noncurrent_version_days) before applying."),
                "aws_cloudwatch_log_group" => (
                    $"The router's log group {Name(change)} is {PlanValues.Verb(change)}{PlanValues.Because(change)}.",
                    "Deleting a log group deletes every log in it: the router's history (router_log_retention_days of it) is lost.",
                    "Export what you need first (aws logs create-export-task), or keep the function's name, which names the group."),
                _ => (null!, null!, null!),
            };
            if (what is not null)
            {
                yield return new Finding(Id, change.Address, what, why, action);
            }
        }
    }

    private static string Name(ResourceChange change) =>
        PlanValues.Text(change.Before, "bucket") ?? PlanValues.Text(change.Before, "name") ?? change.Address;

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
