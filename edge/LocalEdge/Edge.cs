using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeRouter.LocalRuntimeApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EdgeRouter.LocalEdge;

/// <summary>One viewer request through the emulated distribution: behaviour by path pattern, viewer protocol
/// policy, allowed methods, the origin (site folder or the router function), custom error responses, the
/// response headers policy. Writes one log line per request.</summary>
public sealed class Edge
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "content-length",
    };

    /// <summary>API Gateway HTTP API's request payload quota (10 MB).</summary>
    public const long ApiGatewayMaxPayloadBytes = 10L * 1024 * 1024;

    /// <summary>Lambda's synchronous invocation payload quota (6 MB): the whole event, body included.</summary>
    public const long LambdaMaxPayloadBytes = 6L * 1024 * 1024;

    // Request bodies held in memory at once: each at most LambdaMaxPayloadBytes, so the edge's memory stays bounded
    // whatever a stream of large requests sends (the function runs one invocation at a time anyway).
    private readonly SemaphoreSlim _bodies = new(2, 2);
    private readonly Distribution _distribution;
    private readonly SiteFolder _site;
    private readonly ApiFunction? _api;
    private int? _httpsPort;
    private readonly TextWriter _log;
    private readonly FunctionHost? _functions;

    /// <summary>An edge over <paramref name="distribution"/>; <paramref name="httpsPort"/> is the viewer HTTPS
    /// port when there is a TLS listener (the viewer protocol policy is enforced only then).</summary>
    public Edge(Distribution distribution, SiteFolder site, ApiFunction? api, FunctionHost? functions, int? httpsPort, TextWriter log)
    {
        _functions = functions;
        _distribution = distribution;
        _site = site;
        _api = api;
        _httpsPort = httpsPort;
        _log = log;
    }

    /// <summary>The viewer HTTPS port, once the listener is bound (a port of 0 is known only then).</summary>
    public void SetHttpsPort(int port) => _httpsPort = port;

    private sealed record Answer(int Status, Dictionary<string, string> Headers, byte[] Body, string Note);

    /// <summary>Handles one request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clock = Stopwatch.StartNew();
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        var q = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? rawTarget : rawTarget[..q];
        var query = q < 0 ? "" : rawTarget[(q + 1)..];
        var method = request.Method;
        if (!path.StartsWith('/'))
        {
            await WriteAsync(context, null, Generated(400, "Bad Request", "the request target is not a path"), clock, "-").ConfigureAwait(false);
            return;
        }

        var behaviour = _distribution.Match(path);
        var route = $"{behaviour.Label} -> {behaviour.Origin.Id}";

        if (!request.IsHttps && _httpsPort is { } httpsPort && behaviour.ViewerProtocolPolicy != "allow-all")
        {
            var answer = behaviour.ViewerProtocolPolicy == "https-only"
                ? Generated(403, "Forbidden", "This distribution requires HTTPS.")
                : Redirect(request, httpsPort, rawTarget);
            await WriteAsync(context, null, answer with { Note = "viewer protocol " + behaviour.ViewerProtocolPolicy }, clock, behaviour.Label).ConfigureAwait(false);
            return;
        }

        if (!behaviour.AllowedMethods.Contains(method))
        {
            var answer = Generated(403, "Forbidden", "This distribution is not configured to allow the HTTP request method that was used for this request. The distribution supports only cachable requests.");
            await WriteAsync(context, null, answer with { Note = method + " not in allowed_methods" }, clock, route).ConfigureAwait(false);
            return;
        }

        var viewerHeaders = request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())).ToList();
        var functionNote = "";
        if (behaviour.ViewerRequestFunction is { } function)
        {
            var ev = ViewerRequestEvent(context, method, path, query, viewerHeaders);
            JsonObject result;
            try
            {
                result = await _functions!.RunAsync(function, ev).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                var failed = Generated(503, "Service Unavailable", "The CloudFront function associated with the CloudFront distribution failed.");
                await WriteAsync(context, null, failed with { Note = $"function {function.Name}: {e.Message.Split('\n')[0]}" }, clock, route).ConfigureAwait(false);
                return;
            }

            if (result["statusCode"] is not null)
            {
                await WriteAsync(context, null, FunctionResponse(result) with { Note = $"response from function {function.Name}" }, clock, route).ConfigureAwait(false);
                return;
            }

            var newPath = result["uri"]?.GetValue<string>() ?? path;
            var newQuery = result["querystring"] is JsonObject qs ? QueryString(qs) : query;
            if (result["headers"] is JsonObject hs)
            {
                viewerHeaders = [.. hs.Select(h => new KeyValuePair<string, string>(h.Key, h.Value?["value"]?.ToString() ?? ""))];
            }

            functionNote = newPath == path ? $"function {function.Name}, " : $"function {function.Name}: uri {newPath}, ";
            if (newQuery != QueryString(QueryObject(query)))
            {
                query = newQuery;
            }

            path = newPath;
        }

        var origin = await FromOriginAsync(context, behaviour, method, path, query, viewerHeaders).ConfigureAwait(false);
        origin = origin with { Note = functionNote + origin.Note };
        foreach (var error in _distribution.CustomErrorResponses)
        {
            if (error.ErrorCode == origin.Status && error.ResponsePagePath is { } page)
            {
                var pageBehaviour = _distribution.Match(page);
                var body = pageBehaviour.Origin.Kind == OriginKind.S3 ? _site.Get("GET", Unescape(page.TrimStart('/')), _distribution.MissingKeyStatus) : null;
                if (body is { Status: 200 })
                {
                    origin = new Answer(error.ResponseCode ?? origin.Status, new(body.Headers, StringComparer.OrdinalIgnoreCase), body.Body,
                        origin.Note + $", custom error response {page}");
                }
            }
        }

        await WriteAsync(context, behaviour, origin, clock, route).ConfigureAwait(false);
    }

    private async Task<Answer> FromOriginAsync(HttpContext context, Behaviour behaviour, string method, string path, string query,
        IReadOnlyList<KeyValuePair<string, string>> viewerHeaders)
    {
        if (behaviour.Origin.Kind == OriginKind.S3)
        {
            var key = path == "/" && _distribution.DefaultRootObject is { } rootObject ? rootObject : Unescape(path[1..]);
            var s3 = _site.Get(method, key, _distribution.MissingKeyStatus);
            return new Answer(s3.Status, new(s3.Headers, StringComparer.OrdinalIgnoreCase), s3.Body, "s3 key " + (key.Length == 0 ? "(empty)" : key));
        }

        return await FromApiAsync(context, behaviour, method, path, query, viewerHeaders).ConfigureAwait(false);
    }

    private async Task<Answer> FromApiAsync(HttpContext context, Behaviour behaviour, string method, string path, string query,
        IReadOnlyList<KeyValuePair<string, string>> viewerHeaders)
    {
        var request = context.Request;
        var origin = behaviour.Origin;
        var forwarding = behaviour.Forwarding;
        var viewerHost = viewerHeaders.FirstOrDefault(h => h.Key.Equals("host", StringComparison.OrdinalIgnoreCase)).Value ?? "";
        if (behaviour.ForwardsHost && !string.Equals(viewerHost, origin.Host, StringComparison.OrdinalIgnoreCase))
        {
            // API Gateway finds the API by Host; any other name is refused before the function runs. So does a function
            // URL, and behind Origin Access Control the Host CloudFront signs is the viewer's, not the URL's.
            return origin.FunctionUrl is null
                ? ApiGateway(403, "Forbidden", $"viewer Host {viewerHost} reached API Gateway")
                : FunctionUrlRefusal($"viewer Host {viewerHost} reached the function URL");
        }

        if (origin.FunctionUrl is { AuthType: "AWS_IAM", SignedByDistribution: false })
        {
            // Without an origin access control of type lambda CloudFront sends the request unsigned, and an AWS_IAM
            // function URL refuses it before the function runs: what any direct caller gets.
            return FunctionUrlRefusal("unsigned request to an AWS_IAM function URL (no origin access control of type lambda)");
        }

        var headers = new List<KeyValuePair<string, string>> { new("host", origin.Host) };
        // Hop-by-hop: the fixed list and every header the viewer names in Connection (RFC 9110 §7.6.1). Kestrel hands
        // the program only the Connection tokens it knows (close, keep-alive, upgrade), so other names cannot be seen
        // here (edge/README.md). Via and X-Amz-Cf-Id are CloudFront's own: it sets them on the origin request, the
        // viewer's are not passed on.
        var connectionNamed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (_, value) in viewerHeaders.Where(h => h.Key.Equals("connection", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var token in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                connectionNamed.Add(token);
            }
        }

        foreach (var (name, values) in viewerHeaders)
        {
            if (name.Equals("host", StringComparison.OrdinalIgnoreCase) || HopByHop.Contains(name) || connectionNamed.Contains(name)
                || name.Equals("via", StringComparison.OrdinalIgnoreCase) || name.Equals("x-amz-cf-id", StringComparison.OrdinalIgnoreCase)
                || !forwarding.Headers.Allows(name)
                || name.Equals("cookie", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            headers.Add(new(name, values));
        }

        if (!forwarding.Headers.Allows("user-agent"))
        {
            headers.Add(new("user-agent", "Amazon CloudFront"));
        }

        // Origin custom headers last: CloudFront's value replaces a viewer's header of the same name.
        foreach (var (name, value) in origin.CustomHeaders)
        {
            headers.RemoveAll(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
            headers.Add(new(name.ToLowerInvariant(), value));
        }

        var cfId = CloudFrontId();
        var viewerIp = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
        var edgeIp = context.Connection.LocalIpAddress?.ToString() ?? "127.0.0.1";
        headers.Add(new("via", $"{(request.Protocol == "HTTP/2" ? "2.0" : "1.1")} {ViaId()}.cloudfront.net (CloudFront)"));
        headers.Add(new("x-amz-cf-id", cfId));
        headers.Add(new("x-forwarded-for", viewerIp + ", " + edgeIp));
        headers.Add(new("x-forwarded-proto", "https"));
        headers.Add(new("x-forwarded-port", "443"));
        headers.Add(new("x-amzn-trace-id", $"Root=1-{DateTimeOffset.UtcNow.ToUnixTimeSeconds():x8}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}"));

        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (origin.FunctionUrl is { SignedByDistribution: true } && hasBody
            && !viewerHeaders.Any(h => h.Key.Equals(PayloadHashHeader, StringComparison.OrdinalIgnoreCase)))
        {
            // CloudFront signs the body's hash the viewer declares; Lambda accepts no unsigned payload (CloudFront
            // developer guide, "Restrict access to an AWS Lambda function URL origin").
            return FunctionUrlRefusal($"a body without {PayloadHashHeader}: Lambda accepts no unsigned payload");
        }

        if (request.ContentLength > LambdaMaxPayloadBytes)
        {
            // The event would exceed Lambda's 6 MB (and past 10 MB, API Gateway's own quota): refused before the
            // function sees it, without reading the body.
            // A function URL has no quota of its own: Lambda's 6 MB is the only one.
            return TooLarge(note: $"body {request.ContentLength} bytes, over "
                + (request.ContentLength > ApiGatewayMaxPayloadBytes && origin.FunctionUrl is null ? "API Gateway's 10 MB" : "Lambda's 6 MB"));
        }

        if (hasBody)
        {
            await _bodies.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        }

        try
        {
            return await FromApiWithBodyAsync(context, behaviour, method, path, query, headers, hasBody).ConfigureAwait(false);
        }
        finally
        {
            if (hasBody)
            {
                _bodies.Release();
            }
        }
    }

    private async Task<Answer> FromApiWithBodyAsync(HttpContext context, Behaviour behaviour, string method, string path, string query,
        List<KeyValuePair<string, string>> headers, bool hasBody)
    {
        var request = context.Request;
        var origin = behaviour.Origin;
        var forwarding = behaviour.Forwarding;
        var edgeIp = context.Connection.LocalIpAddress?.ToString() ?? "127.0.0.1";
        var cookies = new List<string>();
        foreach (var cookie in request.Cookies)
        {
            if (forwarding.Cookies.Allows(cookie.Key))
            {
                cookies.Add(cookie.Key + "=" + cookie.Value);
            }
        }

        string? body = null;
        var base64 = false;
        if (hasBody)
        {
            var bytes = await ReadBodyAsync(request.Body, LambdaMaxPayloadBytes, context.RequestAborted).ConfigureAwait(false);
            if (bytes is null)
            {
                return TooLarge("chunked body over Lambda's 6 MB");
            }

            var type = request.ContentType ?? "";
            base64 = !(type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || type.Contains("json", StringComparison.OrdinalIgnoreCase)
                || type.Contains("xml", StringComparison.OrdinalIgnoreCase) || type.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase));
            body = base64 ? Convert.ToBase64String(bytes) : Encoding.UTF8.GetString(bytes);
            if (origin.FunctionUrl is { SignedByDistribution: true }
                && !string.Equals(headers.FirstOrDefault(h => h.Key.Equals(PayloadHashHeader, StringComparison.OrdinalIgnoreCase)).Value,
                    Convert.ToHexStringLower(SHA256.HashData(bytes)), StringComparison.OrdinalIgnoreCase))
            {
                // The signature covers the declared hash: a body that does not match it fails Lambda's check.
                return FunctionUrlRefusal($"{PayloadHashHeader} is not the SHA-256 of the body: the signature does not match");
            }
        }

        var forwardedQuery = FilterQuery(query, forwarding.QueryStrings);
        var eventJson = origin.FunctionUrl is null
            ? ApiGatewayEvents.HttpApiV2(method, path, forwardedQuery, headers, body, origin.Host, edgeIp)
            : ApiGatewayEvents.FunctionUrl(method, path, forwardedQuery, headers, body, origin.Host, edgeIp, origin.FunctionUrl.AuthType == "AWS_IAM");
        if (cookies.Count > 0 || base64)
        {
            var ev = JsonNode.Parse(eventJson)!.AsObject();
            if (cookies.Count > 0)
            {
                ev["cookies"] = new JsonArray([.. cookies.Select(c => (JsonNode)JsonValue.Create(c))]);
            }

            ev["isBase64Encoded"] = base64;
            eventJson = ev.ToJsonString();
        }

        var note = (behaviour.ForwardsHost ? "viewer Host forwarded" : "Host " + origin.Host)
            + (forwardedQuery.Length == query.Length ? "" : $", query {query.Length}->{forwardedQuery.Length} bytes");
        var eventBytes = Encoding.UTF8.GetByteCount(eventJson);
        if (eventBytes > LambdaMaxPayloadBytes)
        {
            return TooLarge(note + $", event {eventBytes} bytes, over Lambda's 6 MB");
        }

        InvocationResult? result;
        try
        {
            result = await _api!.InvokeAsync(eventJson, TimeSpan.FromSeconds(_distribution.LambdaTimeoutSeconds), context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            // The function process died mid-invocation (Runtime.ExitError on Lambda): API Gateway's 500, and the
            // next request gets a new process.
            return ApiGateway(500, "Internal Server Error", note + ", function process failed: " + e.GetType().Name);
        }

        if (result is null)
        {
            return ApiGateway(503, "Service Unavailable", note + ", function timed out");
        }

        if (result.IsError)
        {
            return ApiGateway(500, "Internal Server Error", note + ", function error " + result.ErrorType);
        }

        ProxyResult proxy;
        try
        {
            proxy = ProxyResult.Parse(result.Payload);
        }
        catch (System.Text.Json.JsonException)
        {
            return ApiGateway(500, "Internal Server Error", note + ", function answer is not a proxy response");
        }

        var answerHeaders = new Dictionary<string, string>(proxy.Headers, StringComparer.OrdinalIgnoreCase)
        {
            [origin.FunctionUrl is null ? "apigw-requestid" : "x-amzn-RequestId"] = result.RequestId,
        };
        return new Answer(proxy.StatusCode, answerHeaders, proxy.Body, note + $", {result.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms in function");
    }

    /// <summary>The body, or null when it holds more than <paramref name="limit"/> bytes (reading stops there).</summary>
    private static async Task<byte[]?> ReadBodyAsync(Stream body, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    /// <summary>API Gateway's answer to a payload over its or Lambda's quota: 413, before the function runs.</summary>
    private static Answer TooLarge(string note) => ApiGateway(413, "Request Entity Too Large", note);

    private async Task WriteAsync(HttpContext context, Behaviour? behaviour, Answer answer, Stopwatch clock, string route)
    {
        var response = context.Response;
        response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            if (!HopByHop.Contains(name))
            {
                response.Headers[name] = value;
            }
        }

        // The policy of the behaviour the viewer's request matched, also when the answer is a custom error response
        // (the bucket's 404 page in place of a router 404): CloudFront applies a behaviour's policy to the responses
        // it sends to requests that match it (main/Policies/RouterHeadersPolicy.cs says why this is relied on).
        behaviour?.ResponseHeaders?.Apply(response.Headers, context.Request);
        var cfId = CloudFrontId();
        response.Headers["Via"] = $"{(context.Request.Protocol == "HTTP/2" ? "2.0" : "1.1")} {ViaId()}.cloudfront.net (CloudFront)";
        response.Headers["X-Cache"] = answer.Status >= 400 ? "Error from cloudfront" : behaviour is null ? "Redirect from cloudfront" : "Miss from cloudfront";
        response.Headers["X-Amz-Cf-Pop"] = "LOCAL1-C1";
        response.Headers["X-Amz-Cf-Id"] = cfId;
        response.ContentLength = answer.Body.Length;
        if (!HttpMethods.IsHead(context.Request.Method) && answer.Body.Length > 0)
        {
            await response.Body.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
        }

        var path = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var q = path.IndexOf('?', StringComparison.Ordinal);
        var shown = q < 0 ? path : path[..q] + "?…";
        var scheme = context.Request.IsHttps ? "https" : "http";
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:HH:mm:ss.fff} {scheme} {context.Request.Method} {shown} -> {route} -> {answer.Status} ({answer.Note}) {clock.Elapsed.TotalMilliseconds:0.0} ms"));
    }

    private static JsonObject ViewerRequestEvent(HttpContext context, string method, string path, string query, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var headerObject = new JsonObject();
        foreach (var (name, value) in headers)
        {
            if (!name.Equals("cookie", StringComparison.OrdinalIgnoreCase))
            {
                headerObject[name.ToLowerInvariant()] = new JsonObject { ["value"] = value };
            }
        }

        var cookies = new JsonObject();
        foreach (var c in context.Request.Cookies)
        {
            cookies[c.Key] = new JsonObject { ["value"] = c.Value };
        }

        return new JsonObject
        {
            ["version"] = "1.0",
            ["context"] = new JsonObject
            {
                ["distributionDomainName"] = "local-edge.cloudfront.net",
                ["distributionId"] = "ELOCALEDGE",
                ["eventType"] = "viewer-request",
                ["requestId"] = CloudFrontId(),
            },
            ["viewer"] = new JsonObject { ["ip"] = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1" },
            ["request"] = new JsonObject
            {
                ["method"] = method,
                ["uri"] = path,
                ["querystring"] = QueryObject(query),
                ["headers"] = headerObject,
                ["cookies"] = cookies,
            },
        };
    }

    /// <summary>The query string as a CloudFront Functions event object (values as received).</summary>
    private static JsonObject QueryObject(string query)
    {
        var result = new JsonObject();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            if (result[name] is JsonObject existing)
            {
                var multi = existing["multiValue"] as JsonArray ?? new JsonArray(new JsonObject { ["value"] = existing["value"]!.GetValue<string>() });
                multi.Add(new JsonObject { ["value"] = value });
                existing["multiValue"] = multi;
            }
            else
            {
                result[name] = new JsonObject { ["value"] = value };
            }
        }

        return result;
    }

    private static string QueryString(JsonObject querystring)
    {
        var parts = new List<string>();
        foreach (var (name, entry) in querystring)
        {
            if (entry?["multiValue"] is JsonArray multi)
            {
                parts.AddRange(multi.Select(v => Pair(name, v?["value"]?.ToString())));
            }
            else
            {
                parts.Add(Pair(name, entry?["value"]?.ToString()));
            }
        }

        return string.Join('&', parts);

        static string Pair(string name, string? value) => string.IsNullOrEmpty(value) ? name : name + "=" + value;
    }

    private static Answer FunctionResponse(JsonObject result)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Server"] = "CloudFront" };
        if (result["headers"] is JsonObject hs)
        {
            foreach (var (name, value) in hs)
            {
                headers[name] = value?["value"]?.ToString() ?? "";
            }
        }

        var body = result["body"] switch
        {
            JsonObject b when b["encoding"]?.ToString() == "base64" => Convert.FromBase64String(b["data"]?.ToString() ?? ""),
            JsonObject b => Encoding.UTF8.GetBytes(b["data"]?.ToString() ?? ""),
            JsonValue v => Encoding.UTF8.GetBytes(v.ToString()),
            _ => [],
        };
        return new Answer(result["statusCode"]!.GetValue<int>(), headers, body, "");
    }

    private static Answer Redirect(HttpRequest request, int httpsPort, string rawTarget)
    {
        // The Host header as sent: HttpRequest.Host decodes punycode to Unicode, which no header may carry, and keeps
        // an IPv6 literal's brackets.
        var raw = request.Headers.Host.ToString();
        var host = raw.StartsWith('[') ? raw[..(raw.IndexOf(']', StringComparison.Ordinal) + 1)] : raw.Split(':')[0];
        if (host.Length == 0 || host == "]")
        {
            host = "127.0.0.1";
        }
        else if (!host.StartsWith('['))
        {
            try
            {
                host = new IdnMapping().GetAscii(host); // a Unicode name goes out as punycode
            }
            catch (ArgumentException)
            {
                return Generated(400, "Bad Request", "the Host header is not a host name");
            }
        }

        var location = "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort.ToString(CultureInfo.InvariantCulture)) + rawTarget;
        var answer = Generated(301, "Moved Permanently", "");
        answer.Headers["Location"] = location;
        return answer;
    }

    private static Answer Generated(int status, string title, string message)
    {
        var html = $"<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" \"http://www.w3.org/TR/html4/loose.dtd\">\n<HTML><HEAD><TITLE>{title}</TITLE></HEAD><BODY>\n<H1>{status} {title}</H1>\n{message}\n</BODY></HTML>";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Server"] = "CloudFront", ["Content-Type"] = "text/html" };
        return new Answer(status, headers, Encoding.UTF8.GetBytes(html), "generated by CloudFront");
    }

    /// <summary>The header that carries the body's SHA-256 (hex) for SigV4; CloudFront signs with the viewer's value.</summary>
    private const string PayloadHashHeader = "x-amz-content-sha256";

    /// <summary>A Lambda function URL's refusal before the function runs (IAM auth failed): 403
    /// <c>{"Message":"Forbidden"}</c>, error type AccessDeniedException.</summary>
    private static Answer FunctionUrlRefusal(string note)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/json",
            ["x-amzn-RequestId"] = Guid.NewGuid().ToString(),
            ["x-amzn-ErrorType"] = "AccessDeniedException",
        };
        return new Answer(403, headers, Encoding.UTF8.GetBytes("{\"Message\":\"Forbidden\"}"), "function URL refused: " + note);
    }

    private static Answer ApiGateway(int status, string message, string note)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/json",
            ["apigw-requestid"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
        };
        return new Answer(status, headers, Encoding.UTF8.GetBytes($"{{\"message\":\"{message}\"}}"), note);
    }

    /// <summary>The raw query string with only the parameters <paramref name="rule"/> forwards, in order and
    /// byte for byte.</summary>
    public static string FilterQuery(string query, NameRule rule)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.PassesNothing)
        {
            return "";
        }

        var parts = query.Split('&');
        var kept = parts.Where(part =>
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            return part.Length > 0 && rule.Allows(Unescape((eq < 0 ? part : part[..eq]).Replace('+', ' ')));
        }).ToList();
        return kept.Count == parts.Count(p => p.Length > 0) ? query : string.Join('&', kept);
    }

    private static string Unescape(string s)
    {
        try
        {
            return Uri.UnescapeDataString(s);
        }
        catch (UriFormatException)
        {
            return s;
        }
    }

    private static string ViaId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string CloudFrontId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(42)).Replace('+', '-').Replace('/', '_');
}
