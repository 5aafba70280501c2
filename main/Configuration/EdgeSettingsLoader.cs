namespace EdgeRouter.Configuration;

/// <summary>
/// Reads <see cref="EdgeSettings"/> without anyone editing code: an environment variable wins over the
/// <c>context</c> of <c>cdktf.json</c> (which the cdktf CLI hands to the app), which wins over the default.
/// The state bucket's default is the name kept in the state folder, or a new one (<see cref="State.StateFolder"/>).
/// </summary>
/// <param name="environment">Looks up an environment variable; null when it is not set.</param>
/// <param name="context">Looks up a construct-tree context value; null when it is not set.</param>
public sealed class EdgeSettingsLoader(Func<string, string?> environment, Func<string, object?> context)
{
    /// <summary>Loads and validates the settings; throws <see cref="SettingsException"/> naming a bad one.</summary>
    public EdgeSettings Load()
    {
        var bucket = NullIfEmpty(Text("EDGE_ROUTER_STATE_BUCKET", "stateBucket", SettingNames.StateBucket));
        var keptBucket = bucket is null ? StateFolder().KeptBucketName() : null;
        var settings = new EdgeSettings
        {
            State = new RemoteStateSettings
            {
                Bucket = bucket ?? keptBucket ?? State.StateFolder.NewBucketName(),
                BucketIsNew = bucket is null && keptBucket is null,
                Key = Text("EDGE_ROUTER_STATE_KEY", "stateKey", SettingNames.StateKey) ?? RemoteStateSettings.DefaultKey,
                Region = Text("EDGE_ROUTER_STATE_REGION", "stateRegion", SettingNames.StateRegion)
                    ?? RemoteStateSettings.DefaultRegion,
            },
            RouterPathPatterns = List("EDGE_ROUTER_ROUTER_PATH_PATTERNS", "routerPathPatterns", SettingNames.RouterPathPatterns)
                ?? EdgeSettings.RouterPaths,
            ExistingApiDomainName = NullIfEmpty(
                Text("EDGE_ROUTER_EXISTING_API_DOMAIN_NAME", "existingApiDomainName", SettingNames.ExistingApiDomainName)),
            RouterPackage = Text("EDGE_ROUTER_ROUTER_PACKAGE", "routerPackage", SettingNames.RouterPackage)
                ?? EdgeSettings.DefaultRouterPackage,
            GuardrailWaivers = Waivers(context("guardrailWaivers")),
            RouterOrigin = OriginKind(Text("EDGE_ROUTER_ROUTER_ORIGIN", "routerOrigin", SettingNames.RouterOrigin)),
            GithubPipeline = new Pipeline.GithubPipelineSettings
            {
                Repository = NullIfEmpty(Text("EDGE_ROUTER_GITHUB_REPOSITORY", "githubRepository", SettingNames.GithubRepository)),
                DefaultBranch = Text("EDGE_ROUTER_GITHUB_DEFAULT_BRANCH", "githubDefaultBranch", SettingNames.GithubDefaultBranch) ?? "main",
                ApplyEnvironments = List("EDGE_ROUTER_GITHUB_APPLY_ENVIRONMENTS", "githubApplyEnvironments", SettingNames.GithubApplyEnvironments)
                    ?? ["production"],
                ExistingOidcProviderArn = NullIfEmpty(
                    Text("EDGE_ROUTER_GITHUB_OIDC_PROVIDER_ARN", "githubOidcProviderArn", SettingNames.GithubOidcProviderArn)),
            },
            // An empty EDGE_ROUTER_ENVIRONMENTS is "none declared", as unset.
            Environments = (environment("EDGE_ROUTER_ENVIRONMENTS") is "" ? [] : List("EDGE_ROUTER_ENVIRONMENTS", "environments", SettingNames.Environments)) ?? [],
            ApiOriginRequestPolicy = PolicyKind(
                Text("EDGE_ROUTER_API_ORIGIN_REQUEST_POLICY", "apiOriginRequestPolicy", SettingNames.ApiOriginRequestPolicy)),
        };
        return settings.Validate();
    }

    /// <summary>
    /// The user's state folder: <c>stateDirectory</c> (<c>EDGE_ROUTER_STATE_DIRECTORY</c>), default
    /// <see cref="State.StateFolder.DefaultPath"/>, relative to the folder the synth runs in.
    /// </summary>
    public State.StateFolder StateFolder()
    {
        var path = NullIfEmpty(Text("EDGE_ROUTER_STATE_DIRECTORY", "stateDirectory", SettingNames.StateDirectory))
            ?? State.StateFolder.DefaultPath;
        return new State.StateFolder(Path.GetFullPath(path));
    }

    private static Dictionary<string, string> Waivers(object? value) => value switch
    {
        null => [],
        IDictionary<string, object?> map => map.ToDictionary(p => p.Key, p => p.Value as string
            ?? throw new SettingsException(SettingNames.GuardrailWaivers, $"{p.Key}: the reason must be a string")),
        _ => throw new SettingsException(SettingNames.GuardrailWaivers,
            "expected an object of rule ID to reason, e.g. {\"ER007\": \"why\"}"),
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static ApiOriginRequestPolicyKind PolicyKind(string? value) => value switch
    {
        null or "managed" => ApiOriginRequestPolicyKind.Managed,
        "stack-owned" => ApiOriginRequestPolicyKind.StackOwned,
        _ => throw new SettingsException(SettingNames.ApiOriginRequestPolicy,
            $"\"{value}\" is not one of \"managed\" (AWS's AllViewerExceptHostHeader) or \"stack-owned\""),
    };

    // Exact, lower-case values only, as documented: "Function-URL" or "function_url" is a typo to point out, not to guess.
    private static RouterOriginKind OriginKind(string? value) => value switch
    {
        null or "" or "http-api" => RouterOriginKind.HttpApi,
        "function-url" => RouterOriginKind.FunctionUrl,
        _ => throw new SettingsException(SettingNames.RouterOrigin,
            $"\"{value}\" is not one of \"http-api\" (API Gateway, the default) or \"function-url\" (a Lambda function URL behind Origin Access Control)"),
    };

    private string? Text(string variable, string key, string setting)
    {
        var fromEnvironment = environment(variable);
        if (fromEnvironment is not null)
        {
            return fromEnvironment.Trim();
        }

        return context(key) switch
        {
            null => null,
            string text => text.Trim(),
            var other => throw new SettingsException(setting, $"expected a string in cdktf.json context, got {Describe(other)}"),
        };
    }

    private IReadOnlyList<string>? List(string variable, string key, string setting)
    {
        // In the environment a list is comma-separated: EDGE_ROUTER_ROUTER_PATH_PATTERNS=/.well-known/webfinger,/.well-known/nodeinfo
        var fromEnvironment = environment(variable);
        if (fromEnvironment is not null)
        {
            return [.. fromEnvironment.Split(',', StringSplitOptions.TrimEntries)];
        }

        return context(key) switch
        {
            null => null,
            string text => [.. text.Split(',', StringSplitOptions.TrimEntries)],
            System.Collections.IEnumerable items => [.. items.Cast<object?>().Select(item => item as string
                ?? throw new SettingsException(setting, $"expected a list of strings in cdktf.json context, found {Describe(item)}"))],
            var other => throw new SettingsException(setting, $"expected a list of strings in cdktf.json context, got {Describe(other)}"),
        };
    }

    private static string Describe(object? value) => value is null ? "null" : $"{value.GetType().Name} {value}";
}
