namespace EdgeRouter.Review;

/// <summary>One attribute whose value a plan changes.</summary>
/// <param name="Path">Where, e.g. <c>ordered_cache_behavior[0].origin_request_policy_id</c>.</param>
/// <param name="Before">The current value as text (<c>(sensitive)</c> when the plan marks it so).</param>
/// <param name="After">The planned value as text (<c>(known after apply)</c>, <c>(sensitive)</c>).</param>
/// <param name="ForcesReplacement">Whether this attribute is (under) one of the plan's replace_paths.</param>
public sealed record AttributeChange(string Path, string Before, string After, bool ForcesReplacement);
