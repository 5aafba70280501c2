namespace EdgeRouter.Guardrails;

/// <summary>A place where a synthesized stack breaks a rule, and what to change.</summary>
/// <param name="RuleId">The rule broken.</param>
/// <param name="Where">The Terraform address (and block) at fault.</param>
/// <param name="Problem">What is wrong.</param>
/// <param name="Fix">What to change.</param>
public sealed record Violation(string RuleId, string Where, string Problem, string Fix)
{
    /// <inheritdoc />
    public override string ToString() => $"{RuleId} {Where}: {Problem}. Fix: {Fix}";
}
