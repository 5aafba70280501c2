using System.Text.Json.Nodes;

namespace EdgeRouter.Review.Rules;

/// <summary>
/// RV004: in the planned values, a behaviour aimed at a custom origin (the router's API) forwards the viewer's
/// <c>Host</c>, or has lost its origin request policy. API Gateway finds the API by the Host header and answers any
/// other name with 403 <c>{"message":"Forbidden"}</c> (README, "Why the viewer's Host header must never reach API
/// Gateway"); without an origin request policy CloudFront forwards no query string under CachingDisabled, so every
/// WebFinger lookup (<c>?resource=acct:…</c>) reaches the router without its question. Accepted: AWS's managed
/// AllViewerExceptHostHeader, or a policy in this plan whose headers are <c>allExcept</c> a list holding Host (or
/// <c>none</c>). AllViewer forwards Host; any other ID the review cannot prove, and says so. Forwarded values
/// (the legacy form) that name Host or <c>*</c> forward it too. The synth's guardrail ER001 checks the same on the
/// synthesized JSON; this rule checks what the plan would deploy, whatever produced it.
/// </summary>
public sealed class RouterBehaviourForwardsHost : IReviewRule
{
    /// <summary>AWS's managed AllViewerExceptHostHeader origin request policy.</summary>
    public const string AllViewerExceptHostHeader = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    /// <summary>AWS's managed AllViewer origin request policy: forwards every viewer header, Host included.</summary>
    public const string AllViewer = "216adef6-5c7f-47e4-b989-5492eafa07d3";

    /// <inheritdoc />
    public string Id => "RV004";

    /// <inheritdoc />
    public string Title => "a router behaviour forwards the viewer's Host or has no origin request policy";

    private const string Why = "API Gateway finds the API by the Host header: with the viewer's (example.com) it answers 403 {\"message\":\"Forbidden\"} to every lookup.";

