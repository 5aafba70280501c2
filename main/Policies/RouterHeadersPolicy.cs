using Constructs;

namespace EdgeRouter.Policies;

/// <summary>
/// The router behaviours' response headers policy: the site's security headers (<see cref="SecurityHeadersPolicy"/>)
/// plus CORS for any origin, so that every answer on a router path carries <c>Access-Control-Allow-Origin</c> as
/// RFC 7033 §5 asks, including one the router did not write.
/// </summary>
/// <remarks>
/// Why: with <c>not_found_mode = "error-page"</c> a router 404 reaches the viewer as the distribution's custom error
/// response (the site's 404 page, fetched from the bucket), which carries none of the router's own headers.
/// CloudFront applies a behaviour's response headers policy to "the responses that it sends to requests that match
/// the cache behavior", whether served from the cache or forwarded from the origin (Developer Guide, <i>Add or remove
/// HTTP headers in CloudFront responses with a policy</i>); the restriction it documents for error answers concerns
/// edge functions (viewer-response functions do not run when the origin answers 400 or more), not policies. So this
/// policy, attached to the router behaviours, is what puts the header back on that 404.
/// <c>origin_override = false</c>: the router's own CORS headers (its preflight answers, the Matrix client document's
/// methods and headers) stay exactly as it sends them; the policy only fills what is missing. CloudFront adds CORS
/// headers to CORS requests (those with an <c>Origin</c> header), which are the only ones a browser checks.
/// </remarks>
public sealed class RouterHeadersPolicy : Construct
{
    /// <summary>The methods named in <c>Access-Control-Allow-Methods</c> on a preflight the router did not answer
    /// itself: the lookups' methods, not the ones the router refuses with 405.</summary>
    public static readonly string[] AllowMethods = ["GET", "HEAD", "OPTIONS"];

    /// <summary>Creates the policy.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="name">Name, unique in the account; at most 128 characters.</param>
    /// <param name="hstsMaxAgeSeconds">HSTS max-age (a Terraform reference or a number).</param>
    public RouterHeadersPolicy(Construct scope, string id, string name, double hstsMaxAgeSeconds) : base(scope, id)
    {
        Policy = new CloudfrontResponseHeadersPolicy(this, "policy", new CloudfrontResponseHeadersPolicyConfig
        {
            Name = name,
            Comment = "edge-router router paths: security headers and CORS for any origin",
            SecurityHeadersConfig = SecurityHeadersPolicy.Headers(hstsMaxAgeSeconds),
            CorsConfig = new CloudfrontResponseHeadersPolicyCorsConfig
            {
                // Public, anonymous documents: any origin may read them, never with credentials.
                AccessControlAllowOrigins = new CloudfrontResponseHeadersPolicyCorsConfigAccessControlAllowOrigins { Items = ["*"] },
                AccessControlAllowMethods = new CloudfrontResponseHeadersPolicyCorsConfigAccessControlAllowMethods { Items = AllowMethods },
                AccessControlAllowHeaders = new CloudfrontResponseHeadersPolicyCorsConfigAccessControlAllowHeaders { Items = ["*"] },
                AccessControlAllowCredentials = false,
                OriginOverride = false,
            },
        });
    }

    /// <summary>The policy resource.</summary>
    public CloudfrontResponseHeadersPolicy Policy { get; }
}
