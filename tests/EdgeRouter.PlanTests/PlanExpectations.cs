namespace EdgeRouter.PlanTests;

/// <summary>
/// Every assertion on a plan, in one place. Each check returns what is wrong (empty: nothing), naming the address,
/// so a test prints all of a plan's faults at once and the broken-copy tests can show a check failing. To extend
/// after a change to the stack: adjust <see cref="ExpectedAddresses"/> (the plan prints the actual list when it
/// differs) and add a check here.
/// </summary>
public static class PlanExpectations
{
    /// <summary>AWS managed origin request policy AllViewerExceptHostHeader: everything from the viewer except Host.</summary>
    public const string AllViewerExceptHostHeader = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    /// <summary>AWS managed cache policy CachingDisabled: no header in the cache key.</summary>
    public const string CachingDisabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

    /// <summary>The actions a first plan may have: nothing is ever planned for deletion or replacement.</summary>
    private static readonly string[] AllowedActions = ["create", "read", "no-op"];

    // --- the resources and outputs of each shape ------------------------------------------------------------------

    private static readonly string[] SiteAndDistribution =
    [
        "aws_cloudfront_distribution.distribution",
        "aws_cloudfront_function.index_rewrite_function_A0D5BEA6",
        "aws_cloudfront_origin_access_control.site_origin_access_control_E16D7ED8",
        "aws_cloudfront_response_headers_policy.security_headers_policy_F4D3CF25",
        "aws_cloudfront_response_headers_policy.router_headers_policy_48DABB5B",
        "aws_cloudfront_cache_policy.webfinger_cache_policy_65B089FA",
        "aws_route53_record.dns_a_13DA7B1B[\"example.com\"]",
        "aws_route53_record.dns_a_13DA7B1B[\"www.example.com\"]",
        "aws_route53_record.dns_aaaa_43B7A3CF[\"example.com\"]",
        "aws_route53_record.dns_aaaa_43B7A3CF[\"www.example.com\"]",
        "aws_s3_bucket.site_bucket_7B14A155",
        "aws_s3_bucket_lifecycle_configuration.site_lifecycle_201ECBA1",
        "aws_s3_bucket_ownership_controls.site_ownership_controls_2B67C680",
        "aws_s3_bucket_policy.site_policy_D965C715",
        "aws_s3_bucket_public_access_block.site_public_access_block_D7CB9C27",
        "aws_s3_bucket_server_side_encryption_configuration.site_encryption_18F60BF9",
        "aws_s3_bucket_versioning.site_versioning_FFF70A3B",
        // The origin secret (X-Origin-Verify), drawn at apply time: every shape sends it to the API origin.
        "terraform_data.origin_verify_value_D6BC5E6A",
        // Operations: the distribution's alarm (us-east-1), the alarm topic of the stack's region, the dashboard.
        "aws_cloudwatch_metric_alarm.distribution_alarms_error_rate_354B8883",
        "aws_sns_topic.alarm_topics_regional_4812B413[0]",
        "aws_cloudwatch_dashboard.operations_dashboard_DEA6A6DA",
    ];

    // The features plan: aws_region eu-central-1 (a topic in us-east-1 too), alarm_email (one subscription per topic),
    // cloudfront_additional_metrics.
    private static readonly string[] FeaturesOperations =
    [
        "aws_sns_topic.alarm_topics_us_east_1_7B7C4A37[0]",
        "aws_sns_topic_subscription.alarm_topics_regional_email_9BE7EC0C[0]",
        "aws_sns_topic_subscription.alarm_topics_us_east_1_email_ED33E2BA[0]",
        "aws_cloudfront_monitoring_subscription.distribution_alarms_additional_metrics_C622EB54[0]",
    ];

    /// <summary>The router's alarms, in the order of <see cref="RouterAlarmThresholds"/> (the origin's 5xx alarm, last
    /// there, is added per origin below).</summary>
    private static readonly string[] RouterAlarms =
    [
        "aws_cloudwatch_metric_alarm.router_alarms_errors_6CCD28C0",
        "aws_cloudwatch_metric_alarm.router_alarms_throttles_2A04E383",
        "aws_cloudwatch_metric_alarm.router_alarms_duration_CD3741BC",
    ];

    /// <summary>The router's log metrics and saved queries (either origin).</summary>
    private static readonly string[] RouterLogs =
    [
        "aws_cloudwatch_log_metric_filter.router_log_metrics_invalid_events_3A4590AA",
        "aws_cloudwatch_log_metric_filter.router_log_metrics_requests_CF14A477",
        "aws_cloudwatch_query_definition.router_log_metrics_query_cold_starts_7967B2D7",
        "aws_cloudwatch_query_definition.router_log_metrics_query_failures_BAAEC328",
        "aws_cloudwatch_query_definition.router_log_metrics_query_lookups_by_route_C5C8DC9C",
        "aws_cloudwatch_query_definition.router_log_metrics_query_slowest_9BF34023",
    ];

