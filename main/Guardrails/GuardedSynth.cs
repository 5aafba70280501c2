using System.Text.Json.Nodes;

namespace EdgeRouter.Guardrails;

/// <summary>
/// Synthesizes an app and publishes the result only when every stack passes the guardrails. The app writes into a
/// staging folder of its own; each stack's <c>cdk.tf.json</c> is checked there, as written. A violation prints the
/// rule, the place and the fix, removes the staging folder and leaves the output folder as it was; a clean synth
/// replaces the output folder with the staging one.
/// </summary>
/// <remarks>
/// One synth, checked on disk: rendering each stack in memory first (<c>Testing.Synth</c>) and synthesizing again
/// cost ~90 ms of every run (benchmarks/results/synth.md). The staging folder is a sibling of the output folder,
/// so publishing it is a rename, and the relative paths in the manifest and the stacks (assets/…) stay valid.
/// </remarks>
public static class GuardedSynth
{
    /// <summary>The staging folder for <paramref name="outdir"/>: a sibling, named for this process.</summary>
    public static string StagingFolderFor(string outdir) =>
        $"{Path.TrimEndingDirectorySeparator(Path.GetFullPath(outdir))}.staging-{Environment.ProcessId}";

    /// <summary>
    /// Synthesizes <paramref name="app"/> (whose outdir must be a staging folder, see <see cref="StagingFolderFor"/>),
    /// checks <paramref name="stacks"/> and publishes to <paramref name="outdir"/>.
    /// </summary>
    /// <returns>0 when published; 1 when a guardrail refused the synth.</returns>
    public static int Run(App app, IEnumerable<TerraformStack> stacks, IReadOnlyDictionary<string, string> waivers,
        TextWriter log, string outdir)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(stacks);
        ArgumentNullException.ThrowIfNull(waivers);
        ArgumentNullException.ThrowIfNull(log);
        var staging = Path.GetFullPath(app.Outdir);
        var target = Path.GetFullPath(outdir);
        if (string.Equals(staging, target, StringComparison.Ordinal))
        {
            throw new ArgumentException("the app must synthesize into a staging folder, not into the output folder itself", nameof(outdir));
        }

        foreach (var (id, reason) in waivers.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            log.WriteLine($"edge-router: guardrail {id} waived: {reason}");
        }

        try
        {
            app.Synth();
            var written = StackFiles(staging);
            var violations = stacks
                .SelectMany(stack => GuardrailSet.Check(Rendered(app, stack, written[stack.Node.Id]), waivers)
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

            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(staging, target);
            return 0;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    // The stack as Terraform JSON, which the rules read. A JSON synth is checked as written. An HCL synth
    // (`cdktf synth --hcl`, SYNTH_HCL_OUTPUT=true) writes cdk.tf, which no JSON parser reads: the rules then judge
    // the JSON the same runtime renders from the same synthesized stack (Testing.Synth: stack.toTerraform(), the
    // function the JSON synth writes, without the "//" metadata no rule reads). `make test-plan` proves that the
    // HCL and the JSON stack plan the same.
    private static SynthesizedStack Rendered(App app, TerraformStack stack, string written) =>
        app.HclOutput
            ? SynthesizedStack.Parse(Testing.Synth(stack))
            : SynthesizedStack.Parse(File.ReadAllText(written));

    // Stack name -> the cdk.tf.json the app wrote, as its manifest lists them.
    private static Dictionary<string, string> StackFiles(string folder)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")))?["stacks"] as JsonObject
            ?? throw new InvalidDataException($"{folder}/manifest.json lists no stacks");
        return manifest.ToDictionary(
            stack => stack.Key,
            stack => Path.Combine(folder, (string?)stack.Value?["synthesizedStackPath"]
                ?? throw new InvalidDataException($"{folder}/manifest.json: stack {stack.Key} has no synthesizedStackPath")),
            StringComparer.Ordinal);
    }
}