    /// <inheritdoc />
    public IEnumerable<Finding> Check(PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var change in plan.Changes.Where(c => c.Mode == "managed" && c.Type == "aws_cloudfront_distribution"
            && c.Kind is ChangeKind.Create or ChangeKind.Update or ChangeKind.Replace))
        {
            var customOrigins = PlanValues.Blocks(change.After, "origin")
                .Where(o => PlanValues.Blocks(o, "custom_origin_config").Count > 0)
                .Select(o => PlanValues.Text(o, "origin_id")).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var behaviours = PlanValues.Blocks(change.After, "default_cache_behavior").Select(b => (Block: b, Key: "default_cache_behavior", Index: 0))
                .Concat(PlanValues.Blocks(change.After, "ordered_cache_behavior").Select((b, i) => (Block: b, Key: "ordered_cache_behavior", Index: i)));
            // One finding per problem, naming every behaviour that has it: seven router paths with the same policy
            // are one mistake.
            var problems = new List<(string Name, string Target, (string What, string Why, string Action) Problem)>();
            foreach (var (behaviour, key, index) in behaviours)
            {
                if (PlanValues.Text(behaviour, "target_origin_id") is not { } target || !customOrigins.Contains(target))
                {
                    continue;
                }

                var name = key == "default_cache_behavior" ? "the default behaviour" : PlanValues.Text(behaviour, "path_pattern") ?? $"{key}[{index}]";
                if (Problem(plan, change, behaviour, key, index) is { } problem)
                {
                    problems.Add((name, target, problem));
                }

                // Headers in a cache policy's key are forwarded to the origin too, whatever the origin request
                // policy says: a cache policy with Host in its key sends the viewer's Host to API Gateway.
                if (CachePolicyProblem(plan, change, behaviour, key, index) is { } cacheProblem)
                {
                    problems.Add((name, target, cacheProblem));
                }
            }

            foreach (var same in problems.GroupBy(p => (p.Target, p.Problem)))
            {
                var names = same.Select(p => p.Name).ToList();
                var subject = names.Count == 1 ? $"The behaviour {names[0]}" : $"The {names.Count} behaviours {string.Join(", ", names)}";
                yield return new Finding(Id, change.Address,
                    $"{subject} (to the API origin {same.Key.Target}) {(names.Count == 1 ? same.Key.Problem.What : Plural(same.Key.Problem.What))}.",
                    same.Key.Problem.Why, same.Key.Problem.Action);
            }
        }
    }

    private static (string What, string Why, string Action)? Problem(PlanDocument plan, ResourceChange change, JsonObject behaviour, string key, int index)
    {
        foreach (var forwarded in PlanValues.Blocks(behaviour, "forwarded_values"))
        {
            var headers = PlanValues.Strings(forwarded, "headers");
            if (headers.Any(h => h == "*" || h.Equals("Host", StringComparison.OrdinalIgnoreCase)))
            {
                return ("forwards the viewer's Host through forwarded_values", Why,
                    "Remove Host (and *) from forwarded_values, or better, use the origin request policy AllViewerExceptHostHeader.");
            }
        }

        if (PlanValues.Unknown(change.AfterUnknown, key, index, "origin_request_policy_id"))
        {
            // A policy created in this plan: its ID is unknown, the configuration says which resource it comes from.
            var policy = ReferencedPolicy(plan, change.ResourceAddress, key, index);
            if (policy is null)
            {
                return ("has an origin request policy known only after apply that the review cannot trace to a policy in this plan",
                    "Nobody can prove that policy keeps the viewer's Host away from API Gateway. " + Why,
                    "Use AllViewerExceptHostHeader, or a policy of this stack whose headers are allExcept Host.");
            }

            return PolicyProblem(policy);
        }

        var id = PlanValues.Text(behaviour, "origin_request_policy_id");
        if (string.IsNullOrEmpty(id))
        {
            return PlanValues.Blocks(behaviour, "forwarded_values").Count > 0
                ? null
                : ("has no origin request policy",
                    "Under CachingDisabled CloudFront then forwards no query string and no header: every WebFinger lookup (?resource=acct:…) reaches the router without its question.",
                    "Give the behaviour the origin request policy AllViewerExceptHostHeader (b689b0a8-53d0-40ab-baf2-68738e2966ac) again.");
        }

        if (id == AllViewerExceptHostHeader)
        {
            return null;
        }

        if (id == AllViewer)
        {
            return ("uses the managed origin request policy AllViewer (216adef6-5c7f-47e4-b989-5492eafa07d3), which forwards the viewer's Host", Why,
                "Use AllViewerExceptHostHeader (b689b0a8-53d0-40ab-baf2-68738e2966ac): every viewer header but Host, every cookie and query string.");
        }

        var planned = plan.Changes.FirstOrDefault(c => c.Type == "aws_cloudfront_origin_request_policy" && c.After is not null
            && PlanValues.Text(c.After, "id") == id);
        return planned is not null
            ? PolicyProblem(planned)
            : ($"uses the origin request policy {id}, which is neither AllViewerExceptHostHeader nor a policy in this plan",
                "The review cannot prove it keeps the viewer's Host away from API Gateway. " + Why,
                "Use AllViewerExceptHostHeader, or a policy of this stack whose headers are allExcept Host; if you checked this one, acknowledge it with ALLOW.");
    }

    private static (string What, string Why, string Action)? PolicyProblem(ResourceChange policy)
    {
        var headers = PlanValues.Blocks(policy.After, "headers_config").FirstOrDefault();
        var behaviour = PlanValues.Text(headers, "header_behavior");
        var items = PlanValues.Blocks(headers, "headers").SelectMany(h => PlanValues.Strings(h, "items")).ToList();
        var hasHost = items.Any(h => h.Equals("Host", StringComparison.OrdinalIgnoreCase));
        var safe = behaviour switch
        {
            "none" => true,
            "allExcept" => hasHost,
            "whitelist" => !hasHost,
            _ => false,
        };
        return safe
            ? null
            : ($"uses the origin request policy {policy.Address}, whose headers ({behaviour ?? "unknown"}{(items.Count > 0 ? " " + string.Join(",", items) : "")}) let the viewer's Host through",
                Why, "Make that policy's headers allExcept [Host] (apiOriginRequestPolicy = stack-owned does), or use AllViewerExceptHostHeader.");
    }

    /// <summary>AWS's managed cache policies with no header in their key (CachingDisabled, CachingOptimized), as guardrail ER001 accepts.</summary>
    public static readonly IReadOnlySet<string> HostlessCachePolicies = new HashSet<string>(StringComparer.Ordinal)
    {
        "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
        "658327ea-f89d-4fab-a63d-7e88639e58f6",
    };

    // The behaviour's cache policy: one whose key holds Host forwards the viewer's Host to the origin.
    private static (string What, string Why, string Action)? CachePolicyProblem(PlanDocument plan, ResourceChange change, JsonObject behaviour, string key, int index)
    {
        const string Action = "Use a cache policy without Host in its key: CachingDisabled (4135ea2d-6df8-44a3-9df3-4b5a84be39ad) or the stack's webfinger cache policy (header_behavior none).";
        ResourceChange? policy;
        if (PlanValues.Unknown(change.AfterUnknown, key, index, "cache_policy_id"))
        {
            policy = ReferencedPolicy(plan, change.ResourceAddress, key, index, "cache_policy_id", "aws_cloudfront_cache_policy");
            if (policy is null)
            {
                return ("has a cache policy known only after apply that the review cannot trace to a policy in this plan",
                    "Headers in a cache policy's key are forwarded to the origin: nobody can prove this one keeps the viewer's Host away from API Gateway. " + Why,
                    Action);
            }
        }
        else
        {
            var id = PlanValues.Text(behaviour, "cache_policy_id");
            if (string.IsNullOrEmpty(id) || HostlessCachePolicies.Contains(id))
            {
                // No cache policy: the legacy forwarded_values, checked above.
                return null;
            }

            policy = plan.Changes.FirstOrDefault(c => c.Type == "aws_cloudfront_cache_policy" && c.After is not null && PlanValues.Text(c.After, "id") == id);
            if (policy is null)
            {
                return ($"uses the cache policy {id}, which is neither CachingDisabled, CachingOptimized nor a policy in this plan",
                    "Headers in a cache policy's key are forwarded to the origin (AWS's UseOriginCacheControlHeaders and Amplify policies hold Host): the review cannot prove this one keeps the viewer's Host away from API Gateway. " + Why,
                    Action + " If you checked this one, acknowledge it with ALLOW=RV004:" + change.Address + ".");
            }
        }

        var headers = PlanValues.Blocks(policy.After, "parameters_in_cache_key_and_forwarded_to_origin")
            .SelectMany(p => PlanValues.Blocks(p, "headers_config")).FirstOrDefault();
        var headerBehavior = PlanValues.Text(headers, "header_behavior") ?? "none";
        var items = PlanValues.Blocks(headers, "headers").SelectMany(h => PlanValues.Strings(h, "items")).ToList();
        var forwardsHost = headerBehavior switch
        {
            "none" => false,
            "whitelist" => items.Any(h => h.Equals("Host", StringComparison.OrdinalIgnoreCase)),
            _ => true,
        };
        return forwardsHost
            ? ($"uses the cache policy {policy.Address}, whose key's headers ({headerBehavior}{(items.Count > 0 ? " " + string.Join(",", items) : "")}) hold the viewer's Host, which CloudFront then forwards",
                Why, Action)
            : null;
    }

    // The aws_cloudfront_origin_request_policy the configuration's expression for this behaviour refers to.
    private static ResourceChange? ReferencedPolicy(PlanDocument plan, string distribution, string key, int index) =>
        ReferencedPolicy(plan, distribution, key, index, "origin_request_policy_id", "aws_cloudfront_origin_request_policy");

    // The policy resource of type policyType that the configuration's expression for this behaviour's field refers to.
    private static ResourceChange? ReferencedPolicy(PlanDocument plan, string distribution, string key, int index, string field, string policyType)
    {
        var expressions = plan.Configuration(distribution)?["expressions"];
        var block = expressions?[key] switch
        {
            JsonArray list when index < list.Count => list[index],
            JsonObject single when index == 0 => single,
            _ => null,
        };
        var references = block?[field]?["references"] as JsonArray;
        var address = references?.Select(r => r?.ToString()).FirstOrDefault(r => r?.StartsWith(policyType + ".", StringComparison.Ordinal) == true && r.Count(ch => ch == '.') == 1);
        return address is null ? null : plan.Changes.FirstOrDefault(c => c.ResourceAddress == address && c.After is not null);
    }

    // "uses … which forwards" -> "use … which forwards": the problems are written for one behaviour.
    private static string Plural(string what) => what switch
    {
        _ when what.StartsWith("uses ", StringComparison.Ordinal) => "use " + what[5..],
        _ when what.StartsWith("has ", StringComparison.Ordinal) => "have " + what[4..],
        _ when what.StartsWith("forwards ", StringComparison.Ordinal) => "forward " + what[9..],
        _ => what,
    };
}
