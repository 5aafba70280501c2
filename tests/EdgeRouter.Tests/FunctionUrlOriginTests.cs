using System.Text.Json;
using EdgeRouter.Configuration;
using EdgeRouter.Guardrails;
using EdgeRouter.Guardrails.Rules;
using EdgeRouter.Origins;
using EdgeRouter.Router;

namespace EdgeRouter.Tests;

/// <summary>The stack with <c>routerOrigin</c> = <c>function-url</c>, synthesized once for the class.</summary>
public sealed class FunctionUrlEdgeFixture
{
    public SynthesizedStack Stack { get; } = Synth.Edge(Synth.Defaults with { RouterOrigin = RouterOriginKind.FunctionUrl });
}

/// <summary>
/// routerOrigin = function-url (issue 19): the router behind a Lambda function URL with AWS_IAM auth, signed by the
/// distribution's Origin Access Control of type lambda, invokable only by this distribution; no API Gateway at all.
/// Path by path in the synthesized JSON, the guardrails on it and on broken copies, and the setting's validation.
/// </summary>
public sealed class FunctionUrlOriginTests(FunctionUrlEdgeFixture fixture) : IClassFixture<FunctionUrlEdgeFixture>
{
    private const string Url = "aws_lambda_function_url.router_url_964BC8E6";
    private const string Oac = "aws_cloudfront_origin_access_control.router_url_access_control_4B4F16ED";
    private const string Function = "aws_lambda_function.router_function_5C772D8B";
    private const string Secret = "${sensitive(terraform_data.origin_verify_value_D6BC5E6A.output)}";

    private JsonObject Distribution => fixture.Stack.Single("aws_cloudfront_distribution");

    private SynthesizedStack Copy() => new((JsonObject)fixture.Stack.Document.DeepClone());

    private static JsonObject Named(SynthesizedStack stack, string address)
    {
        var parts = address.Split('.');
        return stack.Resources(parts[0]).Single(r => r.Key == parts[1]).Value;
    }

    [Fact]
    public void The_function_url_requires_iam_signatures_and_buffers_answers() =>
        JsonAssert.Equal($$"""
            {"authorization_type":"AWS_IAM","function_name":"${{{Function}}.function_name}","invoke_mode":"BUFFERED",
             "lifecycle":{"create_before_destroy":true,"precondition":[{
               "condition":"${!contains([\"ap-south-2\", \"ap-southeast-4\", \"ap-southeast-5\", \"ap-southeast-6\", \"ap-southeast-7\", \"ap-east-2\", \"ca-west-1\", \"eu-south-2\", \"eu-central-2\", \"il-central-1\", \"me-central-1\"], var.aws_region)}",
               "error_message":"aws_region: Lambda offers no function URLs in this region; choose another region, or routerOrigin (EDGE_ROUTER_ROUTER_ORIGIN) = http-api."}]} }
            """, JsonAssert.WithoutMetadata(Named(fixture.Stack, Url)));

    [Fact]
    public void Its_origin_access_control_is_of_type_lambda_and_signs_every_request_with_sigv4() =>
        JsonAssert.Equal("""
            {"description":"Lets only the edge-router distribution invoke the router's function URL","name":"${local.resource_names.router}",
             "origin_access_control_origin_type":"lambda","signing_behavior":"always","signing_protocol":"sigv4",
             "lifecycle":{"create_before_destroy":true}}
            """, JsonAssert.WithoutMetadata(Named(fixture.Stack, Oac)));

    [Fact]
    public void The_router_origin_is_the_urls_host_over_https_signed_with_the_secret_header_too() =>
        JsonAssert.Equal($$"""
            {"custom_header":[{"name":"X-Origin-Verify","value":"{{Secret}}"}],
             "custom_origin_config":{"http_port":80,"https_port":443,"origin_keepalive_timeout":5,
               "origin_protocol_policy":"https-only","origin_read_timeout":30,"origin_ssl_protocols":["TLSv1.2"]},
             "domain_name":"${trimsuffix(trimprefix({{Url}}.function_url, \"https://\"), \"/\")}",
             "origin_access_control_id":"${{{Oac}}.id}",
             "origin_id":"api"}
            """, Distribution["origin"]![1]);

