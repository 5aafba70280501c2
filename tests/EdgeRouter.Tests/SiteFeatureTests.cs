using System.Diagnostics;
using EdgeRouter.Guardrails;

namespace EdgeRouter.Tests;

/// <summary>
/// The optional site features, asserted in the JSON and, where they are Terraform expressions, evaluated by the
/// real terraform for each setting.
/// </summary>
public sealed class SiteFeatureTests(DefaultEdgeFixture fixture) : IClassFixture<DefaultEdgeFixture>
{
    private JsonObject Distribution => fixture.Stack.Single("aws_cloudfront_distribution");

    private JsonObject Evaluate(Dictionary<string, string> expressions, params string[] vars) =>
        Terraform.Evaluate(fixture.Stack, expressions, vars);

    [Fact]
    public void Index_rewrite_function_runs_on_every_viewer_request_of_the_default_behaviour_only()
    {
        var (name, function) = Assert.Single(fixture.Stack.Resources("aws_cloudfront_function"));
        Assert.Equal(("cloudfront-js-2.0", true, "${local.resource_names.site_function}"),
            (function["runtime"]!.ToString(), (bool)function["publish"]!, function["name"]!.ToString()));
        JsonAssert.Equal($$"""[{"event_type":"viewer-request","function_arn":"${aws_cloudfront_function.{{name}}.arn}"}]""",
            Distribution["default_cache_behavior"]!["function_association"]);
        Assert.All(SynthesizedStack.Blocks(Distribution["ordered_cache_behavior"]), b => Assert.Null(b["function_association"]));
    }

    // The function's behaviour table: a request (uri, query) and what the function makes of it: the uri the origin
    // is asked for, or "301 <Location>". Every not_found_mode, with the code as Terraform interpolates it.
    private static readonly string[][] SiteTable =
    [
        ["/", "", "/index.html"],
        ["/docs/", "", "/docs/index.html"],
        ["/docs", "", "301 /docs/"],
        ["/docs", "a=1&b=x%20y", "301 /docs/?a=1&b=x%20y"],
        ["/docs", "tag=x&tag=y", "301 /docs/?tag=x&tag=y"],
        ["/docs/guide", "", "301 /docs/guide/"],
        ["/docs/guide.html", "", "/docs/guide.html"],
        ["/favicon.ico", "", "/favicon.ico"],
        ["/v1.2/", "", "/v1.2/index.html"],
        ["/v1.2/notes", "", "301 /v1.2/notes/"],
        ["/.hidden/", "", "/.hidden/index.html"],
        ["/a/b.c/d", "", "301 /a/b.c/d/"],
        ["/LICENSE", "", "301 /LICENSE/"],
        ["/.well-known/host-meta", "", "/.well-known/host-meta"],
        ["/.well-known/apple-app-site-association", "", "/.well-known/apple-app-site-association"],
        ["/.well-known/atproto-did", "", "/.well-known/atproto-did"],
        ["/.well-known/matrix/server", "", "/.well-known/matrix/server"],
        ["/.well-known/security.txt", "", "/.well-known/security.txt"],
        ["//evil.example", "", "//evil.example"],
        ["/\\evil.example", "", "/\\evil.example"],
        ["/docs//x", "", "/docs//x"],
    ];

    private static readonly string[][] SpaTable =
    [
        ["/", "", "/index.html"],
        ["/docs/", "", "/index.html"],
        ["/docs", "a=1", "/index.html"],
        ["/app/settings/profile", "", "/index.html"],
        ["/app.js", "", "/app.js"],
        ["/assets/logo.svg", "", "/assets/logo.svg"],
        ["/.well-known/host-meta", "", "/.well-known/host-meta"],
        ["/.well-known/matrix/server", "", "/.well-known/matrix/server"],
        ["//evil.example", "", "//evil.example"],
    ];

