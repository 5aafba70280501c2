namespace EdgeRouter.Review;

/// <summary>
/// A plan, every finding of every rule, and what <c>ALLOW=</c> acknowledged. Exit status: 0 no blocking finding
/// left, 1 a blocking finding not acknowledged, 2 when an ALLOW address matches no finding (a typo must never allow
/// something silently) or the input cannot be read (<see cref="ReviewInputException"/>).
/// </summary>
/// <param name="Plan">The plan reviewed.</param>
/// <param name="Findings">Every finding, acknowledged ones marked.</param>
/// <param name="UnmatchedAllows">ALLOW entries that match no finding.</param>
public sealed record ReviewResult(PlanDocument Plan, IReadOnlyList<Finding> Findings, IReadOnlyList<string> UnmatchedAllows)
{
    /// <summary>Runs <paramref name="rules"/> on <paramref name="plan"/> and applies <paramref name="allow"/> (addresses).</summary>
    public static ReviewResult Run(PlanDocument plan, IEnumerable<IReviewRule> rules, IReadOnlyCollection<string> allow)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(allow);
        var findings = rules.SelectMany(rule => rule.Check(plan))
            .Select(f => f with { Acknowledged = allow.Any(a => Matches(a, f.Address)) })
            .ToList();
        var unmatched = allow.Where(a => !findings.Any(f => Matches(a, f.Address))).ToList();
        return new ReviewResult(plan, findings, unmatched);
    }

    /// <summary>An ALLOW entry names the instance (<c>aws_x.y["k"]</c>) or the resource, all its instances (<c>aws_x.y</c>).</summary>
    public static bool Matches(string allowed, string address)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(address);
        return allowed == address || (address.StartsWith(allowed, StringComparison.Ordinal) && address.Length > allowed.Length && address[allowed.Length] == '[');
    }

    /// <summary>Blocking findings nobody acknowledged.</summary>
    public IReadOnlyList<Finding> Blocking => [.. Findings.Where(f => f.Blocking && !f.Acknowledged)];

    /// <summary>0, 1 or 2 as the type's summary says.</summary>
    public int ExitCode => UnmatchedAllows.Count > 0 ? 2 : Blocking.Count > 0 ? 1 : 0;

    /// <summary>The resource changes worth a line (no no-ops, no reads), grouped by construct in plan order.</summary>
    public IReadOnlyList<IGrouping<string, ResourceChange>> ChangesByConstruct =>
        [.. Plan.Changes.Where(c => c.Kind is not (ChangeKind.NoOp or ChangeKind.Read)).GroupBy(c => c.Construct)];

    /// <summary>How many instances of each kind.</summary>
    public int Count(ChangeKind kind) => Plan.Changes.Count(c => c.Kind == kind);

    /// <summary>The one-line verdict both formats end with.</summary>
    public string Verdict => ExitCode switch
    {
        2 => $"ALLOW names {string.Join(", ", UnmatchedAllows)}, which no finding in this plan has (addresses with findings: {(Findings.Count == 0 ? "none" : string.Join(", ", Findings.Select(f => f.Address).Distinct()))}); a typo must not allow anything: fix ALLOW (exit 2)",
        1 => $"blocked by {Blocking.Count} finding(s) (exit 1); if one is intended, acknowledge it by address: ALLOW={string.Join(",", Blocking.Select(f => f.Address).Distinct())}",
        _ => Findings.Any(f => f.Acknowledged)
            ? $"passed with {Findings.Count(f => f.Acknowledged)} acknowledged finding(s) (exit 0)"
            : "passed: no blocking finding (exit 0)",
    };
}
