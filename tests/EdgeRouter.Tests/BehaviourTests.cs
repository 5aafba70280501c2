using EdgeRouter.Configuration;
using EdgeRouter.Guardrails;
using EdgeRouter.Guardrails.Rules;

namespace EdgeRouter.Tests;

public sealed class BehaviourTests(DefaultEdgeFixture fixture) : IClassFixture<DefaultEdgeFixture>
{
    private const string SecurityHeaders = "${aws_cloudfront_response_headers_policy.security_headers_policy_F4D3CF25.id}";
    private const string RouterHeaders = "${aws_cloudfront_response_headers_policy.router_headers_policy_48DABB5B.id}";

    private const string SecurityHeadersConfig = """
        {"content_type_options":{"override":true},
         "frame_options":{"frame_option":"DENY","override":true},
         "referrer_policy":{"override":true,"referrer_policy":"strict-origin-when-cross-origin"},
         "strict_transport_security":{"access_control_max_age_sec":"${var.hsts_max_age_seconds}",
           "include_subdomains":true,"override":true,"preload":false}}
        """;

    private JsonObject Distribution => fixture.Stack.Single("aws_cloudfront_distribution");

    [Fact]
    public void Default_behaviour_serves_the_bucket_over_https_with_caching_optimized() =>
        JsonAssert.Equal($$"""
            {"allowed_methods":["GET","HEAD","OPTIONS"],"cached_methods":["GET","HEAD"],
             "cache_policy_id":"658327ea-f89d-4fab-a63d-7e88639e58f6","compress":true,
             "function_association":[{"event_type":"viewer-request","function_arn":"${aws_cloudfront_function.index_rewrite_function_A0D5BEA6.arn}"}],
             "response_headers_policy_id":"{{SecurityHeaders}}",
             "target_origin_id":"site","viewer_protocol_policy":"redirect-to-https"}
            """, Distribution["default_cache_behavior"]);

    [Fact]
    public void Router_behaviours_send_exactly_the_routers_paths_and_everything_but_host_to_the_api_uncached()
    {
        // Exactly the router's paths, so any other /.well-known/ file (security.txt) comes from the bucket.
        string[] paths =
        [
            "/.well-known/webfinger", "/.well-known/host-meta", "/.well-known/nodeinfo", "/.well-known/atproto-did",
            "/.well-known/matrix/server", "/.well-known/matrix/client", "/.well-known/nostr.json",
        ];
        var expected = string.Join(",", paths.Select(path => $$"""
            {"allowed_methods":["DELETE","GET","HEAD","OPTIONS","PATCH","POST","PUT"],"cached_methods":["GET","HEAD"],
              "cache_policy_id":"${var.webfinger_cache_seconds == 0 ? \"4135ea2d-6df8-44a3-9df3-4b5a84be39ad\" : aws_cloudfront_cache_policy.webfinger_cache_policy_65B089FA.id}",
              "compress":true,
              "origin_request_policy_id":"b689b0a8-53d0-40ab-baf2-68738e2966ac",
              "path_pattern":"{{path}}",
              "response_headers_policy_id":"{{RouterHeaders}}",
              "target_origin_id":"api","viewer_protocol_policy":"redirect-to-https"}
            """));
        JsonAssert.Equal("[" + expected + "]", Distribution["ordered_cache_behavior"]);
        Assert.Equal(7, Behaviour.All(fixture.Stack).Count(b => b.TargetsCustomOrigin));
    }

