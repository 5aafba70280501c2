namespace EdgeRouter.PlanTests;

/// <summary>
/// What the plan check runs on, from the environment (make test-plan sets none of them; each has a default that
/// works from a clean clone on this machine). Every setting is read here and nowhere else.
/// </summary>
public sealed record PlanSettings
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds cdktf.json.</summary>
    public required string RepoRoot { get; init; }

    /// <summary>Where the copies, plans and logs go: build/plan (never cdktf.out, never a folder a user keeps).</summary>
    public required string WorkRoot { get; init; }

    /// <summary>The shipped app (EDGE_ROUTER_PLAN_APP; default build/main/EdgeRouter.dll, which make builds).</summary>
    public required string AppDll { get; init; }

    /// <summary>
    /// The variables file every plan reads (EDGE_ROUTER_PLAN_VAR_FILE, relative to the repository root; default
    /// terraform.tfvars.example, the example a user copies).
    /// </summary>
    public required string VarFile { get; init; }

    /// <summary>
    /// Values given with -var right after the variables file, in place of terraform.tfvars.example's placeholders
    /// (a certificate and a hosted zone only the user has), which the stack's validations refuse: what a user's
    /// terraform.tfvars holds after the copy-and-edit the example asks for. Empty when EDGE_ROUTER_PLAN_VAR_FILE names
    /// another file: that one is planned as it is.
    /// </summary>
    public IReadOnlyDictionary<string, string> PlaceholderValues { get; init; } = new Dictionary<string, string>();

    /// <summary>The example's placeholders, replaced: a certificate ARN and a zone ID only tests use.</summary>
    public static readonly IReadOnlyDictionary<string, string> ExamplePlaceholderValues = new Dictionary<string, string>
    {
        ["acm_certificate_arn"] = "arn:aws:acm:us-east-1:111122223333:certificate/11111111-2222-4333-8444-555555555555",
        ["route53_zone_id"] = "Z00TESTSONLY0000000000",
    };

    /// <summary>How many terraform or app processes run at once (EDGE_ROUTER_PLAN_JOBS; default: the core count).</summary>
    public required int Jobs { get; init; }

    /// <summary>Where Terraform gets hashicorp/aws: see <see cref="ProviderSource"/>.</summary>
    public required ProviderSource Provider { get; init; }

    /// <summary>Reads the settings; a provider that cannot be found stops here, with what was looked for.</summary>
    public static PlanSettings FromEnvironment()
    {
        var root = FindRepoRoot();
        var work = Path.Combine(root, "build", "plan");
        var app = Environment.GetEnvironmentVariable("EDGE_ROUTER_PLAN_APP") is { Length: > 0 } a
            ? Path.GetFullPath(a, root)
            : Path.Combine(root, "build", "main", "EdgeRouter.dll");
        if (!File.Exists(app))
        {
            throw new InvalidOperationException($"plan check: the app {app} is not built: run `make test-plan`, which builds it first");
        }

        var ownVarFile = Environment.GetEnvironmentVariable("EDGE_ROUTER_PLAN_VAR_FILE") is { Length: > 0 } v ? v : null;
        var varFile = Path.GetFullPath(ownVarFile ?? "terraform.tfvars.example", root);
        if (!File.Exists(varFile))
        {
            throw new InvalidOperationException($"plan check: the variables file {varFile} does not exist (EDGE_ROUTER_PLAN_VAR_FILE)");
        }

        var jobs = int.TryParse(Environment.GetEnvironmentVariable("EDGE_ROUTER_PLAN_JOBS"), out var j) && j > 0 ? j : Environment.ProcessorCount;
        return new PlanSettings
        {
            RepoRoot = root,
            WorkRoot = work,
            AppDll = app,
            VarFile = varFile,
            PlaceholderValues = ownVarFile is null ? ExamplePlaceholderValues : new Dictionary<string, string>(),
            Jobs = jobs,
            Provider = ProviderSource.Resolve(Environment.GetEnvironmentVariable, work),
        };
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "cdktf.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cdktf.json not found above " + AppContext.BaseDirectory);
    }
}
