namespace EdgeRouter.PlanTests;

/// <summary>
/// Values the stack's provider (hashicorp/aws 6.x) accepts and an older mirrored provider (5.100.0 here) rejects at
/// plan time. The one list of them: a plan case that sets such a value gets the replacement when the plans run on
/// an older major version, and the substitution is written in the plan's log. With
/// EDGE_ROUTER_PLAN_PROVIDER=registry (the stack's pin) nothing is replaced.
/// </summary>
public static class ProviderCompatibility
{
    /// <summary>One 6.x-only value of a Terraform variable and what a 5.x plan uses instead.</summary>
    /// <param name="Variable">The variable of the edge stack.</param>
    /// <param name="Value">The value only 6.x accepts.</param>
    /// <param name="Replacement">What the plan uses on an older provider.</param>
    /// <param name="SinceMajor">The first provider major version that accepts <paramref name="Value"/>.</param>
    /// <param name="Reason">Why, as the older provider says it.</param>
    public sealed record Entry(string Variable, string Value, string Replacement, int SinceMajor, string Reason);

    /// <summary>Every known 6.x-only value. Measured with 5.100.0: `terraform plan` stops with the reason quoted.</summary>
    public static IReadOnlyList<Entry> SixOnly { get; } =
    [
        new("minimum_protocol_version", "TLSv1.2_2025", "TLSv1.2_2021", 6,
            "5.100.0: expected minimum_protocol_version to be one of [... TLSv1.2_2019 TLSv1.2_2021]"),
        new("minimum_protocol_version", "TLSv1.3_2025", "TLSv1.2_2021", 6,
            "5.100.0: expected minimum_protocol_version to be one of [... TLSv1.2_2019 TLSv1.2_2021]"),
    ];

    /// <summary>
    /// The variables a plan passes with -var on a provider of <paramref name="major"/> (null: the stack's pin), and
    /// what was replaced.
    /// </summary>
    public static (IReadOnlyDictionary<string, string> Vars, IReadOnlyList<string> Replaced) Apply(
        IReadOnlyDictionary<string, string> vars, int? major)
    {
        var result = new Dictionary<string, string>(vars, StringComparer.Ordinal);
        var replaced = new List<string>();
        if (major is null)
        {
            return (result, replaced);
        }

        foreach (var entry in SixOnly.Where(e => major < e.SinceMajor))
        {
            if (result.TryGetValue(entry.Variable, out var value) && value == entry.Value)
            {
                result[entry.Variable] = entry.Replacement;
                replaced.Add($"{entry.Variable} = \"{entry.Value}\" planned as \"{entry.Replacement}\" on provider {major}.x ({entry.Reason})");
            }
        }

        return (result, replaced);
    }
}
