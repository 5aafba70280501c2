using Constructs;
using EdgeRouter.Inputs;

namespace EdgeRouter.Policies;

/// <summary>
/// Optional edge caching of the router's answers (<c>webfinger_cache_seconds</c> above 0): a cache policy keyed on
/// the whole query string (<c>resource</c> and every <c>rel</c>), with no headers or cookies in the key, so
/// <c>Host</c> still never reaches the API. With 0 the behaviours keep AWS's CachingDisabled.
/// </summary>
public sealed class WebfingerCachePolicy : Construct
{
    /// <summary>Creates the policy (always: it costs nothing and keeps the plan stable when the TTL changes).</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="name">Name, unique in the account; at most 128 characters.</param>
    /// <param name="seconds">The <c>webfinger_cache_seconds</c> variable.</param>
    public WebfingerCachePolicy(Construct scope, string id, string name, TerraformVariable seconds) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        // CloudFront refuses key settings on a policy whose TTLs are all 0, hence max(…, 1) for the unused policy.
        var reference = Variables.Reference(seconds);
        var ttl = $"${{max({reference}, 1)}}";
        var policy = new CloudfrontCachePolicy(this, "policy", new CloudfrontCachePolicyConfig
        {
            Name = name,
            Comment = "edge-router: cache WebFinger answers per query string",
            MinTtl = 0,
            DefaultTtl = Token.AsNumber(ttl),
            MaxTtl = Token.AsNumber(ttl),
            ParametersInCacheKeyAndForwardedToOrigin = new CloudfrontCachePolicyParametersInCacheKeyAndForwardedToOrigin
            {
                HeadersConfig = new CloudfrontCachePolicyParametersInCacheKeyAndForwardedToOriginHeadersConfig { HeaderBehavior = "none" },
                CookiesConfig = new CloudfrontCachePolicyParametersInCacheKeyAndForwardedToOriginCookiesConfig { CookieBehavior = "none" },
                QueryStringsConfig = new CloudfrontCachePolicyParametersInCacheKeyAndForwardedToOriginQueryStringsConfig { QueryStringBehavior = "all" },
                EnableAcceptEncodingGzip = true,
                EnableAcceptEncodingBrotli = true,
            },
        });
        PolicyId = $"${{{reference} == 0 ? \"{ManagedPolicies.CachingDisabled}\" : {policy.TerraformResourceType}.{policy.FriendlyUniqueId}.id}}";
    }

    /// <summary>The ID for the router behaviours: CachingDisabled, or this policy when caching is on.</summary>
    public string PolicyId { get; }
}
