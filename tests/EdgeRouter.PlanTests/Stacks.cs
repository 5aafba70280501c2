namespace EdgeRouter.PlanTests;

/// <summary>The stacks the app writes (cdktf.out/stacks/NAME).</summary>
public static class Stacks
{
    /// <summary>The distribution, the site bucket and the router.</summary>
    public const string Edge = "edge-router";

    /// <summary>The remote-state bucket.</summary>
    public const string State = "edge-router-state";

    /// <summary>The GitHub pipeline's OIDC provider and roles (only with githubRepository).</summary>
    public const string Github = "edge-router-github";
    /// <summary>An environment's edge stack (README, Deploy: several environments from one app).</summary>
    public static string EdgeOf(string environment) => $"{Edge}-{environment}";

    /// <summary>Whether <paramref name="stack"/> is an edge stack: the default one or an environment's.</summary>
    public static bool IsEdge(string stack) => stack == Edge || (stack.StartsWith(Edge + "-", StringComparison.Ordinal) && stack != State && stack != Github);
}
