using EdgeRouter.Origins;
using EdgeRouter.Policies;

namespace EdgeRouter.Behaviours;

/// <summary>
/// The default behaviour: everything no router pattern matches is a file from the site bucket. HTTPS only
/// (HTTP is redirected), cached with AWS's CachingOptimized policy, compressed. Caching is configured only with
/// a cache policy: the legacy <c>forwarded_values</c> block is never set, because CloudFront rejects a
/// behaviour that has both.
/// </summary>
public static class SiteBehaviour
{
    /// <summary>Methods the bucket answers; OPTIONS lets browsers' CORS preflights through to S3.</summary>
    public static readonly string[] AllowedMethods = ["GET", "HEAD", "OPTIONS"];

    /// <summary>Methods whose answers are cached.</summary>
    public static readonly string[] CachedMethods = ["GET", "HEAD"];

    /// <summary>Builds the default behaviour.</summary>
    /// <param name="responseHeadersPolicyId">The security headers policy.</param>
    /// <param name="indexRewrite">The viewer-request function that serves subdirectory index documents.</param>
    public static CloudfrontDistributionDefaultCacheBehavior Create(string responseHeadersPolicyId,
        CloudfrontDistributionDefaultCacheBehaviorFunctionAssociation indexRewrite) => new()
    {
        FunctionAssociation = new[] { indexRewrite },
        TargetOriginId = StaticSiteOrigin.OriginId,
        ViewerProtocolPolicy = "redirect-to-https",
        AllowedMethods = AllowedMethods,
        CachedMethods = CachedMethods,
        CachePolicyId = ManagedPolicies.CachingOptimized,
        ResponseHeadersPolicyId = responseHeadersPolicyId,
        Compress = true,
    };
}
