namespace EdgeRouter.Guardrails.Rules;

/// <summary>ER008: every behaviour attaches a response headers policy (HSTS and the other security headers).</summary>
public sealed class EveryBehaviourHasSecurityHeaders : IGuardrail
{
    /// <inheritdoc />
    public string Id => "ER008";

    /// <inheritdoc />
    public string? CheckovId => "CKV2_AWS_32";

    /// <inheritdoc />
    public string Reason => "without HSTS a viewer's first request can be downgraded to HTTP";

    /// <inheritdoc />
    public IEnumerable<Violation> Check(SynthesizedStack stack) =>
        Behaviour.All(stack)
            .Where(b => b.Block["response_headers_policy_id"] is null)
            .Select(b => new Violation(Id, b.Where, "has no response_headers_policy_id",
                "attach the stack's security headers policy"));
}
