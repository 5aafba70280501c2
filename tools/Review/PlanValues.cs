using System.Text.Json.Nodes;

namespace EdgeRouter.Review;

/// <summary>Small readers for plan values, which the provider writes as JSON (nested blocks as one-element lists).</summary>
public static class PlanValues
{
    /// <summary>The string at <paramref name="key"/>; null when absent, null or not a string.</summary>
    public static string? Text(JsonNode? node, string key) => (node as JsonObject)?[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        // Terraform writes a string here; anything else is not its plan, and a rule must not pass it by.
        var other => throw new InvalidOperationException($"{key} is {other.GetValueKind()}, not a string"),
    };

    /// <summary>The boolean at <paramref name="key"/>; null when absent or unknown.</summary>
    public static bool? Flag(JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>The objects of the list (or single block) at <paramref name="key"/>.</summary>
    public static IReadOnlyList<JsonObject> Blocks(JsonNode? node, string key) => (node as JsonObject)?[key] switch
    {
        null => [],
        JsonArray list when list.All(item => item is JsonObject) => [.. list.OfType<JsonObject>()],
        JsonObject single => [single],
        var other => throw new InvalidOperationException($"{key} is not a list of blocks ({other.GetValueKind()})"),
    };

    /// <summary>The strings of the list at <paramref name="key"/>.</summary>
    public static IReadOnlyList<string> Strings(JsonNode? node, string key) =>
        (node as JsonObject)?[key] is JsonArray list ? [.. list.OfType<JsonValue>().Select(v => v.ToString())] : [];

    /// <summary>Whether the after_unknown mask says the value at the path is unknown until apply.</summary>
    public static bool Unknown(JsonNode? unknownMask, params object[] path)
    {
        var node = unknownMask;
        foreach (var step in path)
        {
            if (node is JsonValue whole && whole.TryGetValue<bool>(out var all))
            {
                return all;
            }

            node = step switch
            {
                int i when node is JsonArray a && i < a.Count => a[i],
                string k when node is JsonObject o => o[k],
                _ => null,
            };
        }

        return node is JsonValue v && v.TryGetValue<bool>(out var b) && b;
    }

    /// <summary>How a change reads in a sentence: "deleted", "replaced (destroyed, then created)".</summary>
    public static string Verb(ResourceChange change) => change?.Kind switch
    {
        ChangeKind.Delete => "deleted",
        ChangeKind.Replace => change.Change["actions"]?[0]?.ToString() == "create"
            ? "replaced (a new one is created, then the old one destroyed)"
            : "replaced (destroyed, then created)",
        ChangeKind.Create => "created",
        ChangeKind.Update => "updated in place",
        _ => "unchanged",
    };

    /// <summary>The replace_paths as a clause: " because bucket changes (forces replacement)"; empty when none.</summary>
    public static string Because(ResourceChange change) => change?.ReplacePaths is { Count: > 0 } paths
        ? $" because {string.Join(", ", paths)} change{(paths.Count == 1 ? "s" : "")}, which forces replacement"
        : change?.ActionReason == "replace_by_request" ? " because the plan was made with -replace" : "";
}
