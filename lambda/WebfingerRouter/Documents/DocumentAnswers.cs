using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Documents;

/// <summary>The 200 answers of the well-known documents, and a JSON writer that needs no reflection.</summary>
internal static class DocumentAnswers
{
    /// <summary>Documents change only with the configuration: cached as long as a JRD.</summary>
    public const string CacheControl = Answers.JrdCacheControl;

    public static readonly KeyValuePair<string, string> AllowAnyOrigin = new("Access-Control-Allow-Origin", "*");

    /// <summary>200 with <paramref name="body"/> of <paramref name="contentType"/>; HEAD gets no body.</summary>
    public static RouterResponse Ok(string contentType, string body, bool head, RouteDecision decision) =>
        new(200, [new("Content-Type", contentType), new("Cache-Control", CacheControl), AllowAnyOrigin], head ? "" : body, decision);

    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a JSON value with <see cref="Utf8JsonWriter"/> (escaping what JSON requires; URLs stay readable).</summary>
    public static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Relaxed))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
