using Constructs;

namespace EdgeRouter.Policies;

/// <summary>
/// Security headers added to every response, from the bucket and from the API alike. Stack-owned rather than
/// AWS's managed <c>SecurityHeadersPolicy</c> so that every value is visible in the plan and HSTS can be as long
/// as the preload list asks. No Content-Security-Policy: only the site's author knows what their pages load.
/// </summary>
public sealed class SecurityHeadersPolicy : Construct
{
    /// <summary>Creates the policy.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="name">Name, unique in the account; at most 128 characters.</param>
    /// <param name="hstsMaxAgeSeconds">HSTS max-age (a Terraform reference or a number).</param>
    public SecurityHeadersPolicy(Construct scope, string id, string name, double hstsMaxAgeSeconds) : base(scope, id)
    {
        Policy = new CloudfrontResponseHeadersPolicy(this, "policy", new CloudfrontResponseHeadersPolicyConfig
        {
            Name = name,
            Comment = "edge-router security headers",
            SecurityHeadersConfig = Headers(hstsMaxAgeSeconds),
        });
    }

    /// <summary>The security headers, shared with the router's policy (<see cref="RouterHeadersPolicy"/>) so that
    /// the two can never drift apart.</summary>
    /// <param name="hstsMaxAgeSeconds">HSTS max-age (a Terraform reference or a number).</param>
    internal static CloudfrontResponseHeadersPolicySecurityHeadersConfig Headers(double hstsMaxAgeSeconds) => new()
    {
        // Override: these are the site's policy, whatever an origin sends.
        StrictTransportSecurity = new CloudfrontResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurity
        {
            AccessControlMaxAgeSec = hstsMaxAgeSeconds,
            IncludeSubdomains = true,
            Preload = false,
            Override = true,
        },
        ContentTypeOptions = new CloudfrontResponseHeadersPolicySecurityHeadersConfigContentTypeOptions
        {
            Override = true,
        },
        FrameOptions = new CloudfrontResponseHeadersPolicySecurityHeadersConfigFrameOptions
        {
            FrameOption = "DENY",
            Override = true,
        },
        ReferrerPolicy = new CloudfrontResponseHeadersPolicySecurityHeadersConfigReferrerPolicy
        {
            ReferrerPolicy = "strict-origin-when-cross-origin",
            Override = true,
        },
    };

    /// <summary>The policy resource.</summary>
    public CloudfrontResponseHeadersPolicy Policy { get; }
}
