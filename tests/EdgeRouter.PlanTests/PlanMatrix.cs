namespace EdgeRouter.PlanTests;

/// <summary>
/// What is planned: every stack shape (synth settings, README "Synth-time settings") and, on the default shape,
/// every not_found_mode and the optional features. Add a shape or a variable set here; its expectations go in
/// <see cref="PlanExpectations"/>.
/// </summary>
public static class PlanMatrix
{
    /// <summary>The router's own paths, as the README suggests for keeping static /.well-known/ files.</summary>
    /// <summary>The default: the router's seven documents, one behaviour each, so the bucket serves every other
    /// /.well-known/ file (README, "The well-known paths"). Written out here, not read from the app, so that a changed
    /// default shows in this test.</summary>
    public static readonly string[] DefaultPatterns =
    [
        "/.well-known/webfinger", "/.well-known/host-meta", "/.well-known/nodeinfo", "/.well-known/atproto-did",
        "/.well-known/matrix/server", "/.well-known/matrix/client", "/.well-known/nostr.json",
    ];

    public static readonly string[] NarrowedPatterns = ["/.well-known/webfinger", "/.well-known/host-meta*", "/.well-known/nodeinfo*"];

    /// <summary>The domain of the existing-API shape.</summary>
    public const string ExistingApiDomain = "api.example.com";

    /// <summary>The default: the stack deploys the router, managed origin request policy, /.well-known/*.</summary>
    public static StackShape Default { get; } = new("default", new Dictionary<string, string>());

    /// <summary>In front of an API the user already runs: no router resources.</summary>
    public static StackShape ExistingApi { get; } = new("existing-api",
        new Dictionary<string, string> { ["EDGE_ROUTER_EXISTING_API_DOMAIN_NAME"] = ExistingApiDomain });

    /// <summary>
    /// Router behaviours only for the router's own paths, with the stack's own origin request policy (headers
    /// allExcept Host): the two settings that change the router behaviours, in one shape (as test-e2e runs them),
    /// which saves a synth, an init and a plan.
    /// </summary>
    public static StackShape NarrowedStackOwned { get; } = new("narrowed-stack-owned", new Dictionary<string, string>
    {
        ["EDGE_ROUTER_ROUTER_PATH_PATTERNS"] = string.Join(',', NarrowedPatterns),
        ["EDGE_ROUTER_API_ORIGIN_REQUEST_POLICY"] = "stack-owned",
    });

    /// <summary>The router behind its Lambda function URL with Origin Access Control (routerOrigin = function-url): no API Gateway.</summary>
    public static StackShape FunctionUrl { get; } = new("function-url",
        new Dictionary<string, string> { ["EDGE_ROUTER_ROUTER_ORIGIN"] = "function-url" });

    /// <summary>The environments of the <see cref="Environments"/> shape.</summary>
    public static readonly string[] EnvironmentNames = ["staging", "production"];

    /// <summary>Two environments from one app: no default edge stack, one per environment (README, Deploy).</summary>
    public static StackShape Environments { get; } = new("environments", new Dictionary<string, string>
    {
        ["EDGE_ROUTER_ENVIRONMENTS"] = string.Join(',', EnvironmentNames),
    });

    /// <summary>Every shape.</summary>
    public static IReadOnlyList<StackShape> Shapes { get; } = [Default, ExistingApi, NarrowedStackOwned, FunctionUrl];

    /// <summary>Every not_found_mode the variable allows.</summary>
    public static readonly string[] NotFoundModes = ["list-bucket", "error-page", "spa"];

    /// <summary>The WAF of the features plan.</summary>
    public const string WebAclArn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d";

    /// <summary>The access-log bucket of the features plan.</summary>
    public const string AccessLogBucket = "example-com-logs";

    /// <summary>Optional features on: access logs, WAF, a WebFinger edge cache (Route 53 aliases are on in the example).</summary>
    public static VariableSet Features { get; } = new("features", new Dictionary<string, string>
    {
        ["access_log_bucket"] = AccessLogBucket,
        ["web_acl_id"] = WebAclArn,
        ["route53_zone_id"] = "Z00FEATURESPLAN0000000",
        ["webfinger_cache_seconds"] = "300",
        // 6.x-only: planned as TLSv1.2_2021 on the 5.x mirror (ProviderCompatibility), as itself with the pin.
        ["minimum_protocol_version"] = "TLSv1.3_2025",
        // Alarms outside us-east-1 (a second topic there for the distribution's alarm), mailed, with CloudFront's
        // additional metrics: every conditional operations resource planned.
        ["aws_region"] = "eu-central-1",
        ["alarm_email"] = AlarmEmail,
        ["cloudfront_additional_metrics"] = "true",
    });

    /// <summary>The alarm email of the features plan.</summary>
    public const string AlarmEmail = "ops@example.com";

    /// <summary>One variable set per not_found_mode.</summary>
    public static VariableSet NotFound(string mode) => new(mode, new Dictionary<string, string> { ["not_found_mode"] = mode });

    /// <summary>
    /// Every plan of the edge stack from JSON, each reading the variables file: each other shape with the file
    /// alone, the default with each not_found_mode (the file plus -var not_found_mode) and with the features.
    /// </summary>
    public static IEnumerable<PlanCase> EdgeCases() =>
    [
        .. Shapes.Where(s => s != Default).Select(shape => new PlanCase(shape, Stacks.Edge, StackFormat.Json, VariableSet.Example)),
        .. NotFoundModes.Select(mode => new PlanCase(Default, Stacks.Edge, StackFormat.Json, NotFound(mode))),
        new PlanCase(Default, Stacks.Edge, StackFormat.Json, Features),
        .. EnvironmentNames.Select(environment => new PlanCase(Environments, Stacks.EdgeOf(environment), StackFormat.Json, VariableSet.Example)),
    ];

    /// <summary>The state stack (the same in every shape).</summary>
    public static PlanCase StateCase(StackFormat format = StackFormat.Json) => new(Default, Stacks.State, format, VariableSet.Example);
}
