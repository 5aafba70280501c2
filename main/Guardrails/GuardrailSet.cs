using EdgeRouter.Guardrails.Rules;

namespace EdgeRouter.Guardrails;

/// <summary>Every rule a synthesized edge must pass, and how waivers apply to them.</summary>
public static class GuardrailSet
{
    /// <summary>All rules, in ID order.</summary>
    public static IReadOnlyList<IGuardrail> All { get; } =
    [
        new ApiOriginNeverGetsViewerHost(),
        new NoForwardedValuesBesideCachePolicy(),
        new S3OriginOnlyThroughOac(),
        new BucketsAreNotPublic(),
        new BucketsAreEncryptedAndVersioned(),
        new ViewersUseHttps(),
        new TlsTwelveOrNewer(),
        new EveryBehaviourHasSecurityHeaders(),
        new LambdaIsLeastPrivilege(),
        new LogsExpire(),
        new DataCannotBeDestroyed(),
        new OldVersionsExpire(),
        new EveryFunctionHasAnErrorAlarm(),
        new CiRolesTrustOneRepository(),
    ];

    /// <summary>Runs every rule not in <paramref name="waivers"/> (rule ID to reason) on <paramref name="stack"/>.</summary>
    public static IReadOnlyList<Violation> Check(SynthesizedStack stack, IReadOnlyDictionary<string, string> waivers)
    {
        ArgumentNullException.ThrowIfNull(waivers);
        return [.. All.Where(rule => !waivers.ContainsKey(rule.Id)).SelectMany(rule => rule.Check(stack))];
    }
}