    [Theory]
    [InlineData("list-bucket")]
    [InlineData("error-page")]
    [InlineData("spa")]
    public void Index_rewrite_function_follows_its_table_in_node_for_every_mode(string mode)
    {
        var template = fixture.Stack.Resources("aws_cloudfront_function").Single().Value["code"]!.ToString();
        var code = Evaluate(new() { ["code"] = template }, $"-var=not_found_mode={mode}")["code"]!.ToString();
        Assert.Contains($"var NOT_FOUND_MODE = '{mode}';", code, StringComparison.Ordinal);
        var table = mode == "spa" ? SpaTable : SiteTable;
        var results = RunFunction(code, table);
        Assert.Equal(table.Select(row => $"{row[0]}?{row[1]} -> {row[2]}"), table.Zip(results, (row, r) => $"{row[0]}?{row[1]} -> {r}"));
    }

    [Fact]
    public void Index_rewrite_redirect_is_a_cacheable_301_with_only_location_and_cache_control()
    {
        var template = fixture.Stack.Resources("aws_cloudfront_function").Single().Value["code"]!.ToString();
        var code = Evaluate(new() { ["code"] = template })["code"]!.ToString();
        var response = RunFunctionRaw(code, "/docs", "");
        JsonAssert.Equal("""
            {"statusCode":301,"statusDescription":"Moved Permanently",
             "headers":{"location":{"value":"/docs/"},"cache-control":{"value":"public, max-age=3600"}}}
            """, response);
    }

    [Fact]
    public void Index_rewrite_source_has_no_terraform_template_sequence_but_the_mode()
    {
        var template = fixture.Stack.Resources("aws_cloudfront_function").Single().Value["code"]!.ToString();
        Assert.Equal(1, template.Split("${").Length - 1);
        Assert.Contains("var NOT_FOUND_MODE = '${var.not_found_mode}';", template, StringComparison.Ordinal);
        Assert.DoesNotContain("%{", template, StringComparison.Ordinal);
    }

    // Runs the function in Node as edge/LocalEdge/cloudfront-functions.mjs does (a fresh vm context), on CloudFront's
    // event shape: querystring values as received, repeated names in multiValue.
    private static string[] RunFunction(string code, string[][] table) =>
        [.. table.Select(row => RunFunctionRaw(code, row[0], row[1])).Select(r => r!["statusCode"] is { } status
            ? $"{status} {r["headers"]!["location"]!["value"]}"
            : r["uri"]!.ToString())];

    private static JsonNode? RunFunctionRaw(string code, string uri, string query)
    {
        var script = $$"""
            const vm = require("node:vm");
            const context = vm.createContext({});
            vm.runInContext({{System.Text.Json.JsonSerializer.Serialize(code)}}, context);
            const querystring = {};
            for (const pair of {{System.Text.Json.JsonSerializer.Serialize(query)}}.split("&").filter(p => p)) {
              const [name, value = ""] = pair.split("=");
              if (querystring[name]) {
                querystring[name].multiValue = querystring[name].multiValue ?? [{ value: querystring[name].value }];
                querystring[name].multiValue.push({ value });
              } else {
                querystring[name] = { value };
              }
            }
            context.__event = { version: "1.0", context: { eventType: "viewer-request" },
              request: { uri: {{System.Text.Json.JsonSerializer.Serialize(uri)}}, method: "GET", querystring, headers: {}, cookies: {} } };
            process.stdout.write(JSON.stringify(vm.runInContext("handler(__event)", context)));
            """;
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var node = Process.Start(start)!;
        node.StandardInput.Write(script);
        node.StandardInput.Close();
        var stdout = node.StandardOutput.ReadToEnd();
        var stderr = node.StandardError.ReadToEnd();
        node.WaitForExit();
        Assert.True(node.ExitCode == 0, stderr);
        return JsonNode.Parse(stdout);
    }

    private JsonObject ErrorResponses(params string[] vars)
    {
        var dynamic = Distribution["dynamic"]!["custom_error_response"]!;
        var local = dynamic["for_each"]!.ToString()["${toset(".Length..^2];
        return Evaluate(new() { ["responses"] = "${" + local + "}" }, vars);
    }

    private static string Uncached(int code) =>
        $$"""{"error_code":{{code}},"response_code":null,"response_page_path":null}""";

