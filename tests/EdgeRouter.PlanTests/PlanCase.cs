namespace EdgeRouter.PlanTests;

/// <summary>The output format of a synth: Terraform JSON (cdk.tf.json, the default) or HCL (cdk.tf, make hcl).</summary>
public enum StackFormat
{
    /// <summary>cdk.tf.json.</summary>
    Json,

    /// <summary>cdk.tf (SYNTH_HCL_OUTPUT=true, as `cdktf synth --hcl` runs the app).</summary>
    Hcl,
}

/// <summary>One plan: a stack of a shape, in a format, with a set of variables.</summary>
/// <param name="Shape">The synth settings.</param>
/// <param name="Stack">edge-router or edge-router-state.</param>
/// <param name="Format">JSON or HCL.</param>
/// <param name="Variables">The variables (the state stack has none: <see cref="VariableSet.Example"/> is not passed).</param>
/// <param name="Break">A deliberate change to the copied JSON stack (the tests that prove an assertion can fail).</param>
/// <param name="BreakName">Names the change in folder names.</param>
public sealed record PlanCase(StackShape Shape, string Stack, StackFormat Format, VariableSet Variables,
    Action<JsonObject>? Break = null, string? BreakName = null)
{
    /// <summary>The folder of the copy this plan runs in (one per shape, stack, format and break).</summary>
    public string ConfigName => $"{Shape.Name}-{Format.ToString().ToLowerInvariant()}{(BreakName is null ? "" : "-" + BreakName)}/{Stack}";

    /// <summary>Whether the plan reads the edge stack's variables.</summary>
    public bool TakesVariables => Stacks.IsEdge(Stack);

    /// <summary>A readable name in test output.</summary>
    public override string ToString() => $"{ConfigName} {Variables.Name}";
}
