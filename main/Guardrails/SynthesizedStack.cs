using System.Text.Json.Nodes;

namespace EdgeRouter.Guardrails;

/// <summary>
/// Read access to a synthesized <c>cdk.tf.json</c>: the same document <c>terraform plan</c> reads, so rules
/// judge what will be deployed rather than the C# that produced it.
/// </summary>
public sealed class SynthesizedStack
{
    /// <summary>Wraps a parsed <c>cdk.tf.json</c>.</summary>
    public SynthesizedStack(JsonObject document) => Document = document ?? throw new ArgumentNullException(nameof(document));

    /// <summary>Parses <c>cdk.tf.json</c> text.</summary>
    public static SynthesizedStack Parse(string json) =>
        new(JsonNode.Parse(json) as JsonObject ?? throw new FormatException("cdk.tf.json is not a JSON object"));

    /// <summary>The whole document.</summary>
    public JsonObject Document { get; }

    /// <summary>Every resource of <paramref name="type"/>, by its Terraform name.</summary>
    public IEnumerable<KeyValuePair<string, JsonObject>> Resources(string type) => Block("resource", type);

    /// <summary>Every data source of <paramref name="type"/>, by its Terraform name.</summary>
    public IEnumerable<KeyValuePair<string, JsonObject>> DataSources(string type) => Block("data", type);

    /// <summary>The one resource of <paramref name="type"/>; throws when there is not exactly one.</summary>
    public JsonObject Single(string type)
    {
        var all = Resources(type).ToList();
        return all.Count == 1
            ? all[0].Value
            : throw new InvalidOperationException($"expected one {type}, found {all.Count}");
    }

    /// <summary>
    /// A repeatable block (<c>origin</c>, <c>ordered_cache_behavior</c>) as a list: CDKTF writes one block as an
    /// object and several as an array.
    /// </summary>
    public static IReadOnlyList<JsonObject> Blocks(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => [.. array.OfType<JsonObject>()],
        JsonObject single => [single],
        _ => [],
    };

    /// <summary>
    /// Whether <paramref name="value"/> refers to the Terraform address <paramref name="address"/> anywhere in an
    /// expression (<c>${aws_x.y.id}</c>, or inside a conditional).
    /// </summary>
    public static bool RefersTo(JsonNode? value, string address) =>
        value is JsonValue v && v.TryGetValue(out string? text) && text.Contains("${", StringComparison.Ordinal) &&
        System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?<![A-Za-z0-9_.]){System.Text.RegularExpressions.Regex.Escape(address)}\.");

    private IEnumerable<KeyValuePair<string, JsonObject>> Block(string kind, string type) =>
        Document[kind]?[type] is JsonObject byName
            ? byName.Where(p => p.Value is JsonObject).Select(p => KeyValuePair.Create(p.Key, (JsonObject)p.Value!))
            : [];
}
