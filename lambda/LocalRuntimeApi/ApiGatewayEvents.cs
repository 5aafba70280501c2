using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeRouter.LocalRuntimeApi;

/// <summary>Builds API Gateway HTTP API (payload 2.0) events the way API Gateway does, for a local edge and
/// tests: an HTTP request in, event JSON out.</summary>
public static class ApiGatewayEvents
{
    /// <summary>An HTTP API 2.0 event for one request. Header names are lower-cased and repeated headers joined with
    /// commas; <c>queryStringParameters</c> joins repeated parameters with commas, as API Gateway does, while
    /// <c>rawQueryString</c> keeps the query exactly as given.</summary>
    public static string HttpApiV2(
        string method,
        string rawPath,
        string rawQueryString,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        string? body = null,
        string domainName = "localhost",
        string sourceIp = "127.0.0.1")
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(rawPath);
        ArgumentNullException.ThrowIfNull(rawQueryString);
        var headerMap = new JsonObject();
        foreach (var (k, v) in headers ?? [])
        {
            var name = k.ToLowerInvariant();
            headerMap[name] = headerMap[name] is { } existing ? existing.GetValue<string>() + "," + v : v;
        }

        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in rawQueryString.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(eq < 0 ? part : part[..eq]);
            var value = Unescape(eq < 0 ? "" : part[(eq + 1)..]);
            query[name] = query.TryGetValue(name, out var existing) ? existing + "," + value : value;
        }

        var now = DateTimeOffset.UtcNow;
        var ev = new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = "$default",
            ["rawPath"] = rawPath,
            ["rawQueryString"] = rawQueryString,
            ["headers"] = headerMap,
            ["requestContext"] = new JsonObject
            {
                ["accountId"] = "000000000000",
                ["apiId"] = "local",
                ["domainName"] = domainName,
                ["domainPrefix"] = domainName.Split('.')[0],
                ["http"] = new JsonObject
                {
                    ["method"] = method,
                    ["path"] = rawPath,
                    ["protocol"] = "HTTP/1.1",
                    ["sourceIp"] = sourceIp,
                    ["userAgent"] = headerMap["user-agent"]?.GetValue<string>() ?? "",
                },
                ["requestId"] = Guid.NewGuid().ToString("N"),
                ["routeKey"] = "$default",
                ["stage"] = "$default",
                ["time"] = now.ToString("dd/MMM/yyyy:HH:mm:ss +0000", System.Globalization.CultureInfo.InvariantCulture),
                ["timeEpoch"] = now.ToUnixTimeMilliseconds(),
            },
            ["isBase64Encoded"] = false,
        };
        if (query.Count > 0)
        {
            var q = new JsonObject();
            foreach (var (k, v) in query)
            {
                q[k] = v;
            }

            ev["queryStringParameters"] = q;
        }

        if (body is not null)
        {
            ev["body"] = body;
        }

        return ev.ToJsonString();
    }

    /// <summary>
    /// A Lambda function URL event for one request: payload format 2.0, the HTTP API's shape with the sentinel values
    /// Lambda documents for what a function URL lacks (<c>routeKey</c> and <c>stage</c> <c>$default</c>), the URL's
    /// ID as <c>apiId</c> and <c>domainPrefix</c>, and, for an <c>AWS_IAM</c> URL, <c>requestContext.authorizer.iam</c>
    /// (the signer: here CloudFront; the values are stand-ins, no AWS account signs locally).
    /// </summary>
    public static string FunctionUrl(
        string method,
        string rawPath,
        string rawQueryString,
        IEnumerable<KeyValuePair<string, string>>? headers,
        string? body,
        string domainName,
        string sourceIp,
        bool iamAuth)
    {
        ArgumentNullException.ThrowIfNull(domainName);
        var ev = JsonNode.Parse(HttpApiV2(method, rawPath, rawQueryString, headers, body, domainName, sourceIp))!.AsObject();
        var context = ev["requestContext"]!.AsObject();
        var urlId = domainName.Split('.')[0];
        context["apiId"] = urlId;
        context["domainPrefix"] = urlId;
        if (iamAuth)
        {
            context["authorizer"] = new JsonObject
            {
                ["iam"] = new JsonObject
                {
                    ["accessKey"] = "ASIALOCALEDGE0000000",
                    ["accountId"] = "000000000000",
                    ["callerId"] = "AROALOCALEDGE0000000:cloudfront",
                    ["cognitoIdentity"] = null,
                    ["principalOrgId"] = null,
                    ["userArn"] = "arn:aws:sts::000000000000:assumed-role/cloudfront/local-edge",
                    ["userId"] = "AROALOCALEDGE0000000:cloudfront",
                },
            };
        }

        return ev.ToJsonString();
    }

    private static string Unescape(string s)
    {
        try
        {
            return Uri.UnescapeDataString(s.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return s;
        }
    }
}

/// <summary>A Lambda proxy response (<c>{"statusCode":..,"headers":{..},"body":"..","isBase64Encoded":..}</c>)
/// read back, for turning it into an HTTP response.</summary>
/// <param name="StatusCode">HTTP status.</param>
/// <param name="Headers">Headers (single-valued and multi-valued merged, case-insensitive names).</param>
/// <param name="Body">The body bytes (base64-decoded when the function said so).</param>
public sealed record ProxyResult(int StatusCode, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>Parses a function's response payload.</summary>
    /// <exception cref="JsonException">The payload is not a proxy response.</exception>
    public static ProxyResult Parse(string payload)
    {
        using var doc = JsonDocument.Parse(payload);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statusCode", out var status) || status.ValueKind != JsonValueKind.Number)
        {
            throw new JsonException("not a proxy response: " + (payload.Length > 200 ? payload[..200] : payload));
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in h.EnumerateObject())
            {
                headers[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }
        }

        if (root.TryGetProperty("multiValueHeaders", out var mh) && mh.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in mh.EnumerateObject())
            {
                headers[p.Name] = string.Join(",", p.Value.EnumerateArray().Select(v => v.GetString()));
            }
        }

        var bodyText = root.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString()! : "";
        var base64 = root.TryGetProperty("isBase64Encoded", out var e) && e.ValueKind == JsonValueKind.True;
        var body = base64 ? Convert.FromBase64String(bodyText) : System.Text.Encoding.UTF8.GetBytes(bodyText);
        return new ProxyResult(status.GetInt32(), headers, body);
    }
}
