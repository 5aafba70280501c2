using System.Text.RegularExpressions;

namespace EdgeRouter.Configuration;

/// <summary>
/// What the edge stack is built from at synth time. Values a deployment may change without a new synth
/// (domains, certificate, price class) are Terraform variables instead: see <c>Inputs/EdgeInputs</c>.
/// </summary>
public sealed partial record EdgeSettings
{
    /// <summary>The name of the edge stack, and of its folder under <c>cdktf.out/stacks/</c>.</summary>
    public const string StackName = "edge-router";

    /// <summary>The path pattern of the original setup, which sent everything under /.well-known/ to the router
    /// (no longer the default: static files such as security.txt would get the router's 404).</summary>
    public const string DefaultRouterPathPattern = "/.well-known/*";

    /// <summary>
    /// The default: exactly the paths the router answers (WebFinger, Mastodon's host-meta and nodeinfo, atproto-did,
    /// Matrix's server and client, NIP-05's nostr.json), so every other /.well-known/ file comes from the bucket.
    /// Exact paths, not wildcards: <c>/.well-known/matrix/support</c> or <c>host-meta.json</c> in the bucket still work.
    /// </summary>
    public static readonly IReadOnlyList<string> RouterPaths =
    [
        "/.well-known/webfinger", "/.well-known/host-meta", "/.well-known/nodeinfo", "/.well-known/atproto-did",
        "/.well-known/matrix/server", "/.well-known/matrix/client", "/.well-known/nostr.json",
    ];

    /// <summary>CloudFront's default quota of cache behaviours per distribution.</summary>
    public const int MaxRouterPathPatterns = 25;

    /// <summary>Where Terraform state lives. Default: see <see cref="RemoteStateSettings"/>.</summary>
    public RemoteStateSettings State { get; init; } = new();

    /// <summary>
    /// The path patterns sent to the API origin, in the order CloudFront evaluates them. Default
    /// <see cref="RouterPaths"/>, the router's own paths, so the bucket serves every other <c>/.well-known/</c> file
    /// (such as <c>security.txt</c>); <c>["/.well-known/*"]</c> restores the original setup. Valid: 1 to 25 distinct patterns of at most 255
    /// characters, each starting with <c>/</c>, using only the characters CloudFront accepts; not <c>/*</c>, which
    /// would take the whole site away from the bucket.
    /// </summary>
    public IReadOnlyList<string> RouterPathPatterns { get; init; } = RouterPaths;

    /// <summary>Which origin request policy the router behaviours use. Default <see cref="ApiOriginRequestPolicyKind.Managed"/>.</summary>
    public ApiOriginRequestPolicyKind ApiOriginRequestPolicy { get; init; } = ApiOriginRequestPolicyKind.Managed;

    /// <summary>
    /// What the router behaviours reach the router function through (<c>routerOrigin</c>, <c>EDGE_ROUTER_ROUTER_ORIGIN</c>):
    /// <c>http-api</c> (the default, <see cref="RouterOriginKind.HttpApi"/>) or <c>function-url</c>
    /// (<see cref="RouterOriginKind.FunctionUrl"/>). Valid: exactly one of those two strings; <c>function-url</c> only
    /// when the stack deploys the router (not with <see cref="ExistingApiDomainName"/>).
    /// </summary>
    public RouterOriginKind RouterOrigin { get; init; } = RouterOriginKind.HttpApi;

    /// <summary>Where <c>make lambda</c> writes the router's deployable zip (the metadata JSON lies beside it).</summary>
    public const string DefaultRouterPackage = "build/lambda/webfinger-router.zip";

    /// <summary>
    /// The host name of an API the user already runs (for example <c>api.example.com</c>, as the original setup
    /// had). Default null: the stack deploys the webfinger router itself (Lambda, HTTP API) and points the API
    /// origin at it. When set, the stack creates no API and no Lambda and sends the router paths to this host.
    /// Valid: a bare lower-case DNS name, no scheme, path or port.
    /// </summary>
    public string? ExistingApiDomainName { get; init; }

    /// <summary>
    /// The router's deployable zip, built by <c>make lambda</c>, with its metadata JSON
    /// (<c>webfinger-router.json</c>: runtime, architecture) beside it. Default <see cref="DefaultRouterPackage"/>,
    /// relative to the folder the synth runs in. Used only when <see cref="ExistingApiDomainName"/> is null.
    /// </summary>
    public string RouterPackage { get; init; } = DefaultRouterPackage;

    /// <summary>
    /// Guardrails deliberately waived: rule ID (e.g. <c>ER007</c>) to the reason, which every synth prints. Default
    /// none. Valid: IDs of existing rules, each with a reason of at least ten characters.
    /// </summary>
    public IReadOnlyDictionary<string, string> GuardrailWaivers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The GitHub pipeline's AWS side (OIDC provider, plan and apply roles). Default: none, no pipeline stack.
    /// See <see cref="Pipeline.GithubPipelineSettings"/>.
    /// </summary>
    public Pipeline.GithubPipelineSettings GithubPipeline { get; init; } = new();

    /// <summary>
    /// The environments declared (<c>"environments": ["staging", "production"]</c>), one edge stack each, named
    /// <c>edge-router-NAME</c>, with its state at <see cref="RemoteStateSettings.KeyFor"/> in the same bucket and the
    /// environment in every name the stack derives from the site bucket's. Default none: the one edge stack
    /// <c>edge-router</c>, exactly as before environments existed. Valid: 1-10 distinct names of 1-16 lower-case
    /// letters, digits and hyphens, starting with a letter, not ending with a hyphen; not <c>state</c> or
    /// <c>github</c> (the state stack is <c>edge-router-state</c>, the pipeline's <c>edge-router-github</c>).
    /// </summary>
    public IReadOnlyList<string> Environments { get; init; } = [];

