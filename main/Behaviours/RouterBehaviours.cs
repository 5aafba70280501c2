using EdgeRouter.Origins;
using EdgeRouter.Policies;

namespace EdgeRouter.Behaviours;

/// <summary>
/// The behaviours that send the router's paths (by default exactly the paths it answers) to the API origin, one per
/// path pattern, in the order given. Not cached (CachingDisabled: each lookup is answered by the router) unless
/// the owner opts into a short edge cache keyed on the query string (<c>webfinger_cache_seconds</c>), all
/// methods allowed so the API sees OPTIONS and can answer 405 itself, and an origin request policy that forwards
/// everything but <c>Host</c>.
/// </summary>
public static class RouterBehaviours
{
    /// <summary>All seven methods: CloudFront accepts only this set or the two smaller ones.</summary>
    public static readonly string[] AllowedMethods = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

    /// <summary>Methods whose answers could be cached (none are, under CachingDisabled).</summary>
    public static readonly string[] CachedMethods = ["GET", "HEAD"];

    /// <summary>Builds one behaviour per path pattern.</summary>
    /// <param name="pathPatterns">Validated path patterns (see <c>EdgeSettings.RouterPathPatterns</c>).</param>
    /// <param name="cachePolicyId">CachingDisabled, or the optional WebFinger cache policy (no headers in its key).</param>
    /// <param name="originRequestPolicyId">A policy that forwards no Host header.</param>
    /// <param name="responseHeadersPolicyId">The router headers policy (security headers and CORS).</param>
    public static CloudfrontDistributionOrderedCacheBehavior[] Create(
        IEnumerable<string> pathPatterns, string cachePolicyId, string originRequestPolicyId, string responseHeadersPolicyId) =>
        [.. pathPatterns.Select(pattern => new CloudfrontDistributionOrderedCacheBehavior
        {
            PathPattern = pattern,
            TargetOriginId = HttpApiOrigin.OriginId,
            ViewerProtocolPolicy = "redirect-to-https",
            AllowedMethods = AllowedMethods,
            CachedMethods = CachedMethods,
            CachePolicyId = cachePolicyId,
            OriginRequestPolicyId = originRequestPolicyId,
            ResponseHeadersPolicyId = responseHeadersPolicyId,
            Compress = true,
        })];
}
