namespace EdgeRouter.Tests;

/// <summary>The webfinger router the stack deploys by default: Lambda behind an HTTP API.</summary>
public sealed class RouterStackTests(DefaultEdgeFixture fixture) : IClassFixture<DefaultEdgeFixture>
{
    private const string Config =
        "jsonencode({domain = var.webfinger_domain, " +
        "mastodon = var.mastodon_host == \"\" ? null : { host = var.mastodon_host, accounts = var.mastodon_accounts }, " +
        "oidc = var.oidc_issuer == \"\" ? null : { issuer = var.oidc_issuer, accounts = var.oidc_accounts }, " +
        "atproto = var.atproto_did == \"\" ? null : { did = var.atproto_did }, " +
        "matrix = var.matrix_server == \"\" && var.matrix_client_base_url == \"\" ? null : { server = var.matrix_server == \"\" ? null : var.matrix_server, client = var.matrix_client_base_url == \"\" ? null : var.matrix_client_base_url }, " +
        "nostr = length(var.nostr_names) == 0 ? null : { names = var.nostr_names, relays = var.nostr_relays }, " +
        "resources = var.webfinger_resources})";

    private JsonObject Function => fixture.Stack.Single("aws_lambda_function");

    [Fact]
    public void Function_runs_the_built_bootstrap_on_provided_al2023_with_the_built_architecture()
    {
        var f = Function;
        Assert.Equal(
            ("provided.al2023", "bootstrap", TestRouterPackage.Architecture, 128, 5, TestRouterPackage.SourceCodeHash, "${local.resource_names.router}"),
            (f["runtime"]!.ToString(), f["handler"]!.ToString(), f["architectures"]!.AsArray().Single()!.ToString(),
                (int)f["memory_size"]!, (int)f["timeout"]!, f["source_code_hash"]!.ToString(), f["function_name"]!.ToString()));
        Assert.Matches("^assets/router_package_[0-9A-F]{8}/[0-9A-F]{32}/webfinger-router.zip$", f["filename"]!.ToString());
        Assert.Equal("${aws_iam_role.router_role_DBC57C68.arn}", f["role"]!.ToString());
    }

    [Fact]
    public void Function_is_named_from_the_bucket_within_lambdas_64_characters_by_the_naming_rule() =>
        Assert.Equal("${" + Naming.ResourceNames.Router.Expression("var.site_bucket_name") + "}",
            fixture.Stack.Document["locals"]!["resource_names"]!["router"]!.ToString());

    [Fact]
    public void Configuration_is_assembled_by_terraform_and_checked_against_the_4_kb_limit()
    {
        Assert.Equal("${" + Config + "}", Function["environment"]!["variables"]!["WEBFINGER_CONFIG"]!.ToString());
        Assert.Equal(3, Function["environment"]!["variables"]!.AsObject().Count); // and ORIGIN_VERIFY_SECRET (OriginSecretTests), WEBFINGER_CONFIG_SOURCE
        // The size check measures every variable of the function's environment, as Lambda does (WebfingerConfigTests
        // runs it through terraform); the secret, unknown until apply, as a stand-in of its fixed 64 characters.
        var precondition = Function["lifecycle"]!["precondition"]![0]!;
        var environment = Function["environment"]!["variables"]!.AsObject()
            .ToDictionary(v => v.Key, v => v.Value!.ToString()[2..^1]);
        environment["ORIGIN_VERIFY_SECRET"] = "\"" + new string('0', 64) + "\"";
        Assert.Equal(Router.LambdaEnvironmentSize.Condition(environment), precondition["condition"]!.ToString());
        Assert.EndsWith(" <= 4096}", precondition["condition"]!.ToString());
    }

    [Fact]
    public void Log_group_exists_before_the_function_and_keeps_logs_for_a_set_time()
    {
        var (name, group) = Assert.Single(fixture.Stack.Resources("aws_cloudwatch_log_group"));
        JsonAssert.Equal("""{"name":"/aws/lambda/${local.resource_names.router}","retention_in_days":"${var.router_log_retention_days}"}""",
            JsonAssert.WithoutMetadata(group));
        Assert.Contains($"aws_cloudwatch_log_group.{name}", Function["depends_on"]!.AsArray().Select(d => d!.ToString()));
        JsonAssert.Equal($$"""{"log_format":"Text","log_group":"${aws_cloudwatch_log_group.{{name}}.name}"}""", Function["logging_config"]);
    }

