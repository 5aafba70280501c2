namespace EdgeRouter.PlanTests;

/// <summary>
/// The variables of one plan: the variables file (<see cref="PlanSettings.VarFile"/>) plus these -var values.
/// </summary>
/// <param name="Name">A file-safe name.</param>
/// <param name="Vars">-var NAME=VALUE, after the file (they win).</param>
public sealed record VariableSet(string Name, IReadOnlyDictionary<string, string> Vars)
{
    /// <summary>The variables file alone.</summary>
    public static VariableSet Example { get; } = new("example", new Dictionary<string, string>());

    /// <summary>A readable name in test output.</summary>
    public override string ToString() => Name;
}
