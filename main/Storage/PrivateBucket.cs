using Constructs;

namespace EdgeRouter.Storage;

/// <summary>
/// A bucket nobody reads directly: every public-access block is on, ACLs are disabled (BucketOwnerEnforced),
/// objects are encrypted at rest and versioned, the bucket can never be destroyed by a plan, and its policy
/// denies every request not made over TLS. The site bucket and the state bucket are both one of these; the site
/// adds a statement for its CloudFront distribution (see <see cref="AttachPolicy(DataAwsIamPolicyDocumentStatement[])"/>).
/// </summary>
public sealed class PrivateBucket : Construct
{
    /// <summary>Creates the bucket named <paramref name="bucketName"/> and its guards.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="bucketName">The bucket's name (a Terraform expression is fine).</param>
    /// <param name="retention">How long old versions and unfinished uploads are kept.</param>
    public PrivateBucket(Construct scope, string id, string bucketName, VersionRetention retention) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(retention);
        Bucket = new S3Bucket(this, "bucket", new S3BucketConfig
        {
            Bucket = bucketName,
            // Never empty a bucket to delete it, and refuse any plan that would destroy it: losing the site or the
            // state must take a deliberate edit of this file, not a renamed construct or a mistyped variable.
            ForceDestroy = false,
            Lifecycle = new TerraformResourceLifecycle { PreventDestroy = true },
        });

        PublicAccessBlock = new S3BucketPublicAccessBlock(this, "public_access_block", new S3BucketPublicAccessBlockConfig
        {
            Bucket = Bucket.Id,
            BlockPublicAcls = true,
            BlockPublicPolicy = true,
            IgnorePublicAcls = true,
            RestrictPublicBuckets = true,
        });

        // BucketOwnerEnforced turns ACLs off entirely, so no object can be made public by an ACL.
        new S3BucketOwnershipControls(this, "ownership_controls", new S3BucketOwnershipControlsConfig
        {
            Bucket = Bucket.Id,
            Rule = new S3BucketOwnershipControlsRule { ObjectOwnership = "BucketOwnerEnforced" },
        });

        // SSE-S3 rather than SSE-KMS: CloudFront's OAC reads SSE-S3 objects with no key policy to maintain.
        new S3BucketServerSideEncryptionConfigurationA(this, "encryption", new S3BucketServerSideEncryptionConfigurationAConfig
        {
            Bucket = Bucket.Id,
            Rule = new[]
            {
                new S3BucketServerSideEncryptionConfigurationRuleA
                {
                    ApplyServerSideEncryptionByDefault = new S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA
                    {
                        SseAlgorithm = "AES256",
                    },
                },
            },
        });

        // Versioning keeps every overwritten or deleted page recoverable.
        var versioning = new S3BucketVersioningA(this, "versioning", new S3BucketVersioningAConfig
        {
            Bucket = Bucket.Id,
            VersioningConfiguration = new S3BucketVersioningVersioningConfiguration { Status = "Enabled" },
        });

        // ...but not for ever: without expiry every overwrite is stored (and billed) indefinitely. One rule for the
        // whole bucket; the delete markers left once all of an object's old versions have expired go too.
        new S3BucketLifecycleConfiguration(this, "lifecycle", new S3BucketLifecycleConfigurationConfig
        {
            Bucket = Bucket.Id,
            Rule = new[]
            {
                new S3BucketLifecycleConfigurationRule
                {
                    Id = "expire-noncurrent-versions-and-abort-uploads",
                    Status = "Enabled",
                    Filter = new[] { new S3BucketLifecycleConfigurationRuleFilter { Prefix = "" } },
                    NoncurrentVersionExpiration = new[]
                    {
                        new S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration
                        {
                            NoncurrentDays = retention.NoncurrentDays,
                            NewerNoncurrentVersions = retention.NewerNoncurrentVersions,
                        },
                    },
                    AbortIncompleteMultipartUpload = new[]
                    {
                        new S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload
                        {
                            DaysAfterInitiation = retention.AbortIncompleteMultipartUploadDays,
                        },
                    },
                    Expiration = new[] { new S3BucketLifecycleConfigurationRuleExpiration { ExpiredObjectDeleteMarker = true } },
                },
            },
            // S3 applies noncurrent-version rules only to a bucket whose versioning is on; order the two.
            DependsOn = [versioning],
        });
    }

    /// <summary>The bucket.</summary>
    public S3Bucket Bucket { get; }

    /// <summary>The public-access block; the bucket policy waits for it.</summary>
    public S3BucketPublicAccessBlock PublicAccessBlock { get; }

    /// <summary>
    /// Writes the bucket policy: <paramref name="statements"/>, then a statement that denies any request not made
    /// over TLS. A bucket has one policy, so call this once.
    /// </summary>
    public S3BucketPolicy AttachPolicy(params DataAwsIamPolicyDocumentStatement[] statements) => AttachPolicy(null, statements);

    /// <summary>
    /// As <see cref="AttachPolicy(DataAwsIamPolicyDocumentStatement[])"/>, merging in the policy documents
    /// <paramref name="sourceDocuments"/> (JSON; a Terraform list expression is fine) first.
    /// </summary>
    public S3BucketPolicy AttachPolicy(string[]? sourceDocuments, params DataAwsIamPolicyDocumentStatement[] statements)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var document = new DataAwsIamPolicyDocument(this, "policy_document", new DataAwsIamPolicyDocumentConfig
        {
            SourcePolicyDocuments = sourceDocuments,
            Statement = statements.Append(
                new DataAwsIamPolicyDocumentStatement
                {
                    Sid = "DenyInsecureTransport",
                    Effect = "Deny",
                    Principals = new[]
                    {
                        new DataAwsIamPolicyDocumentStatementPrincipals { Type = "*", Identifiers = ["*"] },
                    },
                    Actions = ["s3:*"],
                    Resources = [Bucket.Arn, $"{Bucket.Arn}/*"],
                    Condition = new[]
                    {
                        new DataAwsIamPolicyDocumentStatementCondition
                        {
                            Test = "Bool",
                            Variable = "aws:SecureTransport",
                            Values = ["false"],
                        },
                    },
                }).ToArray(),
        });

        return new S3BucketPolicy(this, "policy", new S3BucketPolicyConfig
        {
            Bucket = Bucket.Id,
            Policy = document.Json,
            // S3 rejects a policy write while BlockPublicPolicy is still being applied; order the two.
            DependsOn = [PublicAccessBlock],
        });
    }
}
