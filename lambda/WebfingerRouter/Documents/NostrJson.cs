using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Requests;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Documents;

/// <summary><c>/.well-known/nostr.json?name=alice</c> (NIP-05): <c>{"names":{"alice":"&lt;hex key&gt;"},
/// "relays":{"&lt;hex key&gt;":["wss://…"]}}</c> with only the name asked for (and its relays, when configured).
/// Names compare without regard to ASCII case and the answer uses the name as asked, so a client's
/// <c>names[name]</c> finds it. An unknown name is <c>{"names":{}}</c>: NIP-05's shape, revealing no other name.
/// No <c>name</c>, a repeated one or one outside <c>a-z 0-9 - _ .</c> is 400; the whole list is never served.
/// <c>Access-Control-Allow-Origin: *</c> as NIP-05 requires, and never a redirect, which NIP-05 forbids.</summary>
public sealed class NostrJson(NostrSettings nostr) : WellKnownDocument
{
    /// <summary>The document's path.</summary>
    public const string DocumentPath = "/.well-known/nostr.json";

    /// <summary>An unknown name is cached as briefly as a WebFinger 404.</summary>
    public const string UnknownNameCacheControl = Answers.NotFoundCacheControl;

    /// <inheritdoc />
    public override string Path => DocumentPath;

    /// <inheritdoc />
    protected override RouterResponse Get(string rawQueryString, bool head)
    {
        if (!QueryString.TryParse(rawQueryString, out var pairs, out var error))
        {
            return Answers.BadRequest(error, head);
        }

        string? name = null;
        foreach (var (key, value) in pairs)
        {
            if (key != "name")
            {
                continue;
            }

            if (name is not null)
            {
                return Answers.BadRequest("name must be given once", head);
            }

            name = value;
        }

        if (string.IsNullOrEmpty(name))
        {
            return Answers.BadRequest("name is required", head);
        }

        if (!NostrSettings.IsName(name))
        {
            return Answers.BadRequest("name is not a NIP-05 name (a-z 0-9 - _ .)", head);
        }

        if (!nostr.Names.TryGetValue(name, out var publicKey))
        {
            return new RouterResponse(200,
                [new("Content-Type", Answers.JsonContentType), new("Cache-Control", UnknownNameCacheControl), DocumentAnswers.AllowAnyOrigin],
                head ? "" : """{"names":{}}""",
                RouteDecision.NostrUnknownName);
        }

        var body = DocumentAnswers.Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("names");
            w.WriteString(name, publicKey);
            w.WriteEndObject();
            if (nostr.Relays.TryGetValue(publicKey, out var relays))
            {
                w.WriteStartObject("relays");
                w.WriteStartArray(publicKey);
                foreach (var relay in relays)
                {
                    w.WriteStringValue(relay);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        });
        return DocumentAnswers.Ok(Answers.JsonContentType, body, head, RouteDecision.NostrName);
    }
}
