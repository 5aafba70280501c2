using System.Text.Json.Nodes;

namespace EdgeRouter.ReviewTests;

/// <summary>
/// The override file that makes a copy of a synthesized stack apply and plan against moto, and what it leaves out
/// and why (moto 5.2.1 with hashicorp/aws 5.100.0, measured in /work/shared/cdktf-csharp-notes.md):
/// <list type="bullet">
/// <item>a local backend in the copy (the state a case plans against), the mirrored provider version;</item>
/// <item>every service's endpoint pointed at moto, path-style S3, fake keys, and the account ID asked of moto's STS
/// (<c>skip_requesting_account_id = false</c>, or the ARNs the provider builds lack the account);</item>
/// <item>count = 0 for what moto cannot create: CloudFront's cache and response-headers policies and its function;
/// and for S3 lifecycle configurations, after which the provider waits ~55 s for consistency (real AWS too);</item>
/// <item>the distribution's behaviours without those resources: the router paths with the managed CachingDisabled
/// and, as their origin request policy, <c>var.review_test_origin_request_policy_id</c> (default
/// AllViewerExceptHostHeader, as the stack has), so a case can plan the switch to a Host-forwarding policy;</item>
/// <item><c>ignore_changes</c> for what moto reads back differently from what it was given (it invents
/// forwarded_values, drops origin_access_control_id, reports the default certificate, never stores Lambda's
/// logging_config): without it every plan would show that drift. A case that changes one of these attributes takes
/// it out of the list, and its plan then shows moto's drift beside the change.</item>
/// </list>
/// </summary>
public static class MotoOverride
{
    /// <summary>The override's file name (Terraform merges *_override.tf.json last).</summary>
    public const string FileName = "review_test_moto_override.tf.json";

    /// <summary>The extra variables' file name (an override may not declare new variables).</summary>
    public const string VariablesFileName = "review_test_variables.tf.json";

    /// <summary>AWS's managed CachingDisabled cache policy.</summary>
    public const string CachingDisabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

    /// <summary>The distribution's attributes moto reads back differently.</summary>
    public static readonly string[] DistributionDrift = ["default_cache_behavior", "ordered_cache_behavior", "origin", "viewer_certificate"];

    private static readonly string[] Services = ["s3", "iam", "sts", "logs", "apigatewayv2", "lambda", "cloudfront", "route53", "cloudwatch", "sns"];

    /// <summary>Resource types moto 5.2.1 cannot create, whatever made them: the saved Logs Insights queries and
    /// CloudFront's additional metrics (Operations/).</summary>
    private static readonly string[] AbsentTypes = ["aws_cloudwatch_query_definition", "aws_cloudfront_monitoring_subscription"];

    /// <summary>The address (type.name) of the resource the construct at <paramref name="constructPath"/> made.</summary>
    public static (string Type, string Name) Find(JsonObject stack, string constructPath)
    {
        foreach (var (type, resources) in stack["resource"]!.AsObject())
        {
            foreach (var (name, resource) in resources!.AsObject())
            {
                if ((string?)resource?["//"]?["metadata"]?["path"] == constructPath)
                {
                    return (type, name);
                }
            }
        }

        throw new InvalidOperationException($"no resource with construct path {constructPath} in the stack");
    }

    /// <summary>Provider settings for moto at <paramref name="endpoint"/>.</summary>
    public static JsonObject Provider(string endpoint)
    {
        var endpoints = new JsonObject();
        foreach (var service in Services)
        {
            endpoints[service] = endpoint;
        }

        return new JsonObject
        {
            ["access_key"] = "review-test",
            ["secret_key"] = "review-test",
            ["skip_credentials_validation"] = true,
            ["skip_requesting_account_id"] = false,
            ["skip_metadata_api_check"] = true,
            ["skip_region_validation"] = true,
            ["s3_use_path_style"] = true,
            ["endpoints"] = new JsonArray(endpoints),
        };
    }

    /// <summary>
    /// The override for the edge stack <paramref name="stack"/>; <paramref name="ignoreOnDistribution"/> is the drift
    /// list (default all of <see cref="DistributionDrift"/>); <paramref name="edit"/> adds a case's own overrides.
    /// </summary>
    public static JsonObject ForEdge(JsonObject stack, string endpoint, IEnumerable<string>? ignoreOnDistribution = null,
        Action<JsonObject, JsonObject>? edit = null)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var resources = new JsonObject();
        void Set(string constructPath, string key, JsonNode value)
        {
            var (type, name) = Find(stack, constructPath);
            var forType = resources[type] as JsonObject ?? (JsonObject)(resources[type] = new JsonObject());
            var forName = forType[name] as JsonObject ?? (JsonObject)(forType[name] = new JsonObject());
            forName[key] = value;
        }

