using System.Text.Json.Nodes;

namespace EdgeRouter.Guardrails.Rules;

/// <summary>
/// ER012: every versioned bucket has an enabled lifecycle rule for the whole bucket that expires noncurrent versions
/// and aborts incomplete multipart uploads. Versioning without expiry stores (and bills) every overwrite for ever.
/// </summary>
public sealed class OldVersionsExpire : IGuardrail
{
    /// <inheritdoc />
    public string Id => "ER012";

    /// <inheritdoc />
    public string? CheckovId => "CKV_AWS_300, CKV2_AWS_61";

    /// <inheritdoc />
    public string Reason => "a versioned bucket grows for ever unless old versions and unfinished uploads expire";

    /// <inheritdoc />
    public IEnumerable<Violation> Check(SynthesizedStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var lifecycles = stack.Resources("aws_s3_bucket_lifecycle_configuration").Select(r => r.Value).ToList();
        foreach (var (_, versioning) in stack.Resources("aws_s3_bucket_versioning"))
        {
            if (versioning["versioning_configuration"]?["status"]?.ToString() != "Enabled")
            {
                continue;
            }

            var bucket = stack.Resources("aws_s3_bucket").Select(b => $"aws_s3_bucket.{b.Key}")
                .FirstOrDefault(address => SynthesizedStack.RefersTo(versioning["bucket"], address));
            if (bucket is null)
            {
                continue;
            }

            var rules = lifecycles.Where(l => SynthesizedStack.RefersTo(l["bucket"], bucket))
                .SelectMany(l => SynthesizedStack.Blocks(l["rule"]))
                .Where(r => r["status"]?.ToString() == "Enabled" && CoversWholeBucket(r))
                .ToList();
            if (!rules.Any(r => SynthesizedStack.Blocks(r["noncurrent_version_expiration"]).Any(e => e["noncurrent_days"] is not null)))
            {
                yield return new Violation(Id, bucket, "is versioned but no enabled whole-bucket rule expires noncurrent versions",
                    "add an aws_s3_bucket_lifecycle_configuration rule with noncurrent_version_expiration.noncurrent_days");
            }

            if (!rules.Any(r => SynthesizedStack.Blocks(r["abort_incomplete_multipart_upload"]).Any(a => a["days_after_initiation"] is not null)))
            {
                yield return new Violation(Id, bucket, "has no enabled whole-bucket rule that aborts incomplete multipart uploads",
                    "add abort_incomplete_multipart_upload.days_after_initiation to a lifecycle rule");
            }
        }
    }

    // A rule narrowed by a prefix, tag or size leaves the rest of the bucket growing.
    private static bool CoversWholeBucket(JsonObject rule)
    {
        if (rule["prefix"] is { } prefix && prefix.ToString() != "")
        {
            return false;
        }

        var filters = SynthesizedStack.Blocks(rule["filter"]).ToList();
        return filters.All(f => f.Where(p => p.Key != "//").All(p => p.Key == "prefix" && p.Value?.ToString() == ""));
    }
}
