using System.Text.Json.Serialization;
using EdgeRouter.Webfinger.Events;
using EdgeRouter.Webfinger.Jrd;
using EdgeRouter.Webfinger.Logging;
using EdgeRouter.Webfinger.Responses;

namespace EdgeRouter.Webfinger.Serialization;

/// <summary>Source-generated System.Text.Json metadata for every type the router reads or writes: no reflection,
/// safe under trimming and Native AOT.</summary>
[JsonSourceGenerationOptions(
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    NumberHandling = JsonNumberHandling.Strict,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(JrdDocument))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(ProxyResponse))]
[JsonSerializable(typeof(RequestLogEntry))]
[JsonSerializable(typeof(string))]
internal sealed partial class RouterJsonContext : JsonSerializerContext
{
    /// <summary>For writing: escapes only what JSON requires (quotes, backslash, controls), so that
    /// <c>application/activity+json</c> stays readable. Safe because nothing written here is embedded in HTML.</summary>
    public static RouterJsonContext Output { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
