using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeRouter.Webfinger.Serialization;

namespace EdgeRouter.Webfinger.Logging;

/// <summary>The one structured log line written per invocation (to stdout, where Lambda sends it to CloudWatch).
/// The query string is never logged: it names people.</summary>
public sealed record RequestLogEntry
{
    /// <summary>"info" for answered requests, "error" for payloads that were not HTTP events.</summary>
    [JsonPropertyName("level")] public string Level { get; init; } = "info";

    /// <summary>Lambda request id.</summary>
    [JsonPropertyName("requestId")] public string? RequestId { get; init; }

    /// <summary>X-Ray trace id of the invocation (the value of <c>_X_AMZN_TRACE_ID</c>).</summary>
    [JsonPropertyName("traceId")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TraceId { get; init; }

    /// <summary>Event payload format ("2.0" or "1.0").</summary>
    [JsonPropertyName("format")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Format { get; init; }

    /// <summary>HTTP method.</summary>
    [JsonPropertyName("method")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Method { get; init; }

    /// <summary>Request path (cut to 256 characters).</summary>
    [JsonPropertyName("path")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Path { get; init; }

    /// <summary>The route decision (<see cref="Routing.RouteDecisionNames"/>), or "invalid-event".</summary>
    [JsonPropertyName("route")] public string Route { get; init; } = "";

    /// <summary>HTTP status answered (absent for invalid events).</summary>
    [JsonPropertyName("status")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Status { get; init; }

    /// <summary>Time spent handling the event, in milliseconds.</summary>
    [JsonPropertyName("durationMs")] public double DurationMs { get; init; }

    /// <summary>Milliseconds left before the invocation's deadline when it was answered.</summary>
    [JsonPropertyName("remainingMs")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? RemainingMs { get; init; }

    /// <summary>What a <c>config-problem</c> line disabled: a section (<c>mastodon</c>) or one entry
    /// (<c>resources["acct:x@example.com"]</c>), by its name in <c>WEBFINGER_CONFIG</c>.</summary>
    [JsonPropertyName("section")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Section { get; init; }

    /// <summary>Why the event was rejected (invalid events only), or the configuration problem.</summary>
    [JsonPropertyName("error")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Error { get; init; }

    /// <summary>The entry as one line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, RouterJsonContext.Output.RequestLogEntry);
}