    [Theory]
    [InlineData("error-page", "/404.html")]
    [InlineData("error-page", "/errors/missing.html")]
    [InlineData("list-bucket", null)]
    [InlineData("spa", null)]
    public void Only_404_is_ever_given_a_page_and_only_in_error_page_mode_and_it_stays_404(string mode, string? page)
    {
        var vars = page is null ? new[] { $"-var=not_found_mode={mode}" } : [$"-var=not_found_mode={mode}", $"-var=not_found_page={page}"];
        var notFound = page is null
            ? Uncached(404)
            : $$"""{"error_code":404,"response_code":404,"response_page_path":"{{page}}"}""";
        JsonAssert.Equal($"[{Uncached(400)},{Uncached(403)},{notFound},{Uncached(405)},{Uncached(414)},{Uncached(500)}," +
            $"{Uncached(501)},{Uncached(502)},{Uncached(503)},{Uncached(504)}]", ErrorResponses(vars)["responses"]);
    }

    [Fact]
    public void Error_answers_are_cached_no_longer_than_the_origin_and_the_cache_policy_allow()
    {
        // error_caching_min_ttl 0 for every code CloudFront caches: without it, CloudFront keeps any error 10 s under the
        // behaviour's cache key, which for CachingDisabled holds no query string, so one lookup's 404 or 400 would be
        // served for another's.
        JsonAssert.Equal("""
            {"error_caching_min_ttl":0,"error_code":"${each.value.error_code}","response_code":"${each.value.response_code}",
             "response_page_path":"${each.value.response_page_path}"}
            """, Distribution["dynamic"]!["custom_error_response"]!["content"]);
        Assert.Equal([400, 403, 404, 405, 414, 500, 501, 502, 503, 504],
            ErrorResponses()["responses"]!.AsArray().Select(r => (int)r!["error_code"]!));
        Assert.Null(Distribution["custom_error_response"]);
        // The router behaviours' cache: CachingDisabled (nothing kept), or a policy keyed on the whole query string.
        var off = Evaluate(new() { ["cache"] = Distribution["ordered_cache_behavior"]![0]!["cache_policy_id"]!.ToString()
            .Replace("aws_cloudfront_cache_policy.webfinger_cache_policy_65B089FA.id", "\"stack-owned\"", StringComparison.Ordinal) });
        Assert.Equal("4135ea2d-6df8-44a3-9df3-4b5a84be39ad", off["cache"]!.ToString());
        Assert.Equal("all", fixture.Stack.Single("aws_cloudfront_cache_policy")["parameters_in_cache_key_and_forwarded_to_origin"]!
            ["query_strings_config"]!["query_string_behavior"]!.ToString());
    }

    [Theory]
    [InlineData("error-page")]
    [InlineData("list-bucket")]
    [InlineData("spa")]
    public void No_status_the_router_api_gateway_or_waf_writes_is_rewritten_and_nothing_becomes_200(string mode)
    {
        foreach (var response in ErrorResponses($"-var=not_found_mode={mode}")["responses"]!.AsArray())
        {
            var code = (int)response!["error_code"]!;
            var rewrittenTo = response["response_code"] is { } r ? (int?)r : null;
            Assert.True(rewrittenTo is null || rewrittenTo == code, $"{mode}: {code} is answered as {rewrittenTo}");
            Assert.True(code == 404 || response["response_page_path"] is null, $"{mode}: {code} gets a page");
        }
    }

    [Fact]
    public void The_distribution_may_list_the_bucket_in_every_mode_so_a_missing_key_is_404_not_403()
    {
        var documents = fixture.Stack.DataSources("aws_iam_policy_document").ToDictionary(d => d.Key, d => d.Value);
        JsonAssert.Equal("""
            [{"sid":"AllowCloudFrontListForRealNotFound","effect":"Allow",
              "principals":[{"type":"Service","identifiers":["cloudfront.amazonaws.com"]}],
              "actions":["s3:ListBucket"],"resources":["${aws_s3_bucket.site_bucket_7B14A155.arn}"],
              "condition":[{"test":"StringEquals","variable":"AWS:SourceArn","values":["${aws_cloudfront_distribution.distribution.arn}"]}]}]
            """, documents["not_found_list_bucket_B2C8B1D9"]["statement"]);
        JsonAssert.Equal("""["${data.aws_iam_policy_document.not_found_list_bucket_B2C8B1D9.json}"]""",
            documents["site_policy_document_79DF9735"]["source_policy_documents"]);
    }

