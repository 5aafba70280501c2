using System.Text.Json.Nodes;

namespace EdgeRouter.Review;

/// <summary>
/// The attributes a plan changes on one resource, computed from <c>before</c>, <c>after</c>, <c>after_unknown</c>
/// and the two <c>*_sensitive</c> masks, down to the leaf that differs (<c>ordered_cache_behavior[0].origin_request_policy_id</c>).
/// A value the plan marks sensitive is never shown, only that it changes: <c>terraform show -json</c> writes the
/// secret itself into the plan JSON.
/// </summary>
public static class AttributeDiff
{
    /// <summary>Longest value text shown before it is cut.</summary>
    public const int MaxValueLength = 80;

    /// <summary>Every changed leaf attribute of <paramref name="change"/>, in the plan's attribute order.</summary>
    public static IReadOnlyList<AttributeChange> Of(ResourceChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var found = new List<AttributeChange>();
        Walk([], change.Before, change.After, change.AfterUnknown,
            change.Change["before_sensitive"], change.Change["after_sensitive"], change, found);
        return found;
    }

    private static void Walk(List<object> path, JsonNode? before, JsonNode? after, JsonNode? unknown,
        JsonNode? beforeSensitive, JsonNode? afterSensitive, ResourceChange change, List<AttributeChange> found)
    {
        if (IsTrue(unknown))
        {
            found.Add(Make(path, Show(Redact(before, beforeSensitive)), "(known after apply)", change));
            return;
        }

        if (IsTrue(beforeSensitive) || IsTrue(afterSensitive))
        {
            if (!SameValue(before, after))
            {
                found.Add(Make(path, before is null ? "null" : "(sensitive)", after is null ? "null" : "(sensitive)", change));
            }

            return;
        }

        switch (before, after)
        {
            case (JsonObject b, JsonObject a):
                foreach (var key in a.Select(p => p.Key).Concat(b.Select(p => p.Key)).Distinct(StringComparer.Ordinal))
                {
                    Walk([.. path, key], b[key], a[key], unknown?[key], Child(beforeSensitive, key), Child(afterSensitive, key), change, found);
                }

                return;
            case (JsonArray b, JsonArray a) when a.Count == b.Count:
                for (var i = 0; i < a.Count; i++)
                {
                    Walk([.. path, i], b[i], a[i], Item(unknown, i), Item(beforeSensitive, i), Item(afterSensitive, i), change, found);
                }

                return;
            case (null, JsonObject a) when path.Count == 0:
                // A create: every planned attribute is new.
                Walk(path, new JsonObject(), a, unknown, beforeSensitive, afterSensitive, change, found);
                return;
            default:
                // Unknown parts inside a whole new or removed block: the block is what changes.
                if (!SameValue(before, after) || HasUnknown(unknown))
                {
                    found.Add(Make(path, Show(Redact(before, beforeSensitive)),
                        HasUnknown(unknown) ? "(partly known after apply)" : Show(Redact(after, afterSensitive)), change));
                }

                return;
        }
    }

    private static AttributeChange Make(List<object> path, string before, string after, ResourceChange change)
    {
        var text = PathText(path);
        return new AttributeChange(text, before, after, change.ReplacePaths.Any(p => p == text
            || text.StartsWith(p + ".", StringComparison.Ordinal) || text.StartsWith(p + "[", StringComparison.Ordinal)
            || p.StartsWith(text + ".", StringComparison.Ordinal) || p.StartsWith(text + "[", StringComparison.Ordinal)));
    }

    /// <summary>A path of attribute names and list indexes as text: <c>a[0].b</c>.</summary>
    public static string PathText(IEnumerable<object> steps)
    {
        var text = new System.Text.StringBuilder();
        foreach (var step in steps ?? [])
        {
            _ = step is int index
                ? text.Append('[').Append(index.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(']')
                : text.Append(text.Length == 0 ? "" : ".").Append(step);
        }

        return text.ToString();
    }

    // Null, "", 0, false, [] and {} are the same absence: the provider writes one where the configuration has the
    // other (kms_key_id "" -> null, a custom error response's response_code null -> 0), which is no change anyone
    // needs to review; a value that matters is never one of these on one side and absent on the other.
    private static bool SameValue(JsonNode? a, JsonNode? b) => IsEmpty(a) && IsEmpty(b) || JsonNode.DeepEquals(a, b);

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonArray list => list.Count == 0,
        JsonObject map => map.Count == 0,
        JsonValue v when v.TryGetValue<string>(out var text) => text.Length == 0,
        JsonValue v when v.TryGetValue<bool>(out var flag) => !flag,
        JsonValue v => v.GetValueKind() == System.Text.Json.JsonValueKind.Number && v.ToJsonString() == "0",
        _ => false,
    };

    // A copy of value with every part the mask marks sensitive replaced by "(sensitive)": a whole block printed
    // because a part of it is unknown must not print the secret beside it.
    private static JsonNode? Redact(JsonNode? value, JsonNode? mask) => (value, mask) switch
    {
        (null, _) => null,
        (_, JsonValue m) when m.TryGetValue<bool>(out var sensitive) && sensitive => JsonValue.Create("(sensitive)"),
        (JsonObject o, JsonObject m) => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Redact(p.Value, m[p.Key])))),
        (JsonArray a, JsonArray m) => new JsonArray([.. a.Select((item, i) => Redact(item, i < m.Count ? m[i] : null))]),
        _ => value.DeepClone(),
    };

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static bool HasUnknown(JsonNode? node) => node switch
    {
        JsonValue v => v.TryGetValue<bool>(out var b) && b,
        JsonObject o => o.Any(p => HasUnknown(p.Value)),
        JsonArray a => a.Any(HasUnknown),
        _ => false,
    };

    private static JsonNode? Child(JsonNode? node, string key) => node is JsonObject o ? o[key] : node is JsonValue ? node : null;

    private static JsonNode? Item(JsonNode? node, int index) => node is JsonArray a && index < a.Count ? a[index] : node is JsonValue ? node : null;

    // Values are printed as written (é, <, &), not \u-escaped as System.Text.Json's default encoder would.
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A value as the review prints it: JSON, cut at <see cref="MaxValueLength"/> characters.</summary>
    public static string Show(JsonNode? value)
    {
        var text = value is null ? "null" : value.ToJsonString(Relaxed);
        return text.Length <= MaxValueLength ? text : string.Concat(text.AsSpan(0, MaxValueLength - 1), "…");
    }
}