    private static readonly string[] RouterFunction =
    [
        "aws_cloudwatch_log_group.router_log_group_CB3FC119",
        "aws_iam_role.router_role_DBC57C68",
        "aws_iam_role_policy.router_write_logs_policy_51F24F85",
        "aws_lambda_function.router_function_5C772D8B",
    ];

    private static readonly string[] Router =
    [
        .. RouterFunction,
        "aws_apigatewayv2_api.router_api_1F693036",
        "aws_apigatewayv2_integration.router_api_integration_4DAD2E95",
        "aws_apigatewayv2_route.router_api_route_A85910F7",
        "aws_apigatewayv2_stage.router_api_stage_03970795",
        "aws_lambda_permission.router_api_invoke_permission_B4838A21",
        .. RouterAlarms,
        "aws_cloudwatch_metric_alarm.router_alarms_api_5xx_E44EE8C2",
        .. RouterLogs,
    ];

    /// <summary>The function-url shape's router: the function, its URL, the URL's origin access control and the two
    /// permissions Lambda requires (InvokeFunctionUrl and InvokeFunction), and no API Gateway resource.</summary>
    private static readonly string[] RouterBehindFunctionUrl =
    [
        .. RouterFunction,
        "aws_lambda_function_url.router_url_964BC8E6",
        "aws_cloudfront_origin_access_control.router_url_access_control_4B4F16ED",
        "aws_lambda_permission.router_url_invoke_url_permission_0C128A50",
        "aws_lambda_permission.router_url_invoke_permission_63AFF025",
        .. RouterAlarms,
        "aws_cloudwatch_metric_alarm.router_alarms_url_5xx_1A6A739E",
        .. RouterLogs,
    ];

    private static readonly string[] StackOwnedPolicy = ["aws_cloudfront_origin_request_policy.api_origin_request_policy_FB69CA4D"];

    /// <summary>Every managed resource address a plan of <paramref name="planCase"/> must have, and no other.</summary>
    public static IReadOnlyList<string> ExpectedAddresses(PlanCase planCase) => planCase.Stack == Stacks.State
        ?
        [
            "aws_s3_bucket.state_bucket_803B4E61",
            "aws_s3_bucket_lifecycle_configuration.state_lifecycle_9EBA48F5",
            "aws_s3_bucket_ownership_controls.state_ownership_controls_8BB8F194",
            "aws_s3_bucket_policy.state_policy_DB2E7E78",
            "aws_s3_bucket_public_access_block.state_public_access_block_C5CCF4EB",
            "aws_s3_bucket_server_side_encryption_configuration.state_encryption_3FDA0990",
            "aws_s3_bucket_versioning.state_versioning_27DF9ED5",
        ]
        : planCase.Shape.Name switch
        {
            "existing-api" => SiteAndDistribution,
            "narrowed-stack-owned" => [.. SiteAndDistribution, .. Router, .. StackOwnedPolicy],
            "function-url" => [.. SiteAndDistribution, .. RouterBehindFunctionUrl],
            _ when planCase.Variables == PlanMatrix.Features => [.. SiteAndDistribution, .. Router, .. FeaturesOperations],
            _ => [.. SiteAndDistribution, .. Router],
        };

    /// <summary>The outputs a plan of <paramref name="planCase"/> must have.</summary>
    public static IReadOnlyList<string> ExpectedOutputs(PlanCase planCase) => planCase.Stack == Stacks.State
        ? ["state_bucket"]
        : planCase.Shape == PlanMatrix.ExistingApi
            ? ["alarm_topic_arns", "api_origin_domain_name", "dashboard_name", "distribution_domain_name", "distribution_id", "origin_verify_secret", "site_bucket"]
            : planCase.Shape == PlanMatrix.FunctionUrl
                ? ["alarm_topic_arns", "api_origin_domain_name", "dashboard_name", "distribution_domain_name", "distribution_id", "origin_verify_secret", "router_function_name", "router_function_url", "site_bucket"]
                : ["alarm_topic_arns", "api_origin_domain_name", "dashboard_name", "distribution_domain_name", "distribution_id", "origin_verify_secret", "router_api_endpoint", "router_function_name", "site_bucket"];

    /// <summary>The router behaviours' path patterns in a shape, in order.</summary>
    public static IReadOnlyList<string> ExpectedRouterPatterns(PlanCase planCase) =>
        planCase.Shape == PlanMatrix.NarrowedStackOwned ? PlanMatrix.NarrowedPatterns : PlanMatrix.DefaultPatterns;

    // --- checks ---------------------------------------------------------------------------------------------------

    /// <summary>Every check that applies to <paramref name="plan"/>.</summary>
    public static IReadOnlyList<string> Check(PlannedStack plan) =>
    [
        .. PlanIsComplete(plan),
        .. NoWarningsButTheAcceptedOnes(plan),
        .. NothingDeleted(plan),
        .. Addresses(plan),
        .. Outputs(plan),
        .. Stacks.IsEdge(plan.Case.Stack)
            ?
            [
                .. HostNeverForwardedToTheApi(plan),
                .. RouterBehaviours(plan),
                .. SiteOriginUsesOac(plan),
                .. SiteBucketReadableOnlyByTheDistribution(plan),
                .. EveryBehaviourHttpsWithSecurityHeaders(plan),
                .. ShapeSpecific(plan),
                .. (plan.Case.Shape == PlanMatrix.FunctionUrl ? RouterOnlyThroughTheSignedFunctionUrl(plan) : []),
                .. VariableSetSpecific(plan),
                .. ReachabilityChecksPass(plan),
                .. Alarms(plan),
            ]
            : StateBucket(plan),
    ];