    [Fact]
    public void The_default_mode_answers_a_missing_page_with_the_owners_404_page()
    {
        Assert.Equal("error-page", fixture.Stack.Document["variable"]!["not_found_mode"]!["default"]!.ToString());
        Assert.Equal("/404.html", fixture.Stack.Document["variable"]!["not_found_page"]!["default"]!.ToString());
    }

    [Fact]
    public void Access_logs_waf_and_edge_cache_follow_their_variables()
    {
        var logging = Distribution["dynamic"]!["logging_config"]!;
        JsonAssert.Equal("""{"bucket":"${logging_config.value}.s3.amazonaws.com","include_cookies":false,"prefix":"cloudfront/"}""",
            logging["content"]);
        var expressions = new Dictionary<string, string>
        {
            ["logging"] = logging["for_each"]!.ToString(),
            ["waf"] = Distribution["web_acl_id"]!.ToString(),
            ["cache"] = Distribution["ordered_cache_behavior"]![0]!["cache_policy_id"]!.ToString()
                .Replace("aws_cloudfront_cache_policy.webfinger_cache_policy_65B089FA.id", "\"stack-owned\"", StringComparison.Ordinal),
        };
        var off = Evaluate(expressions);
        // Terraform leaves a null output out: no web ACL.
        JsonAssert.Equal("""{"cache":"4135ea2d-6df8-44a3-9df3-4b5a84be39ad","logging":[]}""", off);

        const string acl = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/site/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d";
        var on = Evaluate(expressions, "-var=access_log_bucket=example-logs", $"-var=web_acl_id={acl}", "-var=webfinger_cache_seconds=60");
        JsonAssert.Equal($$"""{"cache":"stack-owned","logging":["example-logs"],"waf":"{{acl}}"}""", on);
    }

    [Fact]
    public void Webfinger_cache_policy_keys_on_the_query_string_and_never_on_headers()
    {
        var policy = JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_cloudfront_cache_policy"));
        JsonAssert.Equal("""
            {"comment":"edge-router: cache WebFinger answers per query string",
             "default_ttl":"${max(var.webfinger_cache_seconds, 1)}","max_ttl":"${max(var.webfinger_cache_seconds, 1)}","min_ttl":0,
             "name":"${local.resource_names.webfinger_cache_policy}",
             "parameters_in_cache_key_and_forwarded_to_origin":{"cookies_config":{"cookie_behavior":"none"},
               "enable_accept_encoding_brotli":true,"enable_accept_encoding_gzip":true,
               "headers_config":{"header_behavior":"none"},"query_strings_config":{"query_string_behavior":"all"}}}
            """, policy);
        Assert.Empty(new Guardrails.Rules.ApiOriginNeverGetsViewerHost().Check(fixture.Stack));
    }

    [Fact]
    public void Alias_records_a_and_aaaa_exist_per_alias_only_with_a_zone()
    {
        var records = fixture.Stack.Resources("aws_route53_record").ToDictionary(r => r.Value["type"]!.ToString(), r => r.Value);
        Assert.Equal(["A", "AAAA"], records.Keys.Order());
        foreach (var record in records.Values)
        {
            JsonAssert.Equal("""{"evaluate_target_health":false,"name":"${aws_cloudfront_distribution.distribution.domain_name}","zone_id":"Z2FDTNDATAQYW2"}""",
                record["alias"]);
            Assert.Equal(("${each.value}", "${var.route53_zone_id}"), (record["name"]!.ToString(), record["zone_id"]!.ToString()));
        }

        var forEach = records["A"]["for_each"]!.ToString();
        Assert.Equal(records["AAAA"]["for_each"]!.ToString(), forEach);
        JsonAssert.Equal("""{"names":["example.com","www.example.com"]}""", Evaluate(new() { ["names"] = forEach }));
        JsonAssert.Equal("""{"names":[]}""", Evaluate(new() { ["names"] = forEach }, "-var=route53_zone_id="));
    }
}
