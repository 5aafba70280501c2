using System.Text.Json.Nodes;

namespace EdgeRouter.Guardrails.Rules;

/// <summary>
/// ER004: every bucket blocks public access with all four settings, has no ACL resource, and no bucket policy
/// statement allows a wildcard principal without a condition.
/// </summary>
public sealed class BucketsAreNotPublic : IGuardrail
{
    private static readonly string[] Blocks = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

    /// <inheritdoc />
    public string Id => "ER004";

    /// <inheritdoc />
    public string? CheckovId => "CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56";

    /// <inheritdoc />
    public string Reason => "the site and the state must be readable only through CloudFront and by their owners";

    /// <inheritdoc />
    public IEnumerable<Violation> Check(SynthesizedStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var blocks = stack.Resources("aws_s3_bucket_public_access_block").Select(b => b.Value).ToList();
        foreach (var (name, _) in stack.Resources("aws_s3_bucket"))
        {
            var address = $"aws_s3_bucket.{name}";
            var block = blocks.FirstOrDefault(b => SynthesizedStack.RefersTo(b["bucket"], address));
            var off = Blocks.Where(setting => block?[setting] is not JsonValue v || !v.TryGetValue(out bool on) || !on).ToList();
            if (off.Count > 0)
            {
                yield return new Violation(Id, address, $"public access is not blocked ({string.Join(", ", off)} not true)",
                    "add an aws_s3_bucket_public_access_block for the bucket with all four settings true");
            }
        }

        foreach (var (name, _) in stack.Resources("aws_s3_bucket_acl"))
        {
            yield return new Violation(Id, $"aws_s3_bucket_acl.{name}", "sets a bucket ACL",
                "remove it; object ownership BucketOwnerEnforced disables ACLs");
        }

        foreach (var (name, document) in stack.DataSources("aws_iam_policy_document"))
        {
            foreach (var statement in SynthesizedStack.Blocks(document["statement"]))
            {
                var allows = statement["effect"]?.ToString() is null or "Allow";
                var wildcard = SynthesizedStack.Blocks(statement["principals"])
                    .Any(p => p["identifiers"] is JsonArray ids && ids.Any(i => i?.ToString() == "*"));
                if (allows && wildcard && statement["condition"] is null)
                {
                    yield return new Violation(Id, $"data.aws_iam_policy_document.{name}",
                        $"statement {statement["sid"]} allows any principal without a condition",
                        "name the principal (e.g. the cloudfront.amazonaws.com service with an AWS:SourceArn condition)");
                }
            }
        }
    }
}