    /// <summary>The plan finished, with nothing left undecided by an error.</summary>
    public static IEnumerable<string> PlanIsComplete(PlannedStack plan)
    {
        if ((bool?)plan.Document["errored"] != false)
        {
            yield return "the plan errored";
        }

        if ((bool?)plan.Document["applyable"] != true)
        {
            yield return "the plan is not applyable";
        }
    }

    /// <summary>
    /// Warnings terraform plan may print for now, each with the reason; any other warning (a deprecated argument, a
    /// quoted reference, a provider's notice) fails the plan.
    /// </summary>
    public static IReadOnlyDictionary<string, string> AcceptedWarnings { get; } = new Dictionary<string, string>
    {
        // terraform.tfvars.example is written for the default shape (it plans that shape with no warning at all); the
        // existing-API shape declares no router variables, which the example sets, and its own api_origin_path is
        // commented out there (tests/EdgeRouter.Tests/UserVariablesTests plans the example edited for that shape).
        ["Value for undeclared variable"] = "terraform.tfvars.example sets a variable the existing-API shape does not declare",
        ["Values for undeclared variables"] = "terraform.tfvars.example sets variables the existing-API shape does not declare",
    };

    /// <summary>terraform plan printed no warning but the accepted ones.</summary>
    public static IEnumerable<string> NoWarningsButTheAcceptedOnes(PlannedStack plan) =>
        plan.Warnings.Where(w => plan.Case.Shape != PlanMatrix.ExistingApi || !AcceptedWarnings.ContainsKey(w))
            .Select(w => $"terraform plan warned: {w}");

