using HashiCorp.Cdktf;

namespace EdgeRouter.Guardrails;

/// <summary>
/// Synthesizes an app only when every stack passes the guardrails: each stack is first rendered in memory and
/// checked; a violation prints the rule, the place and the fix, and nothing is written.
/// </summary>
public static class GuardedSynth
{
    /// <summary>Checks <paramref name="stacks"/>, then synthesizes <paramref name="app"/>.</summary>
    /// <returns>0 when written; 1 when a guardrail refused the synth.</returns>
    public static int Run(App app, IEnumerable<TerraformStack> stacks, IReadOnlyDictionary<string, string> waivers, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(waivers);
        ArgumentNullException.ThrowIfNull(log);
        foreach (var (id, reason) in waivers.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            log.WriteLine($"edge-router: guardrail {id} waived: {reason}");
        }

        var violations = stacks
            .SelectMany(stack => GuardrailSet.Check(SynthesizedStack.Parse(Testing.Synth(stack)), waivers)
                .Select(v => (Stack: stack.Node.Id, Violation: v)))
            .ToList();
        if (violations.Count > 0)
        {
            foreach (var (stack, violation) in violations)
            {
                log.WriteLine($"edge-router: {stack}: {violation}");
            }

            log.WriteLine($"edge-router: synth refused: {violations.Count} guardrail violation(s); nothing was written. " +
                "Fix them, or waive a rule with a reason in cdktf.json's context.guardrailWaivers.");
            return 1;
        }

        app.Synth();
        return 0;
    }
}
