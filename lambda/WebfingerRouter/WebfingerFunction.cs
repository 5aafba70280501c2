using System.Diagnostics;
using System.Text.Json;
using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Events;
using EdgeRouter.Webfinger.Logging;
using EdgeRouter.Webfinger.Requests;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;
using EdgeRouter.Webfinger.Serialization;

namespace EdgeRouter.Webfinger;

/// <summary>The whole function without its host: event JSON in, proxy-response JSON out. Hosts (the Native AOT
/// <c>bootstrap</c>, the managed <c>dotnet10</c> handler, tests, a local edge) create one at start-up and call
/// <see cref="Invoke"/> per event. Thread-safe.</summary>
public sealed class WebfingerFunction
{
    /// <summary>Creates the function for a validated configuration.</summary>
    /// <param name="config">The router's configuration.</param>
    /// <param name="origin">The check that requests came through the distribution; null answers every request.</param>
    public WebfingerFunction(RouterConfig config, OriginVerification? origin = null)
    {
        Router = new Router(config);
        _origin = origin;
    }

    private readonly OriginVerification? _origin;

    /// <summary>The router the function uses.</summary>
    public Router Router { get; }

    /// <summary>Reads and validates <c>WEBFINGER_CONFIG</c> and <c>ORIGIN_VERIFY_SECRET</c> from the environment. A
    /// section with a problem is disabled, not fatal (<see cref="ConfigProblemLogLines"/> says which and why).</summary>
    /// <exception cref="ConfigException">The configuration is missing or not a JSON object; the message names it.</exception>
    public static WebfingerFunction FromEnvironment() =>
        new(ConfigParser.Read(Environment.GetEnvironmentVariable(ConfigParser.EnvironmentVariable)),
            OriginVerification.FromEnvironment())
        {
            NamesFromTerraform = Environment.GetEnvironmentVariable(Contract.ConfigNames.SourceVariable) == Contract.ConfigNames.Terraform,
        };

    /// <summary>True when the configuration came from the stack's Terraform variables
    /// (<c>WEBFINGER_CONFIG_SOURCE=terraform</c>): problems are then named by the variable the user wrote
    /// (<c>oidc_issuer</c>), else by the JSON member (<c>oidc.issuer</c>).</summary>
    public bool NamesFromTerraform { get; init; }

    /// <summary>One structured error line per configuration problem (level "error", route "config-problem", the
    /// disabled section or entry by its JSON name, <c>mastodon</c> or <c>resources["acct:x@example.com"]</c>, and the
    /// message in the user's names), for the log at start-up; none for a valid configuration.</summary>
    public IReadOnlyList<string> ConfigProblemLogLines() =>
        [.. Router.Config.Problems.Select(p => new RequestLogEntry
        {
            Level = "error",
            Route = "config-problem",
            Section = p.Section,
            Error = p.MessageFor(NamesFromTerraform),
        }.ToJson())];

    /// <summary>Handles one event.</summary>
    /// <exception cref="InvalidEventException">The payload is not an HTTP event.</exception>
    public FunctionResult Invoke(ReadOnlyMemory<byte> eventJson)
    {
        var started = Stopwatch.GetTimestamp();
        var (format, request) = LambdaEventParser.Parse(eventJson);
        // A request that did not come through the distribution is refused before any rule looks at it.
        var response = _origin is { } origin && !origin.Allows(eventJson) ? Answers.NotThroughDistribution(request.Method == "HEAD") : Router.Route(request);
        var headers = new Dictionary<string, string>(response.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in response.Headers)
        {
            headers[k] = v;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(
            new ProxyResponse { StatusCode = response.StatusCode, Headers = headers, Body = response.Body },
            RouterJsonContext.Output.ProxyResponse);
        return new FunctionResult(json, format, request, response, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The log line for an answered event.</summary>
    public static string LogLine(FunctionResult invocation, string? requestId, string? traceId, long? remainingMs)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var path = invocation.Request.Path;
        return new RequestLogEntry
        {
            RequestId = requestId,
            TraceId = traceId,
            Format = invocation.Format.ToLogName(),
            Method = Cut(invocation.Request.Method, 16),
            Path = Cut(path, 256),
            Route = invocation.Response.Decision.ToLogName(),
            Status = invocation.Response.StatusCode,
            DurationMs = Math.Round(invocation.Duration.TotalMilliseconds, 3),
            RemainingMs = remainingMs,
        }.ToJson();
    }

    /// <summary>The log line for a payload that was not an HTTP event.</summary>
    public static string InvalidEventLogLine(InvalidEventException error, string? requestId, string? traceId, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new RequestLogEntry
        {
            Level = "error",
            RequestId = requestId,
            TraceId = traceId,
            Route = "invalid-event",
            DurationMs = Math.Round(duration.TotalMilliseconds, 3),
            Error = error.Message,
        }.ToJson();
    }

    /// <summary>The JSON body of an invocation-error report: <c>{"errorMessage":"...","errorType":"..."}</c>.</summary>
    public static string ErrorReport(string errorType, string message) =>
        "{\"errorMessage\":" + JsonSerializer.Serialize(message, RouterJsonContext.Output.String) +
        ",\"errorType\":" + JsonSerializer.Serialize(errorType, RouterJsonContext.Output.String) + "}";

    /// <summary>JSON-quotes <paramref name="value"/> (cut to 200 characters) for a message: no line breaks or
    /// control characters from it reach a log.</summary>
    public static string Quote(string value) => ConfigParser.Quote(value);

    // Never between the two halves of a surrogate pair: a lone half cannot be written as JSON.
    private static string Cut(string s, int max) =>
        s.Length <= max ? s : s[..(char.IsHighSurrogate(s[max - 1]) ? max - 1 : max)];
}

/// <summary>The outcome of one event.</summary>
/// <param name="ResponseJson">The proxy response to hand back to Lambda (UTF-8 JSON).</param>
/// <param name="Format">The event format it came in.</param>
/// <param name="Request">The request as the router saw it.</param>
/// <param name="Response">The router's answer.</param>
/// <param name="Duration">Time from event bytes to response bytes.</param>
public sealed record FunctionResult(
    byte[] ResponseJson,
    EventFormat Format,
    RouterRequest Request,
    RouterResponse Response,
    TimeSpan Duration);