    /// <summary>
    /// The stack's check blocks (main/Inputs/ReachabilityChecks.cs: plan-time warnings about aliases that no lookup
    /// reaches) are in the planned configuration, JSON and HCL alike, and pass with the example's aliases.
    /// </summary>
    public static IEnumerable<string> ReachabilityChecksPass(PlannedStack plan)
    {
        string[] expected = plan.Case.Shape == PlanMatrix.ExistingApi
            ? ["aliases_reach_the_router"]
            : ["aliases_reach_the_router", "webfinger_domain_in_aliases"];
        var checks = ((plan.Document["checks"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Where(c => (string?)c["address"]?["kind"] == "check")
            .ToDictionary(c => (string)c["address"]!["name"]!, c => (string?)c["status"]);
        foreach (var name in expected)
        {
            if (!checks.TryGetValue(name, out var status))
            {
                yield return $"check.{name} is not in the plan (planned checks: [{string.Join(", ", checks.Keys)}])";
            }
            else if (status != "pass")
            {
                yield return $"check.{name}: status {status}, expected pass";
            }
        }

        foreach (var name in checks.Keys.Except(expected))
        {
            yield return $"check.{name} is planned but not expected";
        }
    }

    /// <summary>No resource is planned for deletion or replacement.</summary>
    public static IEnumerable<string> NothingDeleted(PlannedStack plan) =>
        plan.Actions.Where(a => a.Value.Any(action => !AllowedActions.Contains(action)))
            .Select(a => $"{a.Key}: planned {string.Join('+', a.Value)} (only {string.Join('/', AllowedActions)} is allowed)");

    /// <summary>Exactly the expected resource addresses (the number of resources follows).</summary>
    public static IEnumerable<string> Addresses(PlannedStack plan)
    {
        var expected = ExpectedAddresses(plan.Case).Order(StringComparer.Ordinal).ToList();
        var actual = plan.ResourceAddresses;
        if (!expected.SequenceEqual(actual))
        {
            yield return $"resources: expected {expected.Count}, planned {actual.Count}; " +
                $"missing [{string.Join(", ", expected.Except(actual))}], unexpected [{string.Join(", ", actual.Except(expected))}]";
        }
    }

    /// <summary>Exactly the expected outputs.</summary>
    public static IEnumerable<string> Outputs(PlannedStack plan)
    {
        var expected = ExpectedOutputs(plan.Case).Order(StringComparer.Ordinal).ToList();
        if (!expected.SequenceEqual(plan.OutputNames))
        {
            yield return $"outputs: expected [{string.Join(", ", expected)}], planned [{string.Join(", ", plan.OutputNames)}]";
        }
    }

    /// <summary>
    /// ER001 at plan level: no behaviour aimed at a custom (API) origin lets the viewer's Host through, as planned
    /// (the managed AllViewerExceptHostHeader policy, or a planned policy of the stack's own whose headers are
    /// allExcept Host), no forwarded_values, and a cache policy whose key holds no header.
    /// </summary>
    public static IEnumerable<string> HostNeverForwardedToTheApi(PlannedStack plan)
    {
        var distribution = plan.Single("aws_cloudfront_distribution");
        var values = distribution["values"]!;
        var config = plan.Configuration((string)distribution["address"]!)?["expressions"];
        var customOrigins = PlannedStack.Blocks(values["origin"])
            .Where(o => PlannedStack.Blocks(o["custom_origin_config"]).Count > 0)
            .Select(o => (string?)o["origin_id"]).ToHashSet();
        var behaviours = PlannedStack.Blocks(values["ordered_cache_behavior"]);
        var behaviourConfigs = PlannedStack.Blocks(config?["ordered_cache_behavior"]);
        var toApi = 0;
        for (var i = 0; i < behaviours.Count; i++)
        {
            var behaviour = behaviours[i];
            if (!customOrigins.Contains((string?)behaviour["target_origin_id"]))
            {
                continue;
            }

            toApi++;
            var where = $"ordered_cache_behavior {behaviour["path_pattern"]}";
            if (PlannedStack.Blocks(behaviour["forwarded_values"]).Count > 0)
            {
                yield return $"{where}: forwarded_values is set (it can forward Host; use the origin request policy)";
            }

            var behaviourConfig = i < behaviourConfigs.Count ? behaviourConfigs[i] : null;
            var policyId = (string?)behaviour["origin_request_policy_id"];
            if (policyId != AllViewerExceptHostHeader)
            {
                var policy = ReferencedResource(plan, behaviourConfig?["origin_request_policy_id"], "aws_cloudfront_origin_request_policy");
                var headers = policy is null ? null : PlannedStack.Blocks(policy["values"]?["headers_config"]).FirstOrDefault();
                var items = PlannedStack.Blocks(headers?["headers"]).SelectMany(h => (h["items"] as JsonArray ?? []).Select(x => ((string?)x)?.ToLowerInvariant())).ToList();
                if (policy is null)
                {
                    yield return $"{where}: origin_request_policy_id {policyId ?? "(unknown)"} is neither AllViewerExceptHostHeader ({AllViewerExceptHostHeader}) " +
                        "nor a policy of this stack: it can forward the viewer's Host, and API Gateway answers 403";
                }
                else if ((string?)headers?["header_behavior"] != "allExcept" || !items.Contains("host"))
                {
                    yield return $"{where}: {policy["address"]} has headers {headers?["header_behavior"]} [{string.Join(", ", items)}]: it forwards the viewer's Host (need allExcept [host])";
                }
            }

            var cachePolicyId = (string?)behaviour["cache_policy_id"];
            if (cachePolicyId != CachingDisabled)
            {
                var cachePolicy = ReferencedResource(plan, behaviourConfig?["cache_policy_id"], "aws_cloudfront_cache_policy");
                var keyHeaders = cachePolicy is null ? null : PlannedStack.Blocks(PlannedStack.Blocks(
                    cachePolicy["values"]?["parameters_in_cache_key_and_forwarded_to_origin"]).FirstOrDefault()?["headers_config"]).FirstOrDefault();
                if ((string?)keyHeaders?["header_behavior"] != "none")
                {
                    yield return $"{where}: cache policy {cachePolicyId ?? (string?)cachePolicy?["address"] ?? "(unknown)"} is not CachingDisabled and its key may hold headers";
                }
            }
        }

        if (toApi == 0)
        {
            yield return "no behaviour is aimed at the API origin";
        }
    }

    /// <summary>The router behaviours: the shape's path patterns, to the API origin, all methods, GET/HEAD cached.</summary>
    public static IEnumerable<string> RouterBehaviours(PlannedStack plan)
    {
        var values = plan.Single("aws_cloudfront_distribution")["values"]!;
        var behaviours = PlannedStack.Blocks(values["ordered_cache_behavior"]);
        var patterns = behaviours.Select(b => (string?)b["path_pattern"]).ToList();
        var expected = ExpectedRouterPatterns(plan.Case);
        if (!patterns.SequenceEqual(expected))
        {
            yield return $"router path patterns: expected [{string.Join(", ", expected)}], planned [{string.Join(", ", patterns)}]";
        }

        foreach (var behaviour in behaviours)
        {
            var methods = (behaviour["allowed_methods"] as JsonArray ?? []).Select(m => (string?)m).Order(StringComparer.Ordinal);
            if (!methods.SequenceEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]))
            {
                yield return $"ordered_cache_behavior {behaviour["path_pattern"]}: allowed_methods [{string.Join(", ", methods)}], expected all seven";
            }
        }
    }

    /// <summary>The default behaviour's origin is the bucket through Origin Access Control (s3, always, sigv4), no OAI.</summary>
    public static IEnumerable<string> SiteOriginUsesOac(PlannedStack plan)
    {
        var distribution = plan.Single("aws_cloudfront_distribution");
        var values = distribution["values"]!;
        var siteId = (string?)PlannedStack.Blocks(values["default_cache_behavior"]).FirstOrDefault()?["target_origin_id"];
        var origin = PlannedStack.Blocks(values["origin"]).FirstOrDefault(o => (string?)o["origin_id"] == siteId);
        var originConfig = PlannedStack.Blocks(plan.Configuration((string)distribution["address"]!)?["expressions"]?["origin"])
            .FirstOrDefault(o => (string?)o["origin_id"]?["constant_value"] == siteId);
        if (origin is null || originConfig is null)
        {
            yield return $"the default behaviour's origin {siteId} is not planned";
            yield break;
        }

        if (PlannedStack.Blocks(origin["s3_origin_config"]).Count > 0)
        {
            yield return $"origin {siteId}: s3_origin_config (an origin access identity) instead of Origin Access Control";
        }

        if (PlannedStack.Blocks(origin["custom_origin_config"]).Count > 0)
        {
            yield return $"origin {siteId}: a custom origin (a website endpoint) instead of the bucket's REST endpoint with OAC";
        }

        if (!PlannedStack.References(originConfig["domain_name"]).Any(r => r.StartsWith("aws_s3_bucket.", StringComparison.Ordinal) && r.EndsWith(".bucket_regional_domain_name", StringComparison.Ordinal)))
        {
            yield return $"origin {siteId}: domain_name is not a bucket's bucket_regional_domain_name";
        }

        var oac = ReferencedResource(plan, originConfig["origin_access_control_id"], "aws_cloudfront_origin_access_control");
        if (oac is null)
        {
            yield return $"origin {siteId}: no origin_access_control_id referring to an aws_cloudfront_origin_access_control of this stack";
            yield break;
        }

        var oacValues = oac["values"]!;
        if ((string?)oacValues["origin_access_control_origin_type"] != "s3" || (string?)oacValues["signing_behavior"] != "always" ||
            (string?)oacValues["signing_protocol"] != "sigv4")
        {
            yield return $"{oac["address"]}: {oacValues["origin_access_control_origin_type"]}/{oacValues["signing_behavior"]}/{oacValues["signing_protocol"]}, expected s3/always/sigv4";
        }
    }

    /// <summary>
    /// The site bucket's policy allows cloudfront.amazonaws.com s3:GetObject only on the condition AWS:SourceArn =
    /// this distribution's ARN, and denies any request not over TLS.
    /// </summary>
    public static IEnumerable<string> SiteBucketReadableOnlyByTheDistribution(PlannedStack plan)
    {
        var policy = plan.Single("aws_s3_bucket_policy");
        var document = ReferencedResource(plan, plan.Configuration((string)policy["address"]!)?["expressions"]?["policy"], "data.aws_iam_policy_document");
        if (document is null)
        {
            yield return $"{policy["address"]}: policy is not an aws_iam_policy_document of this stack";
            yield break;
        }

        var address = (string)document["address"]!;
        var statements = PlannedStack.Blocks((plan.Change(address)?["after"] ?? document["values"])?["statement"]);
        var statementConfigs = PlannedStack.Blocks(plan.Configuration(address)?["expressions"]?["statement"]);
        var distributionArn = $"{plan.Single("aws_cloudfront_distribution")["address"]}.arn";
        var found = false;
        for (var i = 0; i < statements.Count; i++)
        {
            var s = statements[i];
            var principals = PlannedStack.Blocks(s["principals"]).SelectMany(p => (p["identifiers"] as JsonArray ?? []).Select(x => (string?)x)).ToList();
            var actions = (s["actions"] as JsonArray ?? []).Select(a => (string?)a).ToList();
            if ((string?)s["effect"] != "Allow" || !principals.Contains("cloudfront.amazonaws.com") || !actions.Contains("s3:GetObject"))
            {
                continue;
            }

            found = true;
            var conditions = PlannedStack.Blocks(s["condition"]);
            var conditionConfigs = i < statementConfigs.Count ? PlannedStack.Blocks(statementConfigs[i]["condition"]) : [];
            var scoped = conditions.Select((c, j) => (c, j)).Any(x =>
                (string?)x.c["test"] == "StringEquals" && (string?)x.c["variable"] == "AWS:SourceArn" &&
                x.j < conditionConfigs.Count && PlannedStack.References(conditionConfigs[x.j]["values"]).Contains(distributionArn));
            if (!scoped)
            {
                yield return $"{address} statement {s["sid"]}: CloudFront may read without the condition StringEquals AWS:SourceArn = {distributionArn}";
            }
        }

        if (!found)
        {
            yield return $"{address}: no statement lets cloudfront.amazonaws.com s3:GetObject";
        }

        var deniesPlainHttp = statements.Any(s => (string?)s["effect"] == "Deny" && PlannedStack.Blocks(s["condition"]).Any(c =>
            (string?)c["variable"] == "aws:SecureTransport" && (c["values"] as JsonArray ?? []).Select(v => (string?)v).Contains("false")));
        if (!deniesPlainHttp)
        {
            yield return $"{address}: no statement denies requests without TLS (aws:SecureTransport false)";
        }
    }

    /// <summary>Every behaviour redirects to or requires HTTPS and has a response headers policy of this stack.</summary>
    public static IEnumerable<string> EveryBehaviourHttpsWithSecurityHeaders(PlannedStack plan)
    {
        var distribution = plan.Single("aws_cloudfront_distribution");
        var values = distribution["values"]!;
        var config = plan.Configuration((string)distribution["address"]!)?["expressions"];
        var all = PlannedStack.Blocks(values["default_cache_behavior"]).Select(b => ("default_cache_behavior", b))
            .Concat(PlannedStack.Blocks(values["ordered_cache_behavior"]).Select(b => ($"ordered_cache_behavior {b["path_pattern"]}", b))).ToList();
        var configs = PlannedStack.Blocks(config?["default_cache_behavior"]).Concat(PlannedStack.Blocks(config?["ordered_cache_behavior"])).ToList();
        for (var i = 0; i < all.Count; i++)
        {
            var (where, behaviour) = all[i];
            if ((string?)behaviour["viewer_protocol_policy"] is not ("redirect-to-https" or "https-only"))
            {
                yield return $"{where}: viewer_protocol_policy {behaviour["viewer_protocol_policy"]}";
            }

            if (i >= configs.Count || ReferencedResource(plan, configs[i]["response_headers_policy_id"], "aws_cloudfront_response_headers_policy") is null)
            {
                yield return $"{where}: no response headers policy of this stack";
            }
        }
    }

    /// <summary>What only one shape has.</summary>
    public static IEnumerable<string> ShapeSpecific(PlannedStack plan)
    {
        var values = plan.Single("aws_cloudfront_distribution")["values"]!;
        var apiOrigin = PlannedStack.Blocks(values["origin"]).FirstOrDefault(o => PlannedStack.Blocks(o["custom_origin_config"]).Count > 0);
        // An environment's stack: the environment joined to the site's name with '_' in every name derived from it
        // (Naming/ResourceNames), so that two environments in one account cannot collide (site_bucket_name =
        // "example-com-site": every name still fits whole).
        if (plan.Case.Shape == PlanMatrix.Environments)
        {
            var environment = plan.Case.Stack[(Stacks.Edge.Length + 1)..];
            (string Address, string Name)[] expected =
            [
                ("aws_lambda_function.", $"webfinger-example-com-site_{environment}"),
                ("aws_cloudfront_function.", $"example-com-site_{environment}-index-rewrite"),
                ("aws_cloudfront_origin_access_control.", $"example-com-site_{environment}"),
                ("aws_cloudfront_response_headers_policy.security_headers_policy_F4D3CF25", $"example-com-site_{environment}-security-headers"),
                ("aws_cloudfront_response_headers_policy.router_headers_policy_48DABB5B", $"example-com-site_{environment}-router-headers"),
                ("aws_cloudfront_cache_policy.", $"example-com-site_{environment}-webfinger-cache"),
                ("aws_cloudwatch_log_group.", $"/aws/lambda/webfinger-example-com-site_{environment}"),
            ];
            foreach (var (address, name) in expected)
            {
                var type = address[..address.IndexOf('.', StringComparison.Ordinal)];
                var matching = plan.Resources(type).Where(r => ((string?)r["address"])?.StartsWith(address, StringComparison.Ordinal) == true).ToList();
                if (matching.Count != 1)
                {
                    yield return $"{matching.Count} resources match {address}, expected 1";
                    continue;
                }

                var planned = (string?)matching[0]["values"]?[type == "aws_lambda_function" ? "function_name" : "name"];
                if (planned != name)
                {
                    yield return $"{address} is named {planned}, expected {name}";
                }
            }
        }

        if (plan.Case.Shape == PlanMatrix.ExistingApi && (string?)apiOrigin?["domain_name"] != PlanMatrix.ExistingApiDomain)
        {
            yield return $"the API origin is {apiOrigin?["domain_name"]}, expected {PlanMatrix.ExistingApiDomain}";
        }

        var tls = PlannedStack.Blocks(apiOrigin?["custom_origin_config"]).FirstOrDefault();
        if ((string?)tls?["origin_protocol_policy"] != "https-only" ||
            !(tls?["origin_ssl_protocols"] as JsonArray ?? []).Select(p => (string?)p).SequenceEqual(["TLSv1.2"]))
        {
            yield return $"the API origin is not https-only with TLSv1.2 only: {tls?.ToJsonString()}";
        }
    }

    /// <summary>
    /// The function-url shape: the router origin is the function URL's host (trimmed from its URL), signed by an origin
    /// access control of type lambda (always, sigv4); the URL's auth type is AWS_IAM; and Lambda lets only the
    /// CloudFront service, only for this distribution's ARN, invoke it (both actions; InvokeFunctionUrl for AWS_IAM).
    /// </summary>
    public static IEnumerable<string> RouterOnlyThroughTheSignedFunctionUrl(PlannedStack plan)
    {
        var distribution = plan.Single("aws_cloudfront_distribution");
        var distributionArn = $"{distribution["address"]}.arn";
        var originConfig = PlannedStack.Blocks(plan.Configuration((string)distribution["address"]!)?["expressions"]?["origin"])
            .FirstOrDefault(o => (string?)o["origin_id"]?["constant_value"] == "api");
        var url = plan.Single("aws_lambda_function_url");
        if ((string?)url["values"]?["authorization_type"] != "AWS_IAM")
        {
            yield return $"{url["address"]}: authorization_type {url["values"]?["authorization_type"]}, expected AWS_IAM";
        }

        if (originConfig is null || !PlannedStack.References(originConfig["domain_name"]).Contains($"{url["address"]}.function_url"))
        {
            yield return $"the router origin's domain_name is not {url["address"]}.function_url";
        }

        var oac = ReferencedResource(plan, originConfig?["origin_access_control_id"], "aws_cloudfront_origin_access_control");
        var oacValues = oac?["values"];
        if ((string?)oacValues?["origin_access_control_origin_type"] != "lambda" || (string?)oacValues?["signing_behavior"] != "always"
            || (string?)oacValues?["signing_protocol"] != "sigv4")
        {
            yield return $"the router origin's origin access control is {oac?["address"] ?? "(none)"} " +
                $"{oacValues?["origin_access_control_origin_type"]}/{oacValues?["signing_behavior"]}/{oacValues?["signing_protocol"]}, expected lambda/always/sigv4";
        }

        var permissions = plan.Resources("aws_lambda_permission").ToList();
        foreach (var action in new[] { "lambda:InvokeFunctionUrl", "lambda:InvokeFunction" })
        {
            var permission = permissions.FirstOrDefault(p => (string?)p["values"]?["action"] == action);
            var values = permission?["values"];
            var sourceArn = permission is null ? null : plan.Configuration((string)permission["address"]!)?["expressions"]?["source_arn"];
            if (permission is null || (string?)values?["principal"] != "cloudfront.amazonaws.com"
                || !PlannedStack.References(sourceArn).Contains(distributionArn)
                || (action == "lambda:InvokeFunctionUrl" && (string?)values?["function_url_auth_type"] != "AWS_IAM"))
            {
                yield return $"no {action} permission for cloudfront.amazonaws.com with source_arn {distributionArn}" +
                    (action == "lambda:InvokeFunctionUrl" ? " and function_url_auth_type AWS_IAM" : "") + $": {values?.ToJsonString() ?? "(none)"}";
            }
        }

        if (permissions.Count != 2)
        {
            yield return $"{permissions.Count} Lambda permissions, expected exactly the two for the distribution";
        }
    }

    /// <summary>What a variable set turns on.</summary>
    public static IEnumerable<string> VariableSetSpecific(PlannedStack plan)
    {
        var values = plan.Single("aws_cloudfront_distribution")["values"]!;
        var vars = plan.Case.Variables.Vars;
        if (vars.TryGetValue("not_found_mode", out var mode) && (string?)plan.Document["variables"]?["not_found_mode"]?["value"] != mode)
        {
            yield return $"not_found_mode is {plan.Document["variables"]?["not_found_mode"]?["value"]}, expected {mode}";
        }

        if (plan.Case.Variables != PlanMatrix.Features)
        {
            yield break;
        }

        var logging = PlannedStack.Blocks(values["logging_config"]).FirstOrDefault();
        if ((string?)logging?["bucket"] != $"{PlanMatrix.AccessLogBucket}.s3.amazonaws.com")
        {
            yield return $"access logs: logging_config {logging?.ToJsonString() ?? "(none)"}, expected bucket {PlanMatrix.AccessLogBucket}.s3.amazonaws.com";
        }

        if ((string?)values["web_acl_id"] != PlanMatrix.WebAclArn)
        {
            yield return $"WAF: web_acl_id {values["web_acl_id"]}, expected {PlanMatrix.WebAclArn}";
        }

        var cachePolicy = plan.Single("aws_cloudfront_cache_policy")["values"]!;
        if ((int?)cachePolicy["default_ttl"] != 300)
        {
            yield return $"webfinger cache: default_ttl {cachePolicy["default_ttl"]}, expected 300";
        }

        var routerBehaviour = PlannedStack.Blocks(values["ordered_cache_behavior"]).FirstOrDefault();
        if ((string?)routerBehaviour?["cache_policy_id"] == CachingDisabled)
        {
            yield return "webfinger cache: the router behaviour still uses CachingDisabled";
        }

        var records = plan.Resources("aws_route53_record").ToList();
        if (records.Count != 4 || records.Any(r => PlannedStack.Blocks(r["values"]?["alias"]).Count != 1))
        {
            yield return $"Route 53: {records.Count} records, expected A and AAAA aliases for both aliases";
        }

        var tls = (string?)PlannedStack.Blocks(values["viewer_certificate"]).FirstOrDefault()?["minimum_protocol_version"];
        var expectedTls = ProviderCompatibility.Apply(vars, Stacks.IsEdge(plan.Case.Stack) ? MirroredMajor(plan) : null).Vars["minimum_protocol_version"];
        if (tls != expectedTls)
        {
            yield return $"viewer_certificate.minimum_protocol_version {tls}, expected {expectedTls}";
        }
    }

    /// <summary>The router alarms' thresholds with the example's values (its defaults), in <see cref="RouterAlarms"/> order.</summary>
    private static readonly double[] RouterAlarmThresholds = [5, 1, 4000, 5];

    /// <summary>
    /// Every alarm as planned: the example's window (300 s, 2 of 3), missing data not breaching, thresholds resolved,
    /// alarm and OK actions to one topic; the distribution's alarm configured with the us-east-1 provider, and its
    /// topic the one made there when aws_region is another region.
    /// </summary>
    public static IEnumerable<string> Alarms(PlannedStack plan)
    {
        var alarms = plan.Resources("aws_cloudwatch_metric_alarm").ToList();
        foreach (var alarm in alarms)
        {
            var address = (string)alarm["address"]!;
            var values = alarm["values"]!;
            if ((int?)values["period"] != 300 || (int?)values["evaluation_periods"] != 3 || (int?)values["datapoints_to_alarm"] != 2 ||
                (string?)values["treat_missing_data"] != "notBreaching" || (string?)values["comparison_operator"] != "GreaterThanOrEqualToThreshold")
            {
                yield return $"{address}: window {values["period"]} s, {values["datapoints_to_alarm"]} of {values["evaluation_periods"]}, " +
                    $"{values["treat_missing_data"]}, {values["comparison_operator"]}; expected 300 s, 2 of 3, notBreaching, GreaterThanOrEqualToThreshold";
            }

            // The topic's ARN is known only after apply (unknown in the plan) or is the user's own (known).
            var after = plan.Change(address)?["after_unknown"];
            var actionsUnknown = after?["alarm_actions"] is JsonValue u && (bool)u || after?["alarm_actions"] is JsonArray { Count: 1 } a && (bool?)a[0] == true;
            var okUnknown = after?["ok_actions"] is JsonValue o && (bool)o || after?["ok_actions"] is JsonArray { Count: 1 } b && (bool?)b[0] == true;
            if (!actionsUnknown || !okUnknown)
            {
                yield return $"{address}: alarm_actions and ok_actions should be the topic the stack makes (unknown until apply)";
            }

            var references = PlannedStack.References(plan.Configuration(address)?["expressions"]?["alarm_actions"]);
            var wantsUsEast1Topic = address.Contains("distribution_alarms", StringComparison.Ordinal) && plan.Case.Variables == PlanMatrix.Features;
            var topic = wantsUsEast1Topic ? "aws_sns_topic.alarm_topics_us_east_1_7B7C4A37" : "aws_sns_topic.alarm_topics_regional_4812B413";
            if (!references.Contains(topic))
            {
                yield return $"{address}: alarm_actions refer to [{string.Join(", ", references)}], expected {topic}";
            }
        }

        var distribution = alarms.SingleOrDefault(a => ((string)a["address"]!).Contains("distribution_alarms", StringComparison.Ordinal));
        if (distribution is null)
        {
            yield return "no alarm on the distribution's 5xx error rate";
        }
        else
        {
            var address = (string)distribution["address"]!;
            var provider = (string?)plan.Configuration(address)?["provider_config_key"];
            if (provider != "aws.us_east_1" || (double?)distribution["values"]!["threshold"] != 10)
            {
                yield return $"{address}: provider {provider}, threshold {distribution["values"]!["threshold"]}; expected aws.us_east_1 and 10";
            }
        }

        if (plan.Case.Shape == PlanMatrix.ExistingApi)
        {
            yield break;
        }

        for (var i = 0; i < RouterAlarms.Length; i++)
        {
            var threshold = (double?)plan.At(RouterAlarms[i])?["values"]?["threshold"];
            if (threshold != RouterAlarmThresholds[i])
            {
                yield return $"{RouterAlarms[i]}: threshold {threshold}, expected {RouterAlarmThresholds[i]}";
            }
        }
    }

    /// <summary>The state bucket: versioned, encrypted, private.</summary>
    public static IEnumerable<string> StateBucket(PlannedStack plan)
    {
        var versioning = PlannedStack.Blocks(plan.Single("aws_s3_bucket_versioning")["values"]?["versioning_configuration"]).FirstOrDefault();
        if ((string?)versioning?["status"] != "Enabled")
        {
            yield return $"state bucket versioning {versioning?["status"]}, expected Enabled";
        }

        var block = plan.Single("aws_s3_bucket_public_access_block")["values"]!;
        foreach (var setting in new[] { "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets" })
        {
            if ((bool?)block[setting] != true)
            {
                yield return $"state bucket {setting} is not true";
            }
        }

        if (plan.Resources("aws_s3_bucket_server_side_encryption_configuration").Count() != 1)
        {
            yield return "state bucket has no default encryption";
        }
    }

    // The planned resource an expression refers to, of a type (e.g. aws_cloudfront_origin_request_policy); null if none.
    private static JsonObject? ReferencedResource(PlannedStack plan, JsonNode? expression, string typePrefix) =>
        PlannedStack.References(expression)
            .Where(r => r.StartsWith(typePrefix + ".", StringComparison.Ordinal) && r.Count(c => c == '.') == typePrefix.Count(c => c == '.') + 1)
            .Select(plan.At)
            .FirstOrDefault(r => r is not null);

    private static int? MirroredMajor(PlannedStack plan) => plan.MirroredMajor;
}
