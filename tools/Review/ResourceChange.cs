using System.Text.Json.Nodes;

namespace EdgeRouter.Review;

/// <summary>
/// One entry of the plan's <c>resource_changes</c>, with the construct that made it (from the stack's
/// <c>//.metadata.path</c>). <see cref="Before"/> and <see cref="After"/> are the plan's values, sensitive ones
/// included: never print them without <see cref="AttributeChanges"/>, which hides what the plan marks sensitive.
/// </summary>
/// <param name="Address">The instance address, e.g. <c>aws_route53_record.dns_a_13DA7B1B["example.com"]</c>.</param>
/// <param name="ResourceAddress">The address without the instance key, as the configuration names it.</param>
/// <param name="Mode">managed or data.</param>
/// <param name="Type">The resource type, e.g. <c>aws_s3_bucket</c>.</param>
/// <param name="Kind">What happens to it.</param>
/// <param name="Change">The plan's <c>change</c> object (before, after, after_unknown, *_sensitive, replace_paths).</param>
/// <param name="ActionReason">The plan's <c>action_reason</c>, e.g. <c>replace_by_request</c>; null when none.</param>
/// <param name="ConstructPath">The C# construct path, e.g. <c>edge-router/site/bucket</c>; null when the stack does not name it.</param>
public sealed record ResourceChange(
    string Address,
    string ResourceAddress,
    string Mode,
    string Type,
    ChangeKind Kind,
    JsonObject Change,
    string? ActionReason,
    string? ConstructPath)
{
    /// <summary>The values before the change; null on a create.</summary>
    public JsonNode? Before => Change["before"];

    /// <summary>The planned values; null on a delete. Unknown values are null here and true in <see cref="AfterUnknown"/>.</summary>
    public JsonNode? After => Change["after"];

    /// <summary>Which planned values are known only after apply (true at their path).</summary>
    public JsonNode? AfterUnknown => Change["after_unknown"];

    /// <summary>Whether this instance is destroyed (deleted or replaced).</summary>
    public bool Destroys => Kind is ChangeKind.Delete or ChangeKind.Replace;

    /// <summary>The attribute paths that force the replacement, as the plan's <c>replace_paths</c> (e.g. <c>bucket</c>).</summary>
    public IReadOnlyList<string> ReplacePaths { get; init; } = [];

    /// <summary>The construct that made it, without the resource's own id: <c>edge-router/site</c> for <c>edge-router/site/bucket</c>.</summary>
    public string Construct => ConstructPath is { } path && path.LastIndexOf('/') is > 0 and var cut ? path[..cut] : ConstructPath ?? "(no construct path)";

    /// <summary>The attributes whose planned values differ from the current ones (sensitive values hidden).</summary>
    public IReadOnlyList<AttributeChange> AttributeChanges => AttributeDiff.Of(this);

    /// <summary>True when the planned value at <paramref name="attribute"/> (a top-level name) is unknown until apply.</summary>
    public bool IsUnknown(string attribute) => AfterUnknown?[attribute] is JsonValue v && v.TryGetValue<bool>(out var unknown) && unknown;
}
