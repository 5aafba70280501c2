namespace EdgeRouter.Review.Rules;

/// <summary>
/// RV006: a bucket's public-access block loosened: one of its four settings planned false (or unknown), or the
/// block deleted while its bucket stays. The four settings are what keeps a mistaken ACL or policy from making the
/// site's or the state's objects public; every bucket of this app has all four on (guardrail ER004).
/// </summary>
public sealed class PublicAccessBlockLoosened : IReviewRule
{
    private static readonly string[] Settings = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

    /// <inheritdoc />
    public string Id => "RV006";

    /// <inheritdoc />
    public string Title => "a public-access block loosened or deleted";

    /// <inheritdoc />
    public IEnumerable<Finding> Check(PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        const string Why = "The public-access block is what keeps a mistaken ACL or policy from making the bucket's objects public.";
        foreach (var change in plan.Changes.Where(c => c.Mode == "managed" && c.Type == "aws_s3_bucket_public_access_block"))
        {
            if (change.Kind == ChangeKind.Delete)
            {
                var bucketGone = plan.Changes.Any(c => c.Type == "aws_s3_bucket" && c.Destroys
                    && PlanValues.Text(c.Before, "bucket") == PlanValues.Text(change.Before, "bucket"));
                if (!bucketGone)
                {
                    yield return new Finding(Id, change.Address,
                        $"The public-access block of the bucket {PlanValues.Text(change.Before, "bucket")} is deleted; the bucket stays.",
                        Why, "Keep the public-access block with all four settings true.");
                }

                continue;
            }

            if (change.Kind is not (ChangeKind.Create or ChangeKind.Update or ChangeKind.Replace))
            {
                continue;
            }

            var off = Settings.Where(s => PlanValues.Flag(change.After, s) != true).ToList();
            if (off.Count > 0)
            {
                yield return new Finding(Id, change.Address,
                    $"The public-access block of the bucket {PlanValues.Text(change.After, "bucket") ?? PlanValues.Text(change.Before, "bucket") ?? "(known after apply)"} is planned with {string.Join(", ", off)} not true.",
                    Why, "Set all four (block_public_acls, block_public_policy, ignore_public_acls, restrict_public_buckets) to true; the site is served through CloudFront's OAC, never publicly.");
            }
        }
    }
}
