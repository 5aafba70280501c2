using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Aws.CloudfrontDistribution;
using HashiCorp.Cdktf.Providers.Aws.DataAwsIamPolicyDocument;
using HashiCorp.Cdktf.Providers.Aws.S3Bucket;
using HashiCorp.Cdktf.Providers.Aws.S3BucketOwnershipControls;
using HashiCorp.Cdktf.Providers.Aws.S3BucketPolicy;
using HashiCorp.Cdktf.Providers.Aws.S3BucketPublicAccessBlock;
using HashiCorp.Cdktf.Providers.Aws.S3BucketServerSideEncryptionConfiguration;
using HashiCorp.Cdktf.Providers.Aws.S3BucketVersioning;

namespace EdgeRouter.Site;

/// <summary>
/// The private bucket that holds the static site. Nobody reads it directly: every public-access block is on,
/// ACLs are disabled (BucketOwnerEnforced), objects are encrypted at rest and versioned, and the only reader the
/// bucket policy admits is the one CloudFront distribution that fronts it (see <see cref="AllowReadsFrom"/>).
/// </summary>
public sealed class SiteBucket : Construct
{
    /// <summary>Creates the bucket named <paramref name="bucketName"/> and its guards.</summary>
    public SiteBucket(Construct scope, string id, string bucketName) : base(scope, id)
    {
        Bucket = new S3Bucket(this, "bucket", new S3BucketConfig
        {
            Bucket = bucketName,
            // Never empty a bucket to delete it: losing the site's content must take a deliberate act.
            ForceDestroy = false,
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
    /// Writes the bucket policy: the CloudFront service may read objects only on behalf of
    /// <paramref name="distribution"/> (<c>AWS:SourceArn</c>), and any request not made over TLS is denied.
    /// </summary>
    public S3BucketPolicy AllowReadsFrom(CloudfrontDistribution distribution)
    {
        var document = new DataAwsIamPolicyDocument(this, "policy_document", new DataAwsIamPolicyDocumentConfig
        {
            Statement = new[]
            {
                new DataAwsIamPolicyDocumentStatement
                {
                    Sid = "AllowCloudFrontReadThroughOAC",
                    Effect = "Allow",
                    Principals = new[]
                    {
                        new DataAwsIamPolicyDocumentStatementPrincipals
                        {
                            Type = "Service",
                            Identifiers = ["cloudfront.amazonaws.com"],
                        },
                    },
                    Actions = ["s3:GetObject"],
                    Resources = [$"{Bucket.Arn}/*"],
                    Condition = new[]
                    {
                        new DataAwsIamPolicyDocumentStatementCondition
                        {
                            Test = "StringEquals",
                            Variable = "AWS:SourceArn",
                            Values = [distribution.Arn],
                        },
                    },
                },
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
                },
            },
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
