using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace EdgeRouter.Bootstrap;

/// <summary>A minimal client of the Lambda Runtime API (version 2018-06-01): next invocation, response, invocation
/// error and init error. Synchronous on purpose: one invocation at a time, and no thread-pool start-up cost.</summary>
public sealed class RuntimeApiClient : IDisposable
{
    private const string Version = "2018-06-01";
    private readonly HttpClient _http;
    private readonly string _base;

    /// <summary>Creates the client for <paramref name="runtimeApi"/>, the <c>host:port</c> in
    /// <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public RuntimeApiClient(string runtimeApi)
    {
        ArgumentException.ThrowIfNullOrEmpty(runtimeApi);
        if (!IsHostAndPort(runtimeApi))
        {
            throw new ArgumentException("not host:port", nameof(runtimeApi));
        }

        _base = "http://" + runtimeApi + "/" + Version + "/runtime/";
        var handler = new SocketsHttpHandler
        {
            UseProxy = false, // the Runtime API is local; never let HTTP_PROXY from the function's environment in
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>True when <paramref name="runtimeApi"/> is what Lambda puts in <c>AWS_LAMBDA_RUNTIME_API</c>: a host name,
    /// an IPv4 address or a bracketed IPv6 address, a colon and a port 1-65535; nothing else (no scheme, user, path,
    /// query or space).</summary>
    public static bool IsHostAndPort(string? runtimeApi)
    {
        if (string.IsNullOrEmpty(runtimeApi) || runtimeApi.Length > 300)
        {
            return false;
        }

        var colon = runtimeApi.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(runtimeApi.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return false;
        }

        var host = runtimeApi[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            return IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        return EdgeRouter.Webfinger.Configuration.ConfigParser.IsBareHostName(host); // ASCII names and dotted IPv4
    }

    /// <summary>Blocks until the next invocation arrives (GET /runtime/invocation/next).</summary>
    public NextInvocation Next()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _base + "invocation/next");
        using var response = _http.Send(request, HttpCompletionOption.ResponseContentRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException("invocation/next answered " + (int)response.StatusCode, null, response.StatusCode);
        }

        var body = ReadAll(response.Content);
        var headers = response.Headers;
        var requestId = First(headers, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new HttpRequestException("invocation/next answered without Lambda-Runtime-Aws-Request-Id");
        long? deadline = long.TryParse(First(headers, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            ? d
            : null;
        return new NextInvocation(requestId, deadline, First(headers, "Lambda-Runtime-Trace-Id"),
            First(headers, "Lambda-Runtime-Invoked-Function-Arn"), body);
    }

    /// <summary>Posts the function's response (POST /runtime/invocation/{id}/response).</summary>
    public void PostResponse(string requestId, byte[] payload) =>
        Post("invocation/" + Uri.EscapeDataString(requestId) + "/response", payload, null);

    /// <summary>Reports that the invocation failed (POST /runtime/invocation/{id}/error).</summary>
    public void PostInvocationError(string requestId, string errorType, string errorJson) =>
        Post("invocation/" + Uri.EscapeDataString(requestId) + "/error", Encoding.UTF8.GetBytes(errorJson), errorType);

    /// <summary>Reports that initialisation failed (POST /runtime/init/error).</summary>
    public void PostInitError(string errorType, string errorJson) =>
        Post("init/error", Encoding.UTF8.GetBytes(errorJson), errorType);

    private void Post(string path, byte[] payload, string? errorType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _base + path);
        request.Content = new ByteArrayContent(payload);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", errorType);
        }

        using var response = _http.Send(request, HttpCompletionOption.ResponseContentRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(path + " answered " + (int)response.StatusCode, null, response.StatusCode);
        }
    }

    private static byte[] ReadAll(HttpContent content)
    {
        using var stream = content.ReadAsStream();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}

/// <summary>One invocation handed out by the Runtime API.</summary>
/// <param name="RequestId">The <c>Lambda-Runtime-Aws-Request-Id</c>.</param>
/// <param name="DeadlineMs">The <c>Lambda-Runtime-Deadline-Ms</c> (Unix milliseconds), if sent.</param>
/// <param name="TraceId">The <c>Lambda-Runtime-Trace-Id</c>, if sent.</param>
/// <param name="FunctionArn">The <c>Lambda-Runtime-Invoked-Function-Arn</c>, if sent.</param>
/// <param name="Payload">The event bytes.</param>
public sealed record NextInvocation(string RequestId, long? DeadlineMs, string? TraceId, string? FunctionArn, byte[] Payload)
{
    /// <summary>Milliseconds left until the deadline at <paramref name="nowUnixMs"/>, or null without a deadline.</summary>
    public long? RemainingMs(long nowUnixMs) => DeadlineMs is { } d ? d - nowUnixMs : null;
}
