using System.Text.Json.Serialization;

namespace EdgeRouter.Webfinger.Events;

/// <summary>The response object API Gateway (both payload formats) and function URLs take from a Lambda:
/// <c>{"statusCode":301,"headers":{...},"body":"","isBase64Encoded":false}</c>.</summary>
public sealed record ProxyResponse
{
    /// <summary>HTTP status.</summary>
    [JsonPropertyName("statusCode")] public int StatusCode { get; init; }

    /// <summary>Response headers.</summary>
    [JsonPropertyName("headers")] public Dictionary<string, string> Headers { get; init; } = [];

    /// <summary>Body text.</summary>
    [JsonPropertyName("body")] public string Body { get; init; } = "";

    /// <summary>Always false: bodies are UTF-8 JSON text.</summary>
    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; init; }
}
