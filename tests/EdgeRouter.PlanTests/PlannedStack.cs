namespace EdgeRouter.PlanTests;

/// <summary>
/// Read access to <c>terraform show -json</c> of one saved plan (Terraform's JSON output format, format_version
/// 1.x): planned values, changes, and the configuration's references (which say what an unknown value will be:
/// an ID known only after apply is still a reference to a named resource).
/// </summary>
public sealed class PlannedStack(PlanCase planCase, JsonObject document, string log, int? mirroredMajor, string? providerVersion)
{
    /// <summary>The provider's major version when the plan ran on a mirrored provider; null: the stack's pin.</summary>
    public int? MirroredMajor { get; } = mirroredMajor;

    /// <summary>The hashicorp/aws version terraform init selected (from the copy's .terraform.lock.hcl).</summary>
    public string? ProviderVersion { get; } = providerVersion;

    /// <summary>What was planned.</summary>
    public PlanCase Case { get; } = planCase;

    /// <summary>The whole show -json document.</summary>
    public JsonObject Document { get; } = document;

    /// <summary>terraform plan's own output (warnings included), and any provider-compatibility substitution.</summary>
    public string Log { get; } = log;

    /// <summary>The title of each warning terraform plan printed ("Warning: TITLE"), in order.</summary>
    public IReadOnlyList<string> Warnings =>
        [.. Log.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("Warning: ", StringComparison.Ordinal)).Select(l => l["Warning: ".Length..])];

    /// <summary>Every managed resource's address, sorted.</summary>
    public IReadOnlyList<string> ResourceAddresses =>
        [.. Resources().Select(r => (string)r["address"]!).Order(StringComparer.Ordinal)];

    /// <summary>Every planned resource and data source (planned_values.root_module.resources).</summary>
    public IEnumerable<JsonObject> AllPlanned =>
        (Document["planned_values"]?["root_module"]?["resources"] as JsonArray)?.OfType<JsonObject>() ?? [];

    /// <summary>Managed resources, optionally of one type.</summary>
    public IEnumerable<JsonObject> Resources(string? type = null) =>
        AllPlanned.Where(r => (string?)r["mode"] == "managed" && (type is null || (string?)r["type"] == type));

    /// <summary>The one managed resource of <paramref name="type"/>.</summary>
    public JsonObject Single(string type)
    {
        var all = Resources(type).ToList();
        return all.Count == 1 ? all[0] : throw new InvalidOperationException($"{Case}: expected one {type}, planned {all.Count}");
    }

    /// <summary>The planned resource (or data source) at <paramref name="address"/>, or null.</summary>
    public JsonObject? At(string address) => AllPlanned.FirstOrDefault(r => (string?)r["address"] == address);

    /// <summary>resource_changes: address to actions.</summary>
    public IReadOnlyDictionary<string, string[]> Actions =>
        ((Document["resource_changes"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .ToDictionary(c => (string)c["address"]!, c => ((JsonArray)c["change"]!["actions"]!).Select(a => (string)a!).ToArray(), StringComparer.Ordinal);

    /// <summary>The change of <paramref name="address"/> (before, after, after_unknown).</summary>
    public JsonObject? Change(string address) =>
        ((Document["resource_changes"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .FirstOrDefault(c => (string?)c["address"] == address)?["change"] as JsonObject;

    /// <summary>The configuration block of <paramref name="address"/> (without an index: for_each/count share one).</summary>
    public JsonObject? Configuration(string address)
    {
        var bare = address.Split('[')[0];
        return ((Document["configuration"]?["root_module"]?["resources"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .FirstOrDefault(r => (string?)r["address"] == bare);
    }

    /// <summary>Names of planned outputs, sorted.</summary>
    public IReadOnlyList<string> OutputNames =>
        [.. ((Document["planned_values"]?["outputs"] as JsonObject) ?? []).Select(o => o.Key).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The addresses an expression refers to (configuration "references"), e.g. for
    /// <c>expressions.ordered_cache_behavior[0].origin_request_policy_id</c>.
    /// </summary>
    public static IReadOnlyList<string> References(JsonNode? expression) =>
        [.. ((expression?["references"] as JsonArray) ?? []).Select(r => (string)r!)];

    /// <summary>A repeatable block as a list.</summary>
    public static IReadOnlyList<JsonObject> Blocks(JsonNode? node) => node switch
    {
        JsonArray array => [.. array.OfType<JsonObject>()],
        JsonObject single => [single],
        _ => [],
    };

    /// <summary>A readable name in test output.</summary>
    public override string ToString() => Case.ToString();
}
