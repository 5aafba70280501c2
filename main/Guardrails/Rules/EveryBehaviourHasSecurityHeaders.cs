namespace EdgeRouter.Guardrails.Rules;

/// <summary>ER008: every behaviour attaches one of the stack's own response headers policies, and that policy sends
/// HSTS (<c>security_headers_config.strict_transport_security</c>).</summary>
/// <remarks>Why not "any policy": the router behaviours have a policy of their own (CORS on top of the security
/// headers), and the easy way to get CORS on a path is a managed CORS policy, which sends no HSTS; a policy the stack
/// does not define (a managed or foreign ID) cannot be checked here, so it is refused rather than trusted.</remarks>
public sealed class EveryBehaviourHasSecurityHeaders : IGuardrail
{
    private const string PolicyType = "aws_cloudfront_response_headers_policy";

    /// <inheritdoc />
    public string Id => "ER008";

    /// <inheritdoc />
    public string? CheckovId => "CKV2_AWS_32";

    /// <inheritdoc />
    public string Reason => "without HSTS a viewer's first request can be downgraded to HTTP";

    /// <inheritdoc />
    public IEnumerable<Violation> Check(SynthesizedStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var policies = stack.Resources(PolicyType).ToList();
        foreach (var behaviour in Behaviour.All(stack))
        {
            var id = behaviour.Block["response_headers_policy_id"];
            if (id is null)
            {
                yield return new Violation(Id, behaviour.Where, "has no response_headers_policy_id", "attach the stack's security headers policy");
                continue;
            }

            var policy = policies.FirstOrDefault(p => SynthesizedStack.RefersTo(id, $"{PolicyType}.{p.Key}"));
            if (policy.Value is null)
            {
                yield return new Violation(Id, behaviour.Where, $"response_headers_policy_id {id} is not one of the stack's response headers policies",
                    "attach the stack's security headers policy (or, on a router path, its router headers policy): a managed CORS policy sends no HSTS");
                continue;
            }

            if (SynthesizedStack.Blocks(policy.Value["security_headers_config"]).All(s => s["strict_transport_security"] is null))
            {
                yield return new Violation(Id, behaviour.Where, $"its policy {PolicyType}.{policy.Key} sends no Strict-Transport-Security",
                    "give the policy the stack's security headers (SecurityHeadersPolicy.Headers)");
            }
        }
    }
}
