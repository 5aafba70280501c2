namespace EdgeRouter.Guardrails.Rules;

/// <summary>
/// ER003: every S3 origin is reached through an Origin Access Control: no origin access identity (the legacy
/// mechanism) and no website endpoint (which cannot be signed and needs a public bucket).
/// </summary>
public sealed class S3OriginOnlyThroughOac : IGuardrail
{
    /// <inheritdoc />
    public string Id => "ER003";

    /// <inheritdoc />
    public string? CheckovId => "CKV_AWS_310";

    /// <inheritdoc />
    public string Reason => "a bucket reached without OAC must be readable by someone other than this distribution";

    /// <inheritdoc />
    public IEnumerable<Violation> Check(SynthesizedStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        foreach (var (name, distribution) in stack.Resources("aws_cloudfront_distribution"))
        {
            foreach (var origin in SynthesizedStack.Blocks(distribution["origin"]))
            {
                var domain = origin["domain_name"]?.ToString() ?? "";
                var where = $"aws_cloudfront_distribution.{name}.origin[{origin["origin_id"]}]";
                if (domain.Contains("s3-website", StringComparison.Ordinal) || domain.Contains(".website_endpoint}", StringComparison.Ordinal))
                {
                    yield return new Violation(Id, where, "uses an S3 website endpoint",
                        "use the bucket's bucket_regional_domain_name with an origin access control");
                }
                else if (domain.Contains("aws_s3_bucket.", StringComparison.Ordinal) || domain.Contains(".s3.", StringComparison.Ordinal))
                {
                    if (origin["origin_access_control_id"] is null)
                    {
                        yield return new Violation(Id, where, "is an S3 origin without origin_access_control_id",
                            "set origin_access_control_id to an aws_cloudfront_origin_access_control of type s3");
                    }

                    if (origin["s3_origin_config"]?["origin_access_identity"]?.ToString() is { Length: > 0 })
                    {
                        yield return new Violation(Id, where, "uses an origin access identity",
                            "remove s3_origin_config; OAC replaces origin access identities");
                    }
                }
            }
        }
    }
}
