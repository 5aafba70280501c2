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
    public PrivateBucket(Construct scope, string id, string bucketName) : base(scope, id)
    {
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
        new S3BucketVersioningA(this, "versioning", new S3BucketVersioningAConfig
        {
            Bucket = Bucket.Id,
            VersioningConfiguration = new S3BucketVersioningVersioningConfiguration { Status = "Enabled" },
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