    [Fact]
    public void Role_can_be_assumed_only_by_lambda_and_can_only_write_its_own_logs()
    {
        var documents = fixture.Stack.DataSources("aws_iam_policy_document").ToDictionary(d => d.Key, d => d.Value);
        JsonAssert.Equal("""
            [{"actions":["sts:AssumeRole"],"effect":"Allow","principals":[{"identifiers":["lambda.amazonaws.com"],"type":"Service"}]}]
            """, documents["router_assume_role_492E4828"]["statement"]);
        JsonAssert.Equal("""
            [{"actions":["logs:CreateLogStream","logs:PutLogEvents"],"effect":"Allow",
              "resources":["${aws_cloudwatch_log_group.router_log_group_CB3FC119.arn}:*"],"sid":"WriteOwnLogs"}]
            """, documents["router_write_logs_FD51E71D"]["statement"]);
        JsonAssert.Equal("""
            {"name":"write-own-logs","policy":"${data.aws_iam_policy_document.router_write_logs_FD51E71D.json}",
             "role":"${aws_iam_role.router_role_DBC57C68.id}"}
            """, JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_iam_role_policy")));
        Assert.Empty(fixture.Stack.Resources("aws_iam_role_policy_attachment"));
        Assert.Empty(fixture.Stack.Resources("aws_iam_policy"));
    }

    [Fact]
    public void Http_api_routes_well_known_to_the_function_with_payload_format_2()
    {
        JsonAssert.Equal("""{"description":"edge-router: /.well-known/* behind CloudFront","name":"${local.resource_names.router}","protocol_type":"HTTP","lifecycle":{"create_before_destroy":true}}""",
            JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_apigatewayv2_api")));
        JsonAssert.Equal("""
            {"api_id":"${aws_apigatewayv2_api.router_api_1F693036.id}","integration_type":"AWS_PROXY",
             "integration_uri":"${aws_lambda_function.router_function_5C772D8B.invoke_arn}",
             "payload_format_version":"2.0","timeout_milliseconds":10000,"lifecycle":{"create_before_destroy":true}}
            """, JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_apigatewayv2_integration")));
        JsonAssert.Equal("""
            {"api_id":"${aws_apigatewayv2_api.router_api_1F693036.id}","route_key":"ANY /.well-known/{proxy+}",
             "target":"integrations/${aws_apigatewayv2_integration.router_api_integration_4DAD2E95.id}","lifecycle":{"create_before_destroy":true}}
            """, JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_apigatewayv2_route")));
        JsonAssert.Equal("""
            {"api_id":"${aws_apigatewayv2_api.router_api_1F693036.id}","auto_deploy":true,
             "default_route_settings":{"throttling_burst_limit":100,"throttling_rate_limit":50},"name":"$default",
             "lifecycle":{"create_before_destroy":true}}
            """, JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_apigatewayv2_stage")));
    }

    // Switching routerOrigin (or replacing the API) must not leave the router unreachable: the distribution waits for
    // every part of the API that serves lookups, and those are destroyed only after the distribution's update
    // (create_before_destroy), never before it as Terraform otherwise orders a dependency's destroy (issue 19).
    [Fact]
    public void The_distribution_waits_for_the_whole_api_and_the_api_outlives_the_distributions_update()
    {
        JsonAssert.Equal("""
            ["aws_apigatewayv2_integration.router_api_integration_4DAD2E95","aws_apigatewayv2_route.router_api_route_A85910F7",
             "aws_apigatewayv2_stage.router_api_stage_03970795","aws_lambda_permission.router_api_invoke_permission_B4838A21"]
            """, fixture.Stack.Single("aws_cloudfront_distribution")["depends_on"]);
        foreach (var type in (string[])["aws_apigatewayv2_api", "aws_apigatewayv2_integration", "aws_apigatewayv2_route", "aws_apigatewayv2_stage", "aws_lambda_permission"])
        {
            JsonAssert.Equal("""{"create_before_destroy":true}""", fixture.Stack.Single(type)["lifecycle"]);
        }
    }

    [Fact]
    public void Only_this_api_may_invoke_the_function() =>
        JsonAssert.Equal("""
            {"action":"lambda:InvokeFunction","function_name":"${aws_lambda_function.router_function_5C772D8B.function_name}",
             "principal":"apigateway.amazonaws.com",
             "source_arn":"${aws_apigatewayv2_api.router_api_1F693036.execution_arn}/*/*",
             "statement_id":"AllowInvokeFromRouterHttpApi","lifecycle":{"create_before_destroy":true}}
            """, JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_lambda_permission")));
}

/// <summary>With existingApiDomainName the stack fronts the user's API and deploys no router.</summary>
public sealed class ExistingApiTests(ExistingApiEdgeFixture fixture) : IClassFixture<ExistingApiEdgeFixture>
{
    [Theory]
    [InlineData("aws_lambda_function")]
    [InlineData("aws_lambda_permission")]
    [InlineData("aws_iam_role")]
    [InlineData("aws_iam_role_policy")]
    [InlineData("aws_cloudwatch_log_group")]
    [InlineData("aws_apigatewayv2_api")]
    [InlineData("aws_apigatewayv2_integration")]
    [InlineData("aws_apigatewayv2_route")]
    [InlineData("aws_apigatewayv2_stage")]
    public void No_router_resource_is_created(string type) => Assert.Empty(fixture.Stack.Resources(type));

    [Fact]
    public void Api_origin_is_the_existing_domain_with_the_origin_path_variable() =>
        JsonAssert.Equal("""
            {"custom_header":[{"name":"X-Origin-Verify","value":"${sensitive(terraform_data.origin_verify_value_D6BC5E6A.output)}"}],
             "custom_origin_config":{"http_port":80,"https_port":443,"origin_keepalive_timeout":5,
               "origin_protocol_policy":"https-only","origin_read_timeout":30,"origin_ssl_protocols":["TLSv1.2"]},
             "domain_name":"api.example.com","origin_id":"api","origin_path":"${var.api_origin_path}"}
            """, fixture.Stack.Single("aws_cloudfront_distribution")["origin"]![1]);

    [Fact]
    public void The_router_variables_are_replaced_by_the_origin_path()
    {
        var variables = fixture.Stack.Document["variable"]!.AsObject().Select(v => v.Key).ToHashSet();
        Assert.Contains("api_origin_path", variables);
        Assert.DoesNotContain("webfinger_domain", variables);
        Assert.DoesNotContain("mastodon_host", variables);
    }

    [Fact]
    public void The_user_gets_the_origin_secret_as_a_sensitive_output_to_check_in_their_api()
    {
        JsonAssert.Equal("""
            {"description":"The value CloudFront sends to the API origin as X-Origin-Verify; the API must refuse requests without it.",
             "sensitive":true,"value":"${sensitive(terraform_data.origin_verify_value_D6BC5E6A.output)}"}
            """, fixture.Stack.Document["output"]!["origin_verify_secret"]);
        Assert.Single(fixture.Stack.Resources("terraform_data"));
    }

    [Fact]
    public void Outputs_name_the_existing_api()
    {
        var outputs = fixture.Stack.Document["output"]!.AsObject();
        Assert.Equal("api.example.com", outputs["api_origin_domain_name"]!["value"]!.ToString());
        Assert.Null(outputs["router_function_name"]);
    }

    [Fact]
    public void Host_is_still_never_forwarded() =>
        Assert.Empty(new Guardrails.Rules.ApiOriginNeverGetsViewerHost().Check(fixture.Stack));
}

/// <summary>Only requests that came through the distribution reach the router: the secret origin header.</summary>
public sealed class OriginSecretTests(DefaultEdgeFixture fixture) : IClassFixture<DefaultEdgeFixture>
{
    private const string Secret = "${sensitive(terraform_data.origin_verify_value_D6BC5E6A.output)}";

    [Fact]
    public void The_secret_is_drawn_by_terraform_at_apply_time_once_and_kept()
    {
        var (_, data) = Assert.Single(fixture.Stack.Resources("terraform_data"));
        JsonAssert.Equal("""
            {"input":"${replace(\"${uuid()}${uuid()}\", \"-\", \"\")}","lifecycle":{"ignore_changes":["input"]}}
            """, JsonAssert.WithoutMetadata(data));
    }

    [Fact]
    public void CloudFront_sends_it_to_the_api_origin_only_and_the_router_gets_it_in_its_environment()
    {
        var origins = fixture.Stack.Single("aws_cloudfront_distribution")["origin"]!.AsArray();
        JsonAssert.Equal($$"""[{"name":"X-Origin-Verify","value":"{{Secret}}"}]""", origins[1]!["custom_header"]);
        Assert.Equal("api", origins[1]!["origin_id"]!.ToString());
        Assert.True(origins[0]!["custom_header"] is null or JsonArray { Count: 0 });
        var function = fixture.Stack.Single("aws_lambda_function");
        Assert.Equal(Secret, function["environment"]!["variables"]!["ORIGIN_VERIFY_SECRET"]!.ToString());
        Assert.Equal(["ORIGIN_VERIFY_SECRET", "WEBFINGER_CONFIG", "WEBFINGER_CONFIG_SOURCE"], function["environment"]!["variables"]!.AsObject().Select(v => v.Key).Order());
        Assert.True((bool)fixture.Stack.Document["output"]!["origin_verify_secret"]!["sensitive"]!);
    }

    [Fact]
    public void No_secret_value_is_in_the_synthesized_json()
    {
        var text = fixture.Stack.Document.ToJsonString();
        Assert.DoesNotMatch("(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])", text);
    }

    [Fact]
    public void Concurrency_is_the_validated_variable_and_by_default_reserves_nothing()
    {
        Assert.Equal("${var.router_reserved_concurrency}", fixture.Stack.Single("aws_lambda_function")["reserved_concurrent_executions"]!.ToString());
        Assert.Equal(-1, (int)fixture.Stack.Document["variable"]!["router_reserved_concurrency"]!["default"]!);
    }
}
