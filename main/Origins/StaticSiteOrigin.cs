using Constructs;
using EdgeRouter.Storage;

namespace EdgeRouter.Origins;

/// <summary>
/// The S3 origin of the distribution, reached only through Origin Access Control: CloudFront signs every request
/// to the bucket with SigV4, and the bucket policy admits only this distribution. The bucket is addressed by its
/// regional domain name (the REST endpoint; the website endpoint cannot be used with OAC) and no origin access
/// identity is set, which is the legacy mechanism OAC replaces.
/// </summary>
public sealed class StaticSiteOrigin : Construct
{
    /// <summary>The origin ID the default behaviour targets.</summary>
    public const string OriginId = "site";

    private readonly PrivateBucket _site;

    /// <summary>Creates the origin access control for <paramref name="site"/>.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="site">The private bucket.</param>
    /// <param name="name">
    /// Name of the origin access control, unique in the account; at most 64 characters. The stack passes the
    /// bucket name, which is globally unique and at most 63.
    /// </param>
    public StaticSiteOrigin(Construct scope, string id, PrivateBucket site, string name) : base(scope, id)
    {
        _site = site;
        AccessControl = new CloudfrontOriginAccessControl(this, "access_control", new CloudfrontOriginAccessControlConfig
        {
            Name = name,
            Description = "Lets only the edge-router distribution read the site bucket",
            OriginAccessControlOriginType = "s3",
            // "always": CloudFront signs every request, even when the viewer sent an Authorization header.
            SigningBehavior = "always",
            SigningProtocol = "sigv4",
        });
    }

    /// <summary>The origin access control.</summary>
    public CloudfrontOriginAccessControl AccessControl { get; }

    /// <summary>The distribution's origin block for the bucket.</summary>
    public CloudfrontDistributionOrigin ToOrigin() => new()
    {
        OriginId = OriginId,
        DomainName = _site.Bucket.BucketRegionalDomainName,
        OriginAccessControlId = AccessControl.Id,
    };

    /// <summary>
    /// Writes the bucket's policy: the CloudFront service may read objects only on behalf of
    /// <paramref name="distribution"/> (<c>AWS:SourceArn</c>), as OAC requires; nothing else may read at all.
    /// </summary>
    /// <param name="distribution">The one distribution that may read.</param>
    /// <param name="extraDocuments">Policy documents to merge in (JSON), e.g. a conditional list grant.</param>
    public void GrantReadTo(CloudfrontDistribution distribution, string[]? extraDocuments = null)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        _site.AttachPolicy(extraDocuments, new DataAwsIamPolicyDocumentStatement
        {
            Sid = "AllowCloudFrontReadThroughOAC",
            Effect = "Allow",
            Principals = new[]
            {
                new DataAwsIamPolicyDocumentStatementPrincipals { Type = "Service", Identifiers = ["cloudfront.amazonaws.com"] },
            },
            Actions = ["s3:GetObject"],
            Resources = [$"{_site.Bucket.Arn}/*"],
            Condition = new[]
            {
                new DataAwsIamPolicyDocumentStatementCondition
                {
                    Test = "StringEquals",
                    Variable = "AWS:SourceArn",
                    Values = [distribution.Arn],
                },
            },
        });
    }
}
