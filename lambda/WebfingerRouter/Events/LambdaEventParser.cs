using System.Text;
using System.Text.Json;
using EdgeRouter.Webfinger.Requests;

namespace EdgeRouter.Webfinger.Events;

/// <summary>Turns an API Gateway (HTTP API 2.0, REST 1.0 proxy) or Lambda function URL event into a
/// <see cref="RouterRequest"/>.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>2.0 (<c>"version": "2.0"</c>): method from <c>requestContext.http.method</c>, path from <c>rawPath</c>
/// (a non-default <c>requestContext.stage</c> prefix is removed), query from <c>rawQueryString</c> verbatim: the
/// only place where repeated parameters are still separate, since <c>queryStringParameters</c> joins them with
/// commas.</item>
/// <item>1.0 (<c>httpMethod</c>): path from <c>path</c>; the query string is rebuilt, percent-encoded, from
/// <c>multiValueQueryStringParameters</c> (or <c>queryStringParameters</c>), because REST events carry no raw
/// query string.</item>
/// </list>
/// </remarks>
public static class LambdaEventParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    /// <summary>Parses one event.</summary>
    /// <exception cref="InvalidEventException">The payload is not such an event.</exception>
    public static (EventFormat Format, RouterRequest Request) Parse(ReadOnlyMemory<byte> eventJson)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(eventJson, Options);
        }
        catch (JsonException)
        {
            throw new InvalidEventException("the event is not valid JSON");
        }

        using (doc)
        {
            try
            {
                return Parse(doc.RootElement);
            }
            catch (InvalidOperationException)
            {
                // System.Text.Json checks a string's Unicode only when it is read (GetString, a property name): a lone
                // surrogate escape (\ud800) or raw invalid UTF-8 (an overlong 0xC0 0x80, 0xFF, a truncated or
                // surrogate-encoding sequence) throws there. API Gateway never sends such an event.
                throw new InvalidEventException("the event holds a string that is not valid Unicode");
            }
        }
    }

    private static (EventFormat Format, RouterRequest Request) Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidEventException("the event is not a JSON object");
        }

        if (String(root, "version") == "2.0")
        {
            return (EventFormat.HttpApiV2, ParseV2(root));
        }

        if (root.TryGetProperty("httpMethod", out _))
        {
            return (EventFormat.RestApiV1, ParseV1(root));
        }

        throw new InvalidEventException("the event is neither an API Gateway nor a function URL HTTP event");
    }

    private static RouterRequest ParseV2(JsonElement root)
    {
        var context = Object(root, "requestContext");
        var http = context is { } c ? Object(c, "http") : null;
        var method = http is { } h ? String(h, "method") : null;
        if (method is null)
        {
            throw new InvalidEventException("requestContext.http.method is missing");
        }

        var path = String(root, "rawPath") ?? (http is { } h2 ? String(h2, "path") : null);
        if (path is null)
        {
            throw new InvalidEventException("rawPath is missing");
        }

        if (context is { } ctx && String(ctx, "stage") is { Length: > 0 } stage && stage != "$default"
            && path.Length > stage.Length + 1 && path[0] == '/'
            && path.AsSpan(1).StartsWith(stage, StringComparison.Ordinal) && path[stage.Length + 1] == '/')
        {
            path = path[(stage.Length + 1)..];
        }

        var query = String(root, "rawQueryString");
        if (query is null)
        {
            // Not sent by API Gateway or function URLs; rebuild from the (comma-joined) map for hand-made events.
            var sb = new StringBuilder();
            if (Object(root, "queryStringParameters") is { } map)
            {
                foreach (var p in map.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.String)
                    {
                        Append(sb, p.Name, p.Value.GetString()!);
                    }
                }
            }

            query = sb.ToString();
        }

        return new RouterRequest(method, path, query);
    }

    private static RouterRequest ParseV1(JsonElement root)
    {
        var method = String(root, "httpMethod");
        if (method is null)
        {
            throw new InvalidEventException("httpMethod is missing");
        }

        var path = String(root, "path");
        if (path is null)
        {
            throw new InvalidEventException("path is missing");
        }

        var sb = new StringBuilder();
        if (Object(root, "multiValueQueryStringParameters") is { } multi)
        {
            foreach (var p in multi.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var v in p.Value.EnumerateArray())
                {
                    if (v.ValueKind == JsonValueKind.String)
                    {
                        Append(sb, p.Name, v.GetString()!);
                    }
                }
            }
        }
        else if (Object(root, "queryStringParameters") is { } single)
        {
            foreach (var p in single.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String)
                {
                    Append(sb, p.Name, p.Value.GetString()!);
                }
            }
        }

        return new RouterRequest(method, path, sb.ToString());
    }

    private static void Append(StringBuilder sb, string name, string value)
    {
        if (sb.Length > 0)
        {
            sb.Append('&');
        }

        sb.Append(QueryString.Encode(name)).Append('=').Append(QueryString.Encode(value));
    }

    private static JsonElement? Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static string? String(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            throw new InvalidEventException(name + " is not a string");
        }

        return v.GetString();
    }
}
