namespace EdgeRouter.Guardrails.Rules;

/// <summary>ER005: every bucket has default encryption at rest and versioning enabled.</summary>
public sealed class BucketsAreEncryptedAndVersioned : IGuardrail
{
    /// <inheritdoc />
    public string Id => "ER005";

    /// <inheritdoc />
    public string? CheckovId => "CKV_AWS_19, CKV_AWS_145, CKV_AWS_21";

    /// <inheritdoc />
    public string Reason => "the site's and the state's objects must be encrypted at rest and recoverable after an overwrite";

    /// <inheritdoc />
    public IEnumerable<Violation> Check(SynthesizedStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var encryption = stack.Resources("aws_s3_bucket_server_side_encryption_configuration").Select(r => r.Value).ToList();
        var versioning = stack.Resources("aws_s3_bucket_versioning").Select(r => r.Value).ToList();
        foreach (var (name, _) in stack.Resources("aws_s3_bucket"))
        {
            var address = $"aws_s3_bucket.{name}";
            var sse = encryption.FirstOrDefault(e => SynthesizedStack.RefersTo(e["bucket"], address));
            var algorithm = SynthesizedStack.Blocks(sse?["rule"]).Select(r => r["apply_server_side_encryption_by_default"]?["sse_algorithm"]?.ToString())
                .FirstOrDefault();
            if (algorithm is not ("AES256" or "aws:kms" or "aws:kms:dsse"))
            {
                yield return new Violation(Id, address, "has no default encryption",
                    "add an aws_s3_bucket_server_side_encryption_configuration (AES256 or aws:kms)");
            }

            var status = versioning.FirstOrDefault(v => SynthesizedStack.RefersTo(v["bucket"], address))?["versioning_configuration"]?["status"]?.ToString();
            if (status != "Enabled")
            {
                yield return new Violation(Id, address, "does not have versioning enabled",
                    "add an aws_s3_bucket_versioning with status Enabled");
            }
        }
    }
}
