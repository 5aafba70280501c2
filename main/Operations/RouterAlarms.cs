using Constructs;
using EdgeRouter.Configuration;

namespace EdgeRouter.Operations;

/// <summary>
/// The router function's alarms (AWS/Lambda, by <c>FunctionName</c>): its errors, its throttles and its p99
/// duration near the timeout; and its origin's 5xx alarm, which depends on what stands in front of the function
/// (<see cref="AddOriginAlarm"/>: the HTTP API's <c>5xx</c>, or a function URL's <c>Url5xxCount</c>).
/// </summary>
public sealed class RouterAlarms : Construct
{
    private readonly AlarmPolicy _policy;
    private readonly RouterAlarmInputs _inputs;
    private readonly string _functionName;
    private readonly string _topicArn;

    /// <summary>Creates the function's three alarms.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="policy">Evaluation window and name prefix.</param>
    /// <param name="inputs">The thresholds.</param>
    /// <param name="functionName">The function's name (an expression referring to the function resource).</param>
    /// <param name="topicArn">Where notifications go (an expression).</param>
    public RouterAlarms(Construct scope, string id, AlarmPolicy policy, RouterAlarmInputs inputs, string functionName, string topicArn)
        : base(scope, id)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _inputs = inputs ?? throw new ArgumentNullException(nameof(inputs));
        _functionName = functionName;
        _topicArn = topicArn;
        var function = new Dictionary<string, string> { ["FunctionName"] = functionName };

        Errors = policy.Create(this, "errors", "router-errors",
            "The webfinger router failed invocations (crashed, timed out or got a payload that is not an HTTP event): " +
            "lookups answer 5xx. First look: the router's log group (saved query \"what failed and why\"), then the last deploy.",
            new MetricId("AWS/Lambda", "Errors", function), "Sum", inputs.ErrorsThreshold.NumberValue, topicArn);

        Throttles = policy.Create(this, "throttles", "router-throttles",
            "Lambda refused to run the router (concurrency limit reached): those lookups failed. First look: the " +
            "dashboard's lookups by route (a storm or a scan?), router_reserved_concurrency and the account's concurrency.",
            new MetricId("AWS/Lambda", "Throttles", function), "Sum", inputs.ThrottlesThreshold.NumberValue, topicArn);

        Duration = policy.Create(this, "duration", "router-duration",
            "The router's p99 duration is near its timeout: lookups are about to time out. First look: the saved query " +
            "\"slowest requests\", and whether something it waits for (nothing, by design) was added.",
            new MetricId("AWS/Lambda", "Duration", function), "p99", inputs.DurationMs.NumberValue, topicArn);
    }

    /// <summary>The Errors alarm.</summary>
    public CloudwatchMetricAlarm Errors { get; }

    /// <summary>The Throttles alarm.</summary>
    public CloudwatchMetricAlarm Throttles { get; }

    /// <summary>The p99 Duration alarm.</summary>
    public CloudwatchMetricAlarm Duration { get; }

    /// <summary>The origin's 5xx metric for <paramref name="kind"/>: the HTTP API's by <c>ApiId</c>
    /// (<paramref name="originId"/>), or the function URL's by <c>FunctionName</c> (the router's own name).</summary>
    public MetricId Origin5xxMetric(RouterOriginKind kind, string originId) => kind switch
    {
        RouterOriginKind.HttpApi => new MetricId("AWS/ApiGateway", "5xx", new Dictionary<string, string> { ["ApiId"] = originId }),
        // Lambda publishes a function URL's metrics by FunctionName (every URL of the function's $LATEST and
        // aliases) and by Resource (one URL); the router has one URL on $LATEST, so FunctionName is the same thing.
        RouterOriginKind.FunctionUrl => new MetricId("AWS/Lambda", "Url5xxCount", new Dictionary<string, string> { ["FunctionName"] = _functionName }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown router origin"),
    };

    /// <summary>
    /// Adds the alarm on the 5xx answers of the router's origin: <c>router-api-5xx</c> for an HTTP API (by its
    /// ID, <paramref name="originId"/>), <c>router-url-5xx</c> for a function URL (<paramref name="originId"/> unused).
    /// </summary>
    public CloudwatchMetricAlarm AddOriginAlarm(RouterOriginKind kind, string originId)
    {
        var (id, suffix, what) = kind == RouterOriginKind.HttpApi
            ? ("api_5xx", "router-api-5xx", "The router's HTTP API")
            : ("url_5xx", "router-url-5xx", "The router's function URL");
        return _policy.Create(this, id, suffix,
            $"{what} answered 5xx (the function failed, timed out or was throttled): lookups fail. First look: the " +
            "router-errors and router-throttles alarms, then the router's log group.",
            Origin5xxMetric(kind, originId), "Sum", _inputs.Origin5xxThreshold.NumberValue, _topicArn);
    }
}
