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
}