    [Fact]
    public void Only_this_distribution_may_invoke_it_with_both_actions_lambda_requires()
    {
        var permissions = fixture.Stack.Resources("aws_lambda_permission").ToDictionary(p => p.Key, p => JsonAssert.WithoutMetadata(p.Value));
        JsonAssert.Equal($$"""
            {"router_url_invoke_url_permission_0C128A50":{"action":"lambda:InvokeFunctionUrl","function_name":"${{{Function}}.function_name}",
               "function_url_auth_type":"AWS_IAM","principal":"cloudfront.amazonaws.com",
               "source_arn":"${aws_cloudfront_distribution.distribution.arn}","statement_id":"AllowInvokeFunctionUrlFromDistribution",
               "lifecycle":{"create_before_destroy":true} },
             "router_url_invoke_permission_63AFF025":{"action":"lambda:InvokeFunction","function_name":"${{{Function}}.function_name}",
               "principal":"cloudfront.amazonaws.com",
               "source_arn":"${aws_cloudfront_distribution.distribution.arn}","statement_id":"AllowInvokeFunctionFromDistribution",
               "lifecycle":{"create_before_destroy":true} } }
            """, JsonSerializer.SerializeToNode(permissions));
    }

    [Fact]
    public void No_api_gateway_resource_and_the_router_behaviours_are_unchanged()
    {
        Assert.DoesNotContain(fixture.Stack.Document["resource"]!.AsObject(), r => r.Key.StartsWith("aws_apigatewayv2_", StringComparison.Ordinal));
        var behaviours = Distribution["ordered_cache_behavior"]!.AsArray();
        Assert.Equal(EdgeSettings.RouterPaths, behaviours.Select(b => b!["path_pattern"]!.ToString()));
        Assert.All(behaviours, b =>
        {
            Assert.Equal("api", b!["target_origin_id"]!.ToString());
            // AllViewerExceptHostHeader: the viewer's Host never reaches the function URL.
            Assert.Equal("b689b0a8-53d0-40ab-baf2-68738e2966ac", b["origin_request_policy_id"]!.ToString());
        });
    }

