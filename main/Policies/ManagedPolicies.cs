namespace EdgeRouter.Policies;

/// <summary>
/// IDs of the AWS managed CloudFront policies the stack attaches. They are the same in every account and never
/// change, so they are written as constants (as AWS CDK's <c>CachePolicy.CACHING_OPTIMIZED</c> does) rather than
/// looked up with a data source that would need credentials even to plan.
/// </summary>
public static class ManagedPolicies
{
    /// <summary>
    /// <c>Managed-CachingOptimized</c>: long TTLs, no headers, cookies or query strings in the cache key, gzip and
    /// Brotli keys on. Right for static files.
    /// </summary>
    public const string CachingOptimized = "658327ea-f89d-4fab-a63d-7e88639e58f6";

    /// <summary><c>Managed-CachingDisabled</c>: TTL 0, so every request reaches the origin. Right for the router.</summary>
    public const string CachingDisabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

    /// <summary>
    /// <c>Managed-AllViewerExceptHostHeader</c>: every viewer header but <c>Host</c>, every cookie and query string.
    /// Made for API Gateway and Lambda function URL origins, which route on their own host name.
    /// </summary>
    public const string AllViewerExceptHostHeader = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
}
