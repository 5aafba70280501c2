using System.Diagnostics;
using System.Globalization;

namespace EdgeRouter.PlanTests;

/// <summary>
/// One runner for the whole check. Every plan of <see cref="PlanMatrix"/> (and of the tests' own cases) starts at
/// once, so they run in parallel while the tests wait for the one they assert on. On disposal it writes how long
/// the check took, step by step, to build/plan/timing.txt (make test-plan prints it).
/// </summary>
public sealed class PlanFixture : IDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public PlanFixture()
    {
        var settings = PlanSettings.FromEnvironment();
        // Nothing from an earlier run (a shape since renamed, say) stays beside this run's copies.
        foreach (var stale in new[] { "copies", "synth", "logs" }.Select(f => Path.Combine(settings.WorkRoot, f)).Where(Directory.Exists))
        {
            Directory.Delete(stale, recursive: true);
        }

        Runner = new PlanRunner(settings);
        foreach (var planCase in AllCases)
        {
            _ = Runner.Plan(planCase);
        }
    }

    /// <summary>Every case the tests use, started up front.</summary>
    public static IEnumerable<PlanCase> AllCases =>
    [
        .. PlanMatrix.EdgeCases(),
        PlanMatrix.StateCase(),
        .. BrokenCopyTests.Cases,
        .. HclEquivalenceTests.Cases,
        .. GithubPipelinePlanTests.Cases,
    ];

    /// <summary>The runner.</summary>
    public PlanRunner Runner { get; }

    public void Dispose()
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"test-plan: {_clock.Elapsed.TotalSeconds:F1} s wall for {Runner.Processes.Timings.Count} processes " +
                $"({Runner.Processes.Timings.Sum(t => t.Took.TotalSeconds):F1} s summed, {Runner.Settings.Jobs} at a time), " +
                $"provider {Runner.Settings.Provider.Mode} {Runner.Settings.Provider.MirroredVersion ?? "(the stack's pin)"}"),
        };
        lines.AddRange(Runner.Processes.Timings.Select(t => string.Create(CultureInfo.InvariantCulture, $"  {t.Took.TotalSeconds,6:F1} s  {t.Step}")));
        File.WriteAllLines(Path.Combine(Runner.Settings.WorkRoot, "timing.txt"), lines);
    }
}

/// <summary>The tests that share the runner.</summary>
[CollectionDefinition(Name)]
public sealed class PlanCollection : ICollectionFixture<PlanFixture>
{
    public const string Name = "plans";
}
