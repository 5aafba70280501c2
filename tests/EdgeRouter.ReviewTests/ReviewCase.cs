namespace EdgeRouter.ReviewTests;

/// <summary>
/// One change planned against the applied prior state: the plan's extra arguments (<c>-var</c>, <c>-replace</c>),
/// which of moto's distribution drift stays ignored (<see cref="MotoOverride.DistributionDrift"/>), and any override of
/// its own (a hand edit of the stack, as a user editing the C# would make).
/// </summary>
public sealed record ReviewCase(string Name, string[] PlanArguments, string[]? IgnoreOnDistribution = null,
    Action<JsonObject, JsonObject>? Edit = null);
