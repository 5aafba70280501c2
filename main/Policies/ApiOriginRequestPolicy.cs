using Constructs;
using EdgeRouter.Configuration;

namespace EdgeRouter.Policies;

/// <summary>
/// The origin request policy of the router behaviours: everything the viewer sent reaches the API, except
/// <c>Host</c>. With the viewer's Host (say <c>example.com</c>) API Gateway cannot find the API and answers 403
/// <c>{"message":"Forbidden"}</c>; without it, CloudFront sends the origin's own domain name, which API Gateway
/// knows. Either AWS's managed policy (the default) or a stack-owned policy with the same effect.
/// </summary>
public sealed class ApiOriginRequestPolicy : Construct
{
    /// <summary>Creates the policy <paramref name="kind"/> asks for (nothing, for the managed one).</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="kind">Managed or stack-owned.</param>
    /// <param name="name">Name of a stack-owned policy; unique in the account, at most 128 characters.</param>
    public ApiOriginRequestPolicy(Construct scope, string id, ApiOriginRequestPolicyKind kind, string name) : base(scope, id)
    {
        if (kind == ApiOriginRequestPolicyKind.Managed)
        {
            PolicyId = ManagedPolicies.AllViewerExceptHostHeader;
            return;
        }

        var policy = new CloudfrontOriginRequestPolicy(this, "policy", new CloudfrontOriginRequestPolicyConfig
        {
            Name = name,
            Comment = "Forward all viewer values to the API except Host, which API Gateway rejects",
            HeadersConfig = new CloudfrontOriginRequestPolicyHeadersConfig
            {
                HeaderBehavior = "allExcept",
                Headers = new CloudfrontOriginRequestPolicyHeadersConfigHeaders { Items = ["Host"] },
            },
            CookiesConfig = new CloudfrontOriginRequestPolicyCookiesConfig { CookieBehavior = "all" },
            QueryStringsConfig = new CloudfrontOriginRequestPolicyQueryStringsConfig { QueryStringBehavior = "all" },
        });
        PolicyId = policy.Id;
    }

    /// <summary>The ID to put in a behaviour's <c>origin_request_policy_id</c>.</summary>
    public string PolicyId { get; }
}
