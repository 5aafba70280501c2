namespace EdgeRouter.Tests;

public sealed class ViewerTests(DefaultEdgeFixture fixture) : IClassFixture<DefaultEdgeFixture>
{
    private JsonObject Distribution => fixture.Stack.Single("aws_cloudfront_distribution");

    [Fact]
    public void Distribution_settings_are_exact()
    {
        var d = Distribution;
        Assert.Equal(
            ("${var.aliases}", "index.html", true, "http2and3", true, "${var.price_class}"),
            (d["aliases"]!.ToString(), d["default_root_object"]!.ToString(), (bool)d["enabled"]!,
                d["http_version"]!.ToString(), (bool)d["is_ipv6_enabled"]!, d["price_class"]!.ToString()));
    }

    [Fact]
    public void Certificate_is_acm_with_sni_and_tls_1_2_plus_when_given_else_cloudfronts_own() =>
        JsonAssert.Equal("""
            {"acm_certificate_arn":"${var.acm_certificate_arn == \"\" ? null : var.acm_certificate_arn}",
             "cloudfront_default_certificate":"${var.acm_certificate_arn == \"\"}",
             "minimum_protocol_version":"${var.acm_certificate_arn == \"\" ? \"TLSv1\" : var.minimum_protocol_version}",
             "ssl_support_method":"${var.acm_certificate_arn == \"\" ? null : \"sni-only\"}"}
            """, Distribution["viewer_certificate"]);

    [Fact]
    public void No_geo_restriction() =>
        JsonAssert.Equal("""{"geo_restriction":{"locations":[],"restriction_type":"none"}}""", Distribution["restrictions"]);

    [Fact]
    public void Outputs_give_what_a_user_needs_next() =>
        JsonAssert.Equal("""
            {"alarm_topic_arns":{"description":"The SNS topics the alarms publish to (the second, in us-east-1, for the distribution's alarm): subscribe to them.",
               "value":"${distinct([var.alarm_topic_arn != \"\" ? var.alarm_topic_arn : one(aws_sns_topic.alarm_topics_regional_4812B413[*].arn), var.aws_region == \"us-east-1\" ? (var.alarm_topic_arn != \"\" ? var.alarm_topic_arn : one(aws_sns_topic.alarm_topics_regional_4812B413[*].arn)) : one(aws_sns_topic.alarm_topics_us_east_1_7B7C4A37[*].arn)])}"},
             "dashboard_name":{"description":"The CloudWatch dashboard of this site (in aws_region).",
               "value":"${aws_cloudwatch_dashboard.operations_dashboard_DEA6A6DA.dashboard_name}"},
             "api_origin_domain_name":{"description":"The API origin the router paths go to.",
               "value":"${trimprefix(aws_apigatewayv2_api.router_api_1F693036.api_endpoint, \"https://\")}"},
             "distribution_domain_name":{"description":"The distribution's *.cloudfront.net name: point the aliases' DNS records here.",
               "value":"${aws_cloudfront_distribution.distribution.domain_name}"},
             "distribution_id":{"description":"ID of the CloudFront distribution (for invalidations).",
               "value":"${aws_cloudfront_distribution.distribution.id}"},
             "origin_verify_secret":{"description":"The value CloudFront sends to the API origin as X-Origin-Verify; the API must refuse requests without it.",
               "sensitive":true,"value":"${sensitive(terraform_data.origin_verify_value_D6BC5E6A.output)}"},
             "router_api_endpoint":{"description":"The router's HTTP API endpoint (CloudFront's API origin).",
               "value":"${aws_apigatewayv2_api.router_api_1F693036.api_endpoint}"},
             "router_function_name":{"description":"The router Lambda, for its logs and test invocations.",
               "value":"${aws_lambda_function.router_function_5C772D8B.function_name}"},
             "site_bucket":{"description":"The private bucket to upload the site to.",
               "value":"${aws_s3_bucket.site_bucket_7B14A155.bucket}"}}
            """, fixture.Stack.Document["output"]);

    [Fact]
    public void Provider_region_is_the_variable_and_resources_are_tagged() =>
        JsonAssert.Equal("""
            {"aws":[{"default_tags":[{"tags":{"ManagedBy":"cdktf","Project":"edge-router"}}],"region":"${var.aws_region}"},
                    {"alias":"us_east_1","default_tags":[{"tags":{"ManagedBy":"cdktf","Project":"edge-router"}}],"region":"us-east-1"}]}
            """, fixture.Stack.Document["provider"]);
}
