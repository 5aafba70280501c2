namespace EdgeRouter.PlanTests;

/// <summary>
/// One shape of the app's output: the synth-time settings (environment variables the app reads, README
/// "Synth-time settings") that change which resources the stacks hold.
/// </summary>
/// <param name="Name">A folder-safe name.</param>
/// <param name="Settings">EDGE_ROUTER_* variables for the synth; every other EDGE_ROUTER_* is removed.</param>
public sealed record StackShape(string Name, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>A readable name in test output.</summary>
    public override string ToString() => Name;
}
