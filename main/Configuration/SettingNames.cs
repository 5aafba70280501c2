namespace EdgeRouter.Configuration;

/// <summary>
/// The names users give synth-time settings: a key in <c>cdktf.json</c>'s <c>context</c>, or an environment
/// variable, which wins. Error messages quote both so the user can fix whichever they used.
/// </summary>
public static class SettingNames
{
    /// <summary>State bucket.</summary>
    public const string StateBucket = "stateBucket (EDGE_ROUTER_STATE_BUCKET)";

    /// <summary>State object key.</summary>
    public const string StateKey = "stateKey (EDGE_ROUTER_STATE_KEY)";

    /// <summary>State bucket region.</summary>
    public const string StateRegion = "stateRegion (EDGE_ROUTER_STATE_REGION)";

    /// <summary>The folder the user keeps the state stack's state and the generated bucket name in.</summary>
    public const string StateDirectory = "stateDirectory (EDGE_ROUTER_STATE_DIRECTORY)";

    /// <summary>Path patterns of the router behaviours.</summary>
    public const string RouterPathPatterns = "routerPathPatterns (EDGE_ROUTER_ROUTER_PATH_PATTERNS)";

    /// <summary>Origin request policy of the router behaviours.</summary>
    public const string ApiOriginRequestPolicy = "apiOriginRequestPolicy (EDGE_ROUTER_API_ORIGIN_REQUEST_POLICY)";

    /// <summary>An API the user already runs, instead of the stack's own router.</summary>
    public const string ExistingApiDomainName = "existingApiDomainName (EDGE_ROUTER_EXISTING_API_DOMAIN_NAME)";

    /// <summary>What the router behaviours reach the router through: API Gateway or a Lambda function URL.</summary>
    public const string RouterOrigin = "routerOrigin (EDGE_ROUTER_ROUTER_ORIGIN)";

    /// <summary>The router's deployable zip.</summary>
    public const string RouterPackage = "routerPackage (EDGE_ROUTER_ROUTER_PACKAGE)";

    /// <summary>The GitHub repository whose workflows may plan and apply (the pipeline stack).</summary>
    public const string GithubRepository = "githubRepository (EDGE_ROUTER_GITHUB_REPOSITORY)";

    /// <summary>The branch whose pushes may plan.</summary>
    public const string GithubDefaultBranch = "githubDefaultBranch (EDGE_ROUTER_GITHUB_DEFAULT_BRANCH)";

    /// <summary>The GitHub environments whose jobs may apply.</summary>
    public const string GithubApplyEnvironments = "githubApplyEnvironments (EDGE_ROUTER_GITHUB_APPLY_ENVIRONMENTS)";

    /// <summary>An existing GitHub OIDC identity provider.</summary>
    public const string GithubOidcProviderArn = "githubOidcProviderArn (EDGE_ROUTER_GITHUB_OIDC_PROVIDER_ARN)";
    /// <summary>The environments (staging, production, …), one edge stack each.</summary>
    public const string Environments = "environments (EDGE_ROUTER_ENVIRONMENTS)";

    /// <summary>Guardrails waived, each with a reason.</summary>
    public const string GuardrailWaivers = "guardrailWaivers (cdktf.json context)";
}