    [Fact]
    public void The_default_paths_are_the_paths_the_router_answers()
    {
        var router = new EdgeRouter.Webfinger.Routing.Router(EdgeRouter.Webfinger.Configuration.ConfigParser.Parse(
            File.ReadAllText(Path.Combine(RepoRoot.Path, "edge", "webfinger.local.json"))));
        Assert.Equal(
            [
                EdgeRouter.Webfinger.Routing.Router.WebfingerPath, EdgeRouter.Webfinger.Routing.Router.HostMetaPath,
                EdgeRouter.Webfinger.Routing.Router.NodeInfoPath, .. EdgeRouter.Webfinger.Documents.WellKnownDocuments.AllPaths,
            ],
            EdgeSettings.RouterPaths);
        foreach (var path in EdgeSettings.RouterPaths)
        {
            var answer = router.Route(new EdgeRouter.Webfinger.Requests.RouterRequest("GET", path, "resource=acct:alice@example.com&name=bob"));
            Assert.True(answer.StatusCode is 200 or 301, path + " -> " + answer.StatusCode + " " + answer.Body);
        }

        Assert.Equal(404, router.Route(new EdgeRouter.Webfinger.Requests.RouterRequest("GET", "/.well-known/security.txt", "")).StatusCode);
    }

    [Fact]
    public void The_managed_policy_default_creates_no_origin_request_policy() =>
        Assert.Empty(fixture.Stack.Resources("aws_cloudfront_origin_request_policy"));

    [Fact]
    public void No_behaviour_targeting_the_api_forwards_host() =>
        Assert.Empty(new ApiOriginNeverGetsViewerHost().Check(fixture.Stack));

    [Fact]
    public void No_behaviour_mixes_forwarded_values_with_a_cache_policy()
    {
        Assert.Empty(new NoForwardedValuesBesideCachePolicy().Check(fixture.Stack));
        Assert.All(Behaviour.All(fixture.Stack), b => Assert.Null(b.Block["forwarded_values"]));
    }

    [Fact]
    public void Security_headers_policy_sets_hsts_and_friends() =>
        JsonAssert.Equal($$"""
            {"comment":"edge-router security headers","name":"${local.resource_names.security_headers_policy}",
             "security_headers_config":{{SecurityHeadersConfig}}}
            """, JsonAssert.WithoutMetadata(Policy("security_headers_policy_F4D3CF25")));

    /// <summary>The router's paths: the same security headers, plus CORS for any origin without overriding the
    /// router's own, so that a router 404 replaced by the site's 404 page (not_found_mode error-page) still carries
    /// Access-Control-Allow-Origin for a browser (RFC 7033 §5).</summary>
    [Fact]
    public void Router_headers_policy_adds_cors_for_any_origin_without_overriding_the_router() =>
        JsonAssert.Equal($$"""
            {"comment":"edge-router router paths: security headers and CORS for any origin",
             "cors_config":{"access_control_allow_credentials":false,
               "access_control_allow_headers":{"items":["*"]},
               "access_control_allow_methods":{"items":["GET","HEAD","OPTIONS"]},
               "access_control_allow_origins":{"items":["*"]},
               "origin_override":false},
             "name":"${local.resource_names.router_headers_policy}",
             "security_headers_config":{{SecurityHeadersConfig}}}
            """, JsonAssert.WithoutMetadata(Policy("router_headers_policy_48DABB5B")));

    [Fact]
    public void Only_the_router_behaviours_get_cors_the_site_does_not()
    {
        Assert.Equal(2, fixture.Stack.Resources("aws_cloudfront_response_headers_policy").Count());
        Assert.Equal(SecurityHeaders, (string?)Distribution["default_cache_behavior"]!["response_headers_policy_id"]);
        Assert.All(Distribution["ordered_cache_behavior"]!.AsArray(), b => Assert.Equal(RouterHeaders, (string?)b!["response_headers_policy_id"]));
        Assert.Null(Policy("security_headers_policy_F4D3CF25")["cors_config"]);
    }

    private JsonObject Policy(string name) =>
        fixture.Stack.Resources("aws_cloudfront_response_headers_policy").Single(p => p.Key == name).Value;
}