    [Fact]
    public void Outputs_name_the_function_url_instead_of_an_api_endpoint()
    {
        var outputs = fixture.Stack.Document["output"]!.AsObject();
        Assert.Equal(["alarm_topic_arns", "api_origin_domain_name", "dashboard_name", "distribution_domain_name", "distribution_id",
            "origin_verify_secret", "router_function_name", "router_function_url", "site_bucket"], outputs.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Equal($"${{{Url}.function_url}}", outputs["router_function_url"]!["value"]!.ToString());
        Assert.Equal($"${{{Function}.function_name}}", outputs["router_function_name"]!["value"]!.ToString());
    }

    [Fact]
    public void The_router_still_gets_the_origin_secret_to_check() =>
        Assert.Equal(Secret[2..^1], Named(fixture.Stack, Function)["environment"]!["variables"]!["ORIGIN_VERIFY_SECRET"]!.ToString()[2..^1]);

    [Fact]
    public void Terraform_trims_the_url_to_its_host_and_the_region_check_refuses_regions_without_function_urls()
    {
        var origin = Distribution["origin"]![1]!["domain_name"]!.ToString()
            .Replace($"{Url}.function_url", "\"https://abcdefghijklmnopqrstuvwxyz234567.lambda-url.eu-west-1.on.aws/\"", StringComparison.Ordinal);
        var condition = Named(fixture.Stack, Url)["lifecycle"]!["precondition"]![0]!["condition"]!.ToString();
        var supported = Terraform.Evaluate(fixture.Stack, new Dictionary<string, string> { ["host"] = origin, ["ok"] = condition },
            "-var", "aws_region=eu-west-1");
        JsonAssert.Equal("""{"host":"abcdefghijklmnopqrstuvwxyz234567.lambda-url.eu-west-1.on.aws","ok":true}""", supported);
        var unsupported = Terraform.Evaluate(fixture.Stack, new Dictionary<string, string> { ["ok"] = condition }, "-var", "aws_region=eu-central-2");
        JsonAssert.Equal("""{"ok":false}""", unsupported);
    }

    [Fact]
    public void Every_guardrail_passes_on_the_function_url_shape() =>
        Assert.Empty(GuardrailSet.Check(fixture.Stack, new Dictionary<string, string>()));

    [Fact]
    public void ER001_holds_for_the_function_url_origin_too()
    {
        var stack = Copy();
        stack.Resources("aws_cloudfront_distribution").Single().Value["ordered_cache_behavior"]![0]!["origin_request_policy_id"] =
            "216adef6-5c7f-47e4-b989-5492eafa07d3"; // managed AllViewer: Host included
        var violation = Assert.Single(new ApiOriginNeverGetsViewerHost().Check(stack));
        Assert.Equal(("ER001", "aws_cloudfront_distribution.distribution.ordered_cache_behavior[0]"), (violation.RuleId, violation.Where));
    }

    [Theory]
    [InlineData("principal", "\"*\"", "router_url_invoke_url_permission_0C128A50", "lets * invoke the function: anyone")]
    [InlineData("source_arn", null, "router_url_invoke_url_permission_0C128A50", "lets cloudfront.amazonaws.com invoke the function from anywhere")]
    [InlineData("source_arn", "\"arn:aws:cloudfront::111122223333:distribution/EOTHER\"", "router_url_invoke_permission_63AFF025",
        "lets cloudfront.amazonaws.com invoke the function from arn:aws:cloudfront::111122223333:distribution/EOTHER")]
    [InlineData("source_arn", "\"${aws_cloudfront_distribution.distribution.id}\"", "router_url_invoke_permission_63AFF025",
        "lets cloudfront.amazonaws.com invoke the function from ${aws_cloudfront_distribution.distribution.id}")]
    [InlineData("source_arn", "\"${var.distribution_arn == \\\"\\\" ? \\\"*\\\" : aws_cloudfront_distribution.distribution.arn}\"", "router_url_invoke_url_permission_0C128A50",
        "lets cloudfront.amazonaws.com invoke the function from ${var.distribution_arn == \"\" ? \"*\" : aws_cloudfront_distribution.distribution.arn}")]
    [InlineData("function_url_auth_type", null, "router_url_invoke_url_permission_0C128A50", "lets CloudFront invoke the function URL whatever its auth type")]
    [InlineData("function_url_auth_type", "\"NONE\"", "router_url_invoke_url_permission_0C128A50", "applies to a function URL with auth type NONE: a public door")]
    [InlineData("action", "\"lambda:*\"", "router_url_invoke_permission_63AFF025", "grants CloudFront lambda:*")]
    public void ER009_refuses_a_function_url_permission_that_is_not_scoped_to_this_distribution(string field, string? json, string permission, string problem)
    {
        var stack = Copy();
        var target = Named(stack, $"aws_lambda_permission.{permission}");
        if (json is null)
        {
            target.Remove(field);
        }
        else
        {
            target[field] = JsonNode.Parse(json);
        }

        var violation = Assert.Single(new LambdaIsLeastPrivilege().Check(stack));
        Assert.Equal(("ER009", $"aws_lambda_permission.{permission}", problem), (violation.RuleId, violation.Where, violation.Problem));
        Assert.Single(GuardrailSet.Check(stack, new Dictionary<string, string>()));
    }

    [Fact]
    public void ER009_refuses_a_public_function_url_or_one_no_distribution_signs_for()
    {
        var stack = Copy();
        Named(stack, Url)["authorization_type"] = "NONE";
        var violation = Assert.Single(new LambdaIsLeastPrivilege().Check(stack));
        Assert.Equal((Url, "has authorization_type NONE: anyone who learns the URL invokes the function"), (violation.Where, violation.Problem));

        stack = Copy();
        stack.Resources("aws_cloudfront_distribution").Single().Value["origin"]![1]!.AsObject().Remove("origin_access_control_id");
        violation = Assert.Single(new LambdaIsLeastPrivilege().Check(stack));
        Assert.Equal((Url, "is no origin of a distribution that signs for it"), (violation.Where, violation.Problem));

        stack = Copy();
        Named(stack, Oac)["origin_access_control_origin_type"] = "s3";
        Assert.Equal("is no origin of a distribution that signs for it", Assert.Single(new LambdaIsLeastPrivilege().Check(stack)).Problem);

        stack = Copy();
        Named(stack, Oac)["signing_behavior"] = "never";
        Assert.Equal("is no origin of a distribution that signs for it", Assert.Single(new LambdaIsLeastPrivilege().Check(stack)).Problem);
    }

    [Theory]
    [InlineData("function-url", RouterOriginKind.FunctionUrl)]
    [InlineData("http-api", RouterOriginKind.HttpApi)]
    [InlineData("", RouterOriginKind.HttpApi)]
    [InlineData(" function-url ", RouterOriginKind.FunctionUrl)]
    public void The_setting_is_read_from_the_environment(string value, RouterOriginKind expected) =>
        Assert.Equal(expected, RemoteStateTests.Loader(env: new() { ["EDGE_ROUTER_ROUTER_ORIGIN"] = value }).Load().RouterOrigin);

    [Fact]
    public void The_setting_is_read_from_cdktf_json_context_and_the_environment_wins()
    {
        Assert.Equal(RouterOriginKind.FunctionUrl, RemoteStateTests.Loader(context: new() { ["routerOrigin"] = "function-url" }).Load().RouterOrigin);
        Assert.Equal(RouterOriginKind.HttpApi, RemoteStateTests.Loader(
            env: new() { ["EDGE_ROUTER_ROUTER_ORIGIN"] = "http-api" }, context: new() { ["routerOrigin"] = "function-url" }).Load().RouterOrigin);
        Assert.Equal(RouterOriginKind.HttpApi, RemoteStateTests.Loader().Load().RouterOrigin);
    }

    [Theory]
    [InlineData("Function-URL")]
    [InlineData("function_url")]
    [InlineData("functionurl")]
    [InlineData("lambda")]
    [InlineData("http-api,function-url")]
    [InlineData("function-url\u0000")]
    [InlineData("ｆunction-url")]
    public void A_value_that_is_not_one_of_the_two_is_refused_naming_the_setting(string value)
    {
        var error = Assert.Throws<SettingsException>(() => RemoteStateTests.Loader(env: new() { ["EDGE_ROUTER_ROUTER_ORIGIN"] = value }).Load());
        Assert.StartsWith($"routerOrigin (EDGE_ROUTER_ROUTER_ORIGIN): \"{value.Trim()}\" is not one of \"http-api\"", error.Message);
    }

    [Fact]
    public void A_non_string_in_cdktf_json_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<SettingsException>(() => RemoteStateTests.Loader(context: new() { ["routerOrigin"] = true }).Load());
        Assert.Equal("routerOrigin (EDGE_ROUTER_ROUTER_ORIGIN): expected a string in cdktf.json context, got Boolean True", error.Message);
    }

