namespace EdgeRouter.Guardrails.Rules;

/// <summary>
/// ER002: a behaviour is configured either by the legacy <c>forwarded_values</c> block or by a cache policy,
/// never both. CloudFront rejects the combination at deploy time (the original CloudFormation setup had it), so
/// it must fail here instead, where it costs nothing.
/// </summary>
public sealed class NoForwardedValuesBesideCachePolicy : IGuardrail
{
    /// <inheritdoc />
    public string Id => "ER002";

    /// <inheritdoc />
    public string? CheckovId => null;

    /// <inheritdoc />
    public string Reason => "CloudFront rejects a behaviour that has both forwarded_values and a cache policy";

    /// <inheritdoc />
    public IEnumerable<Violation> Check(SynthesizedStack stack) =>
        Behaviour.All(stack)
            .Where(b => b.Block["forwarded_values"] is not null && b.Block["cache_policy_id"] is not null)
            .Select(b => new Violation(Id, b.Where, "has both forwarded_values and cache_policy_id",
                "remove forwarded_values; the cache and origin request policies replace it"));
}
