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

    private readonly Distribution _distribution;
    private readonly SiteFolder _site;
    private readonly ApiFunction? _api;
    private readonly int? _httpsPort;
    private readonly TextWriter _log;

    /// <summary>An edge over <paramref name="distribution"/>; <paramref name="httpsPort"/> is the viewer HTTPS
    /// port when there is a TLS listener (the viewer protocol policy is enforced only then).</summary>
    public Edge(Distribution distribution, SiteFolder site, ApiFunction? api, int? httpsPort, TextWriter log)
    {
        _distribution = distribution;
        _site = site;
        _api = api;
        _httpsPort = httpsPort;
        _log = log;
    }

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

        var origin = await FromOriginAsync(context, behaviour, method, path, query).ConfigureAwait(false);
        foreach (var error in _distribution.CustomErrorResponses)
        {
            if (error.ErrorCode == origin.Status && error.ResponsePagePath is { } page)
            {
                var pageBehaviour = _distribution.Match(page);
                var body = pageBehaviour.Origin.Kind == OriginKind.S3 ? _site.Get("GET", page.TrimStart('/')) : null;
                if (body is { Status: 200 })
                {
                    origin = new Answer(error.ResponseCode ?? origin.Status, new(body.Headers, StringComparer.OrdinalIgnoreCase), body.Body,
                        origin.Note + $", custom error response {page}");
                }
            }
        }

        await WriteAsync(context, behaviour, origin, clock, route).ConfigureAwait(false);
    }

    private async Task<Answer> FromOriginAsync(HttpContext context, Behaviour behaviour, string method, string path, string query)
    {
        if (behaviour.Origin.Kind == OriginKind.S3)
        {
            var key = path == "/" && _distribution.DefaultRootObject is { } rootObject ? rootObject : Unescape(path[1..]);
            var s3 = _site.Get(method, key);
            return new Answer(s3.Status, new(s3.Headers, StringComparer.OrdinalIgnoreCase), s3.Body, "s3 key " + (key.Length == 0 ? "(empty)" : key));
        }

        return await FromApiAsync(context, behaviour, method, path, query).ConfigureAwait(false);
    }

    private async Task<Answer> FromApiAsync(HttpContext context, Behaviour behaviour, string method, string path, string query)
    {
        var request = context.Request;
        var origin = behaviour.Origin;
        var forwarding = behaviour.Forwarding;
        var viewerHost = request.Headers.Host.ToString();
        if (behaviour.ForwardsHost && !string.Equals(viewerHost, origin.Host, StringComparison.OrdinalIgnoreCase))
        {
            // API Gateway finds the API by Host; any other name is refused before the function runs.
            return ApiGateway(403, "Forbidden", $"viewer Host {viewerHost} reached API Gateway");
        }

        var headers = new List<KeyValuePair<string, string>> { new("host", origin.Host) };
        foreach (var (name, values) in request.Headers)
        {
            if (name.Equals("host", StringComparison.OrdinalIgnoreCase) || HopByHop.Contains(name) || !forwarding.Headers.Allows(name)
                || name.Equals("cookie", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            headers.Add(new(name, values.ToString()));
        }

        if (!forwarding.Headers.Allows("user-agent"))
        {
            headers.Add(new("user-agent", "Amazon CloudFront"));
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
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            var bytes = buffer.ToArray();
            var type = request.ContentType ?? "";
            base64 = !(type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || type.Contains("json", StringComparison.OrdinalIgnoreCase)
                || type.Contains("xml", StringComparison.OrdinalIgnoreCase) || type.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase));
            body = base64 ? Convert.ToBase64String(bytes) : Encoding.UTF8.GetString(bytes);
        }

        var forwardedQuery = FilterQuery(query, forwarding.QueryStrings);
        var eventJson = ApiGatewayEvents.HttpApiV2(method, path, forwardedQuery, headers, body, origin.Host, edgeIp);
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
        var result = await _api!.InvokeAsync(eventJson, TimeSpan.FromSeconds(_distribution.LambdaTimeoutSeconds), context.RequestAborted).ConfigureAwait(false);
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
            ["apigw-requestid"] = result.RequestId,
        };
        return new Answer(proxy.StatusCode, answerHeaders, proxy.Body, note + $", {result.Elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms in function");
    }

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

        behaviour?.ResponseHeaders?.Apply(response.Headers);
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

    private static Answer Redirect(HttpRequest request, int httpsPort, string rawTarget)
    {
        var host = request.Host.HasValue ? request.Host.Host : "127.0.0.1";
        var location = "https://" + (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + (httpsPort == 443 ? "" : ":" + httpsPort.ToString(CultureInfo.InvariantCulture)) + rawTarget;
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