    [Fact]
    public void Function_url_with_an_existing_api_is_refused_before_anything_is_built()
    {
        var error = Assert.Throws<SettingsException>(() => RemoteStateTests.Loader(env: new()
        {
            ["EDGE_ROUTER_ROUTER_ORIGIN"] = "function-url",
            ["EDGE_ROUTER_EXISTING_API_DOMAIN_NAME"] = "api.example.com",
        }).Load());
        Assert.Equal("routerOrigin (EDGE_ROUTER_ROUTER_ORIGIN): \"function-url\" makes the router's own Lambda function URL the origin, " +
            "but existingApiDomainName (EDGE_ROUTER_EXISTING_API_DOMAIN_NAME) \"api.example.com\" says the stack deploys no router: " +
            "unset one of them", error.Message);

        // The stack refuses the combination itself too (settings built in code skip the loader).
        Assert.Throws<SettingsException>(() => Synth.Edge(Synth.Defaults with
        {
            RouterOrigin = RouterOriginKind.FunctionUrl,
            ExistingApiDomainName = "api.example.com",
        }));
    }

    [Fact]
    public void An_undefined_enum_value_is_refused() =>
        Assert.StartsWith("routerOrigin (EDGE_ROUTER_ROUTER_ORIGIN): 7 is not a router origin",
            Assert.Throws<SettingsException>(() => (Synth.Defaults with { RouterOrigin = (RouterOriginKind)7 }).Validate()).Message);

    [Fact]
    public void The_origin_class_refuses_an_empty_host_or_a_missing_origin_access_control()
    {
        Assert.StartsWith("FunctionUrlOrigin: give the function URL's host name",
            Assert.Throws<ArgumentException>(() => new FunctionUrlOrigin(" ", "oac", new Dictionary<string, string>())).Message);
        Assert.StartsWith("FunctionUrlOrigin: an AWS_IAM function URL needs the distribution's origin access control",
            Assert.Throws<ArgumentException>(() => new FunctionUrlOrigin("x.lambda-url.us-east-1.on.aws", "", new Dictionary<string, string>())).Message);
    }

    [Fact]
    public void The_unsupported_regions_are_valid_region_names() =>
        Assert.All(RouterFunctionUrl.UnsupportedRegions, r => Assert.Matches("^[a-z]{2}-[a-z]+-[0-9]$", r));
}