/// <summary>Settings other than the defaults, each synthesized for real.</summary>
public sealed class BehaviourSettingsTests
{
    [Fact]
    public void Stack_owned_origin_request_policy_forwards_all_except_host_and_is_used_by_the_api_behaviour()
    {
        var stack = Synth.Edge(Synth.Defaults with { ApiOriginRequestPolicy = ApiOriginRequestPolicyKind.StackOwned });
        var (name, policy) = Assert.Single(stack.Resources("aws_cloudfront_origin_request_policy"));
        JsonAssert.Equal("""
            {"comment":"Forward all viewer values to the API except Host, which API Gateway rejects",
             "cookies_config":{"cookie_behavior":"all"},
             "headers_config":{"header_behavior":"allExcept","headers":{"items":["Host"]}},
             "name":"${local.resource_names.api_origin_request_policy}",
             "query_strings_config":{"query_string_behavior":"all"}}
            """, JsonAssert.WithoutMetadata(policy));
        var behaviour = stack.Single("aws_cloudfront_distribution")["ordered_cache_behavior"]![0]!;
        Assert.Equal($"${{aws_cloudfront_origin_request_policy.{name}.id}}", behaviour["origin_request_policy_id"]!.ToString());
        Assert.Empty(new ApiOriginNeverGetsViewerHost().Check(stack));
    }

    [Fact]
    public void Router_path_patterns_become_behaviours_in_the_given_order()
    {
        var patterns = new[] { "/.well-known/webfinger", "/.well-known/host-meta*", "/.well-known/nodeinfo*" };
        var stack = Synth.Edge(Synth.Defaults with { RouterPathPatterns = patterns });
        var behaviours = SynthesizedStack.Blocks(stack.Single("aws_cloudfront_distribution")["ordered_cache_behavior"]);
        Assert.Equal(patterns, behaviours.Select(b => b["path_pattern"]!.ToString()));
        Assert.All(behaviours, b => Assert.Equal("api", b["target_origin_id"]!.ToString()));
        Assert.Empty(new ApiOriginNeverGetsViewerHost().Check(stack));
    }

    public static TheoryData<string> Shapes => ["existing-api", "function-url", "narrowed-patterns", "one-pattern"];

    /// <summary>Hostile round (issue 19): in every stack shape each router behaviour, and only they, carry the CORS
    /// policy; the site's default behaviour never does; and every shape passes ER008 (HSTS on each behaviour).</summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_shape_gives_each_router_behaviour_the_cors_policy_and_the_site_none(string shape)
    {
        var settings = shape switch
        {
            "existing-api" => Synth.Defaults with { ExistingApiDomainName = "api.example.com" },
            "function-url" => Synth.Defaults with { RouterOrigin = RouterOriginKind.FunctionUrl },
            "narrowed-patterns" => Synth.Defaults with { RouterPathPatterns = ["/.well-known/webfinger", "/.well-known/host-meta*"] },
            _ => Synth.Defaults with { RouterPathPatterns = ["/.well-known/webfinger"] },
        };
        var stack = Synth.Edge(settings);
        var distribution = stack.Single("aws_cloudfront_distribution");
        var policies = stack.Resources("aws_cloudfront_response_headers_policy").ToDictionary(p => p.Key, p => p.Value);
        JsonObject PolicyOf(JsonObject behaviour) =>
            Assert.Single(policies, p => SynthesizedStack.RefersTo(behaviour["response_headers_policy_id"], $"aws_cloudfront_response_headers_policy.{p.Key}")).Value;

        var ordered = SynthesizedStack.Blocks(distribution["ordered_cache_behavior"]);
        Assert.NotEmpty(ordered);
        Assert.All(ordered, b =>
        {
            var cors = PolicyOf(b)["cors_config"]!;
            Assert.Equal("*", (string?)cors["access_control_allow_origins"]!["items"]![0]);
            Assert.False((bool)cors["access_control_allow_credentials"]!);
            Assert.False((bool)cors["origin_override"]!);
        });
        Assert.Null(PolicyOf(SynthesizedStack.Blocks(distribution["default_cache_behavior"]).Single())["cors_config"]);
        Assert.Empty(new EveryBehaviourHasSecurityHeaders().Check(stack));
    }
}
