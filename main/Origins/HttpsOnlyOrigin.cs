namespace EdgeRouter.Origins;

/// <summary>
/// The one way the stack builds a custom origin for the router (an HTTP API or a function URL): https-only, TLS 1.2
/// only, the origin's custom headers (X-Origin-Verify). Both origin kinds share it, so a TLS or timeout change can
/// never reach one door and miss the other.
/// </summary>
internal static class HttpsOnlyOrigin
{
    /// <summary>The distribution's origin block.</summary>
    public static CloudfrontDistributionOrigin Build(string originId, string domainName, string? originPath,
        string? originAccessControlId, IReadOnlyDictionary<string, string> customHeaders, double readTimeoutSeconds,
        double keepaliveTimeoutSeconds) => new()
    {
        OriginId = originId,
        DomainName = domainName,
        OriginPath = originPath,
        OriginAccessControlId = originAccessControlId,
        CustomHeader = customHeaders
            .Select(h => new CloudfrontDistributionOriginCustomHeader { Name = h.Key, Value = h.Value })
            .ToArray(),
        CustomOriginConfig = new CloudfrontDistributionOriginCustomOriginConfig
        {
            // The provider requires both ports even for an https-only origin; 80 is never used.
            HttpPort = 80,
            HttpsPort = 443,
            OriginProtocolPolicy = "https-only",
            OriginSslProtocols = ["TLSv1.2"],
            OriginReadTimeout = readTimeoutSeconds,
            OriginKeepaliveTimeout = keepaliveTimeoutSeconds,
        },
    };
}
