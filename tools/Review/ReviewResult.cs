using System.Text.RegularExpressions;

namespace EdgeRouter.Review;

/// <summary>
/// A plan, every finding of every rule, and what <c>ALLOW=</c> acknowledged. Exit status: 0 no blocking finding
/// left, 1 a blocking finding not acknowledged, 2 when an ALLOW entry matches no finding (a typo must never allow
/// something silently) or names an address with findings of more than one rule (acknowledging an alias change must
/// not also pass the Host header or a replacement of the same distribution), or the input cannot be read
/// (<see cref="ReviewInputException"/>).
/// </summary>
/// <param name="Plan">The plan reviewed.</param>
/// <param name="Findings">Every finding, acknowledged ones marked.</param>
/// <param name="UnmatchedAllows">ALLOW entries that match no finding.</param>
public sealed partial record ReviewResult(PlanDocument Plan, IReadOnlyList<Finding> Findings, IReadOnlyList<string> UnmatchedAllows)
{
    /// <summary>Bare ALLOW addresses whose findings come from more than one rule, with those rules; none acknowledged.</summary>
    public IReadOnlyList<(string Entry, IReadOnlyList<string> Rules)> AmbiguousAllows { get; init; } = [];

    /// <summary>Runs <paramref name="rules"/> on <paramref name="plan"/> and applies <paramref name="allow"/> (addresses).</summary>
    public static ReviewResult Run(PlanDocument plan, IEnumerable<IReviewRule> rules, IReadOnlyCollection<string> allow)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(allow);
        var found = rules.SelectMany(rule => rule.Check(plan)).ToList();
        // A bare address acknowledges only when every finding it covers is of one rule; otherwise the person meant
        // one of them and must say which (RV003:address).
        var ambiguous = allow.Where(a => RuleOf(a) is null)
            .Select(a => (Entry: a, Rules: (IReadOnlyList<string>)[.. found.Where(f => Matches(a, f)).Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal)]))
            .Where(a => a.Rules.Count > 1)
            .ToList();
        var usable = allow.Where(a => !ambiguous.Any(x => x.Entry == a)).ToList();
        var findings = found.Select(f => f with { Acknowledged = usable.Any(a => Matches(a, f)) }).ToList();
        var unmatched = allow.Where(a => !found.Any(f => Matches(a, f))).ToList();
        return new ReviewResult(plan, findings, unmatched) { AmbiguousAllows = ambiguous };
    }

    /// <summary>
    /// An ALLOW entry acknowledges a finding when it names its instance (<c>aws_x.y["k"]</c>) or its resource, all its
    /// instances (<c>aws_x.y</c>), optionally after the rule: <c>RV003:aws_x.y</c> acknowledges only RV003's findings
    /// there. Exact and case-sensitive, as Terraform's addresses are: no globs.
    /// </summary>
    public static bool Matches(string allowed, Finding finding)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(finding);
        var rule = RuleOf(allowed);
        return (rule is null || rule == finding.RuleId) && Matches(rule is null ? allowed : allowed[(rule.Length + 1)..], finding.Address);
    }

    /// <summary>Whether the address <paramref name="allowed"/> covers the instance <paramref name="address"/>.</summary>
    public static bool Matches(string allowed, string address)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(address);
        return allowed == address || (address.StartsWith(allowed, StringComparison.Ordinal) && address.Length > allowed.Length && address[allowed.Length] == '[');
    }

    /// <summary>The rule an entry names (<c>RV003</c> of <c>RV003:aws_x.y</c>); null for a bare address.</summary>
    public static string? RuleOf(string allowed) =>
        RulePrefix().Match(allowed ?? "") is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("^(RV[0-9]{3}):")]
    private static partial Regex RulePrefix();

    /// <summary>Blocking findings nobody acknowledged.</summary>
    public IReadOnlyList<Finding> Blocking => [.. Findings.Where(f => f.Blocking && !f.Acknowledged)];

    /// <summary>0, 1 or 2 as the type's summary says.</summary>
    public int ExitCode => UnmatchedAllows.Count > 0 || AmbiguousAllows.Count > 0 ? 2 : Blocking.Count > 0 ? 1 : 0;

    /// <summary>The resource changes worth a line (no no-ops, no reads), grouped by construct in plan order.</summary>
    public IReadOnlyList<IGrouping<string, ResourceChange>> ChangesByConstruct =>
        [.. Plan.Changes.Where(c => c.Kind is not (ChangeKind.NoOp or ChangeKind.Read)).GroupBy(c => c.Construct)];

    /// <summary>How many instances of each kind.</summary>
    public int Count(ChangeKind kind) => Plan.Changes.Count(c => c.Kind == kind);

    /// <summary>The one-line verdict both formats end with.</summary>
    public string Verdict => ExitCode switch
    {
        2 => string.Join("; ", new[]
            {
                UnmatchedAllows.Count > 0
                    ? $"ALLOW names {string.Join(", ", UnmatchedAllows)}, which no finding in this plan has (findings: {(Findings.Count == 0 ? "none" : string.Join(", ", Findings.Select(Entry).Distinct()))}); a typo must not allow anything"
                    : null,
                AmbiguousAllows.Count > 0
                    ? "ALLOW " + string.Join(", ", AmbiguousAllows.Select(a => $"{a.Entry} has findings of {string.Join(" and ", a.Rules)}")) +
                        $": an address alone would acknowledge all of them; name each one you intend, e.g. ALLOW={Shell(string.Join(",", AmbiguousAllows.SelectMany(a => a.Rules.Select(r => $"{r}:{a.Entry}"))))}"
                    : null,
            }.OfType<string>()) + ": fix ALLOW (exit 2)",
        1 => $"blocked by {Blocking.Count} finding(s) (exit 1); if one is intended, acknowledge it by rule and address: ALLOW={Shell(string.Join(",", Blocking.Select(Entry).Distinct()))}",
        _ => Findings.Any(f => f.Acknowledged)
            ? $"passed with {Findings.Count(f => f.Acknowledged)} acknowledged finding(s) (exit 0)"
            : "passed: no blocking finding (exit 0)",
    };

    // The suggested ALLOW value as a person pastes it after `make review`: an instance address holds quotes and
    // brackets (aws_x.y["example.com"]), which the shell took away unquoted (ALLOW=…[example.com] matched nothing,
    // exit 2), so such a value is single-quoted (a quote inside as '\'').
    private static string Shell(string value) =>
        ShellSafe().IsMatch(value) ? value : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z0-9_.,:/-]*$")]
    private static partial Regex ShellSafe();

    // The ALLOW entry that acknowledges exactly this finding's rule at its address.
    private static string Entry(Finding finding) => $"{finding.RuleId}:{finding.Address}";
}