        foreach (var absent in new[] { "edge-router/index_rewrite/function", "edge-router/security_headers/policy", "edge-router/router_headers/policy",
            "edge-router/webfinger_cache/policy", "edge-router/site/lifecycle" })
        {
            Set(absent, "count", 0);
        }

        foreach (var type in AbsentTypes)
        {
            foreach (var (name, _) in stack["resource"]![type]?.AsObject() ?? [])
            {
                var forType = resources[type] as JsonObject ?? (JsonObject)(resources[type] = new JsonObject());
                forType[name] = new JsonObject { ["count"] = 0 };
            }
        }

        var distribution = stack["resource"]!["aws_cloudfront_distribution"]!["distribution"]!;
        var site = distribution["default_cache_behavior"]!.DeepClone().AsObject();
        site.Remove("function_association");
        site.Remove("response_headers_policy_id");
        var router = new JsonArray();
        foreach (var behaviour in distribution["ordered_cache_behavior"]!.AsArray())
        {
            var copy = behaviour!.DeepClone().AsObject();
            copy.Remove("response_headers_policy_id");
            copy["cache_policy_id"] = CachingDisabled;
            copy["origin_request_policy_id"] = "${var.review_test_origin_request_policy_id}";
            router.Add(copy);
        }

        Set("edge-router/distribution", "default_cache_behavior", site);
        Set("edge-router/distribution", "ordered_cache_behavior", router);
        // moto reports a new distribution InProgress for ~30 s; nothing here needs it Deployed.
        Set("edge-router/distribution", "wait_for_deployment", false);
        Set("edge-router/distribution", "lifecycle", new JsonObject
        {
            ["ignore_changes"] = new JsonArray([.. (ignoreOnDistribution ?? DistributionDrift).Select(a => (JsonNode)a)]),
        });
        Set("edge-router/router/function", "lifecycle", new JsonObject { ["ignore_changes"] = new JsonArray("logging_config") });
        var document = new JsonObject
        {
            ["terraform"] = Terraform(stack),
            // The distribution's alarm uses the us-east-1 provider (Operations/): it points at moto too.
            ["provider"] = new JsonObject { ["aws"] = new JsonArray(Provider(endpoint), WithAlias(Provider(endpoint), "us_east_1")) },
            ["resource"] = resources,
        };
        edit?.Invoke(document, stack);
        return document;
    }

    private static JsonObject WithAlias(JsonObject provider, string alias)
    {
        provider["alias"] = alias;
        return provider;
    }

    /// <summary>The variables the edge override refers to.</summary>
    public static JsonObject Variables() => new()
    {
        ["variable"] = new JsonObject
        {
            ["review_test_origin_request_policy_id"] = new JsonObject
            {
                ["type"] = "string",
                ["default"] = "b689b0a8-53d0-40ab-baf2-68738e2966ac",
                ["description"] = "The router behaviours' origin request policy in the review suite's moto copies.",
            },
        },
    };

    /// <summary>
    /// The override for the state stack: moto, a local backend in the copy, no lifecycle (the 55 s wait) and no bucket
    /// policy: moto evaluates only StringEquals conditions, so the policy's Deny on aws:SecureTransport = false
    /// would deny every object request to the bucket (the backend's HeadObject gets 403).
    /// </summary>
    public static JsonObject ForState(JsonObject stack, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var resources = new JsonObject();
        foreach (var absent in new[] { "edge-router-state/state/lifecycle", "edge-router-state/state/policy" })
        {
            var (type, name) = Find(stack, absent);
            resources[type] = new JsonObject { [name] = new JsonObject { ["count"] = 0 } };
        }

        return new JsonObject
        {
            ["terraform"] = Terraform(stack),
            ["provider"] = new JsonObject { ["aws"] = new JsonArray(Provider(endpoint)) },
            ["resource"] = resources,
        };
    }

    /// <summary>Only the provider (and its version): the stack keeps its own backend, configured at init.</summary>
    public static JsonObject ProviderOnly(JsonObject stack, string endpoint) => new()
    {
        ["terraform"] = new JsonObject
        {
            ["required_providers"] = new JsonObject
            {
                ["aws"] = new JsonObject { ["source"] = "hashicorp/aws", ["version"] = Suite.Current.ProviderVersion },
            },
        },
        // The edge stack's us-east-1 provider (the distribution's alarm) points at moto too.
        ["provider"] = new JsonObject { ["aws"] = new JsonArray(Provider(endpoint), WithAlias(Provider(endpoint), "us_east_1")) },
    };

    private static JsonObject Terraform(JsonObject stack) => new()
    {
        ["backend"] = new JsonObject { ["local"] = new JsonObject { ["path"] = "terraform.tfstate" } },
        ["required_providers"] = new JsonObject
        {
            ["aws"] = new JsonObject { ["source"] = "hashicorp/aws", ["version"] = Suite.Current.ProviderVersion },
        },
    };
}