    /// <summary>The environment this edge stack is for (one of <see cref="Environments"/>); null: the default stack.</summary>
    public string? Environment { get; init; }

    /// <summary>The most environments one app declares.</summary>
    public const int MaxEnvironments = 10;

    /// <summary>This edge stack's name: <see cref="StackName"/>, or <c>edge-router-NAME</c> for an environment.</summary>
    public string EdgeStackName => Environment is null ? StackName : $"{StackName}-{Environment}";

    /// <summary>These settings for <paramref name="environment"/>'s edge stack.</summary>
    public EdgeSettings ForEnvironment(string environment) => this with
    {
        Environment = environment,
        State = State with { Key = RemoteStateSettings.KeyFor(State.Key, environment) },
    };

    /// <summary>Whether the stack deploys the router itself.</summary>
    public bool DeploysRouter => ExistingApiDomainName is null;

    /// <summary>Throws a <see cref="SettingsException"/> naming the first setting that is not valid.</summary>
    public EdgeSettings Validate()
    {
        State.Validate();
        GithubPipeline.Validate();

        if (ExistingApiDomainName is not null && !HostName().IsMatch(ExistingApiDomainName))
        {
            throw new SettingsException(SettingNames.ExistingApiDomainName,
                $"\"{ExistingApiDomainName}\" is not a bare lower-case host name such as api.example.com (no scheme, path or port)");
        }

        if (RouterOrigin == RouterOriginKind.FunctionUrl && ExistingApiDomainName is not null)
        {
            throw new SettingsException(SettingNames.RouterOrigin,
                $"\"function-url\" makes the router's own Lambda function URL the origin, but {SettingNames.ExistingApiDomainName} " +
                $"\"{ExistingApiDomainName}\" says the stack deploys no router: unset one of them");
        }

        if (!Enum.IsDefined(RouterOrigin))
        {
            throw new SettingsException(SettingNames.RouterOrigin, $"{(int)RouterOrigin} is not a router origin");
        }

        foreach (var (id, reason) in GuardrailWaivers)
        {
            if (!Guardrails.GuardrailSet.All.Any(rule => rule.Id == id))
            {
                throw new SettingsException(SettingNames.GuardrailWaivers,
                    $"\"{id}\" is not a guardrail; the rules are {string.Join(", ", Guardrails.GuardrailSet.All.Select(r => r.Id))}");
            }

            if (reason.Trim().Length < 10)
            {
                throw new SettingsException(SettingNames.GuardrailWaivers, $"{id}: give the reason for waiving it (at least ten characters)");
            }
        }

        if (DeploysRouter)
        {
            _ = Router.RouterPackage.Load(RouterPackage);
        }

        if (Environments.Count > MaxEnvironments)
        {
            throw new SettingsException(SettingNames.Environments, $"declare at most {MaxEnvironments} environments, got {Environments.Count}");
        }

        var environments = new HashSet<string>(StringComparer.Ordinal);
        foreach (var environment in Environments)
        {
            if (!EnvironmentName().IsMatch(environment))
            {
                throw new SettingsException(SettingNames.Environments,
                    $"\"{environment}\" is not an environment name (1-16 lower-case letters, digits and '-', starting with a letter, not ending with '-')");
            }

            if (environment is "state" or "github")
            {
                throw new SettingsException(SettingNames.Environments,
                    $"\"{environment}\" would name its stack edge-router-{environment}, which is the " +
                    (environment == "state" ? "state bucket's" : "GitHub pipeline's") + " stack: choose another name");
            }

            if (!environments.Add(environment))
            {
                throw new SettingsException(SettingNames.Environments, $"\"{environment}\" is listed twice");
            }
        }

        if (Environment is not null && !environments.Contains(Environment))
        {
            throw new SettingsException(SettingNames.Environments, $"\"{Environment}\" is not one of the declared environments");
        }

        if (RouterPathPatterns.Count is 0 or > MaxRouterPathPatterns)
        {
            throw new SettingsException(SettingNames.RouterPathPatterns,
                $"give 1 to {MaxRouterPathPatterns} path patterns, got {RouterPathPatterns.Count}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in RouterPathPatterns)
        {
            if (!PathPattern().IsMatch(pattern))
            {
                throw new SettingsException(SettingNames.RouterPathPatterns,
                    $"\"{pattern}\" is not a CloudFront path pattern (start with '/', at most 255 characters of " +
                    "A-Z a-z 0-9 _ - . * ? $ / ~ \" ' @ : + & ;)");
            }

            if (pattern is "/*" or "/")
            {
                throw new SettingsException(SettingNames.RouterPathPatterns,
                    $"\"{pattern}\" would send the whole site to the API; the default behaviour serves the bucket");
            }

            if (!seen.Add(pattern))
            {
                throw new SettingsException(SettingNames.RouterPathPatterns, $"\"{pattern}\" is listed twice");
            }
        }

        return this;
    }

    [GeneratedRegex("^[a-z]([a-z0-9-]{0,14}[a-z0-9])?$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex HostName();

    [GeneratedRegex("""^/[A-Za-z0-9_\-.*?$/~"'@:+&;]{0,254}$""")]
    private static partial Regex PathPattern();
}
