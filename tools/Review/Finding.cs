namespace EdgeRouter.Review;

/// <summary>One thing a rule found in a plan.</summary>
/// <param name="RuleId">The rule, e.g. <c>RV001</c>.</param>
/// <param name="Address">The resource instance it is about; <c>ALLOW=</c> acknowledges findings by this address.</param>
/// <param name="What">What the plan does, in one sentence.</param>
/// <param name="Why">Why it matters.</param>
/// <param name="Action">What to do.</param>
/// <param name="Blocking">Whether it stops the review (exit 1) unless acknowledged; otherwise a notice.</param>
public sealed record Finding(string RuleId, string Address, string What, string Why, string Action, bool Blocking = true)
{
    /// <summary>Whether <c>ALLOW=</c> named its address.</summary>
    public bool Acknowledged { get; init; }
}
