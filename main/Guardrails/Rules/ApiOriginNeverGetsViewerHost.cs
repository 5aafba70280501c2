using System.Text.Json.Nodes;
using EdgeRouter.Policies;

namespace EdgeRouter.Guardrails.Rules;

/// <summary>
/// ER001: no behaviour that targets a custom origin (API Gateway, or the router's Lambda function URL) may forward the
/// viewer's <c>Host</c> header, through <c>forwarded_values</c>, an origin request policy or a cache policy. API
/// Gateway routes on its own host name and answers 403 <c>{"message":"Forbidden"}</c> to any other; a function URL
/// finds its function by host name too, and behind Origin Access Control CloudFront signs the Host it sends. A policy the rule cannot see into (an
/// ID it does not know) fails too: it must be proven, not hoped, that Host is dropped.
/// </summary>
public sealed partial class ApiOriginNeverGetsViewerHost : IGuardrail
{
    /// <summary>Managed policies known to forward no viewer Host header.</summary>
    private static readonly HashSet<string> HostlessManagedPolicies =
    [
        ManagedPolicies.AllViewerExceptHostHeader,
        ManagedPolicies.CachingDisabled,
        ManagedPolicies.CachingOptimized,
    ];

    /// <inheritdoc />
    public string Id => "ER001";

    /// <inheritdoc />
    public string? CheckovId => null;

    /// <inheritdoc />
    public string Reason => "API Gateway (and a Lambda function URL) answers 403 Forbidden when CloudFront forwards the viewer's Host header";

    /// <inheritdoc />
    public IEnumerable<Violation> Check(SynthesizedStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        foreach (var behaviour in Behaviour.All(stack).Where(b => b.TargetsCustomOrigin))
        {
            if (behaviour.Block["forwarded_values"] is JsonObject forwarded &&
                Names(forwarded["headers"]).Any(h => h is "*" || IsHost(h)))
            {
                yield return Violation(behaviour.Where, "forwarded_values.headers forwards Host");
            }

            foreach (var (field, policyType, headersPath) in PolicyFields)
            {
                var value = behaviour.Block[field]?.ToString();
                if (value is null || HostlessManagedPolicies.Contains(value))
                {
                    continue;
                }

                // A literal ID, or an expression (a conditional between policies): every managed ID in it must be
                // known to drop Host, every stack-owned policy it names must drop Host, and it must name something.
                var managed = PolicyIdLiteral().Matches(value).Select(m => m.Value).ToList();
                var owned = stack.Resources(policyType).Where(p => SynthesizedStack.RefersTo(behaviour.Block[field], $"{policyType}.{p.Key}")).ToList();
                foreach (var id in managed.Where(id => !HostlessManagedPolicies.Contains(id)))
                {
                    yield return Violation(behaviour.Where, $"{field} \"{id}\" is not a policy known to drop Host");
                }

                foreach (var (name, policy) in owned.Where(p => ForwardsHost(headersPath(p.Value))))
                {
                    yield return Violation(behaviour.Where, $"{field} points at {policyType}.{name}, which forwards Host");
                }

                if (managed.Count == 0 && owned.Count == 0)
                {
                    yield return Violation(behaviour.Where, $"{field} \"{value}\" is not a policy known to drop Host");
                }
            }
        }
    }

    private static readonly (string Field, string PolicyType, Func<JsonObject, JsonNode?> HeadersConfig)[] PolicyFields =
    [
        ("origin_request_policy_id", "aws_cloudfront_origin_request_policy", p => p["headers_config"]),
        ("cache_policy_id", "aws_cloudfront_cache_policy",
            p => p["parameters_in_cache_key_and_forwarded_to_origin"]?["headers_config"]),
    ];

    private static bool ForwardsHost(JsonNode? headersConfig)
    {
        var behavior = headersConfig?["header_behavior"]?.ToString() ?? "none";
        var items = Names(headersConfig?["headers"]?["items"]).ToList();
        return behavior switch
        {
            "none" => false,
            "whitelist" => items.Any(IsHost),
            "allExcept" => !items.Any(IsHost),
            _ => true, // allViewer, allViewerAndWhitelistCloudFront, or anything new: assume the worst
        };
    }

    private static IEnumerable<string> Names(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(n => n?.ToString() ?? ""),
        JsonValue value => [value.ToString()],
        _ => [],
    };

    private static bool IsHost(string header) => string.Equals(header, "Host", StringComparison.OrdinalIgnoreCase);

    private Violation Violation(string where, string problem) => new(Id, where, problem,
        "use the managed AllViewerExceptHostHeader origin request policy (or a policy with header_behavior \"allExcept\" " +
        "listing Host) and a cache policy without Host in its key");

    [System.Text.RegularExpressions.GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial System.Text.RegularExpressions.Regex PolicyIdLiteral();
}
