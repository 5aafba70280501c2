using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeRouter.Webfinger.Jrd;

/// <summary>A JSON Resource Descriptor (RFC 7033 §4.4). Members the RFC does not name are kept as they are.</summary>
public sealed record JrdDocument
{
    /// <summary>The URI the descriptor is about (§4.4.1).</summary>
    [JsonPropertyName("subject")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Subject { get; init; }

    /// <summary>Other URIs for the same entity (§4.4.2).</summary>
    [JsonPropertyName("aliases")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string?>? Aliases { get; init; }

    /// <summary>Name/value pairs about the subject; values may be null (§4.4.3).</summary>
    [JsonPropertyName("properties")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string?>? Properties { get; init; }

    /// <summary>Links; the only member that <c>rel</c> filtering touches (§4.3, §4.4.4).</summary>
    [JsonPropertyName("links")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<JrdLink?>? Links { get; init; }

    /// <summary>Any other member of the configured JSON, written back unchanged.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}

/// <summary>One link of a JRD (RFC 7033 §4.4.4).</summary>
public sealed record JrdLink
{
    /// <summary>Link relation type: a URI or a registered name. Required.</summary>
    [JsonPropertyName("rel")]
    public string? Rel { get; init; }

    /// <summary>Media type of the target.</summary>
    [JsonPropertyName("type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; init; }

    /// <summary>Target URI.</summary>
    [JsonPropertyName("href")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Href { get; init; }

    /// <summary>Human-readable titles keyed by language tag (or "und").</summary>
    [JsonPropertyName("titles")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string?>? Titles { get; init; }

    /// <summary>Properties of the link; values may be null.</summary>
    [JsonPropertyName("properties")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string?>? Properties { get; init; }

    /// <summary>Any other member of the configured link (for example Mastodon's <c>template</c>).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}
