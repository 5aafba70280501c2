using EdgeRouter.Origins;

namespace EdgeRouter.Tests;

public sealed class OriginTests(DefaultEdgeFixture fixture) : IClassFixture<DefaultEdgeFixture>
{
    private JsonObject Distribution => fixture.Stack.Single("aws_cloudfront_distribution");

    [Fact]
    public void Origin_access_control_signs_every_s3_request_with_sigv4() =>
        JsonAssert.Equal("""
            {"description":"Lets only the edge-router distribution read the site bucket","name":"${local.resource_names.origin_access_control}",
             "origin_access_control_origin_type":"s3","signing_behavior":"always","signing_protocol":"sigv4"}
            """, JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_cloudfront_origin_access_control")));

    [Fact]
    public void Site_origin_is_the_bucket_regional_name_through_oac_with_no_origin_access_identity() =>
        JsonAssert.Equal("""
            {"domain_name":"${aws_s3_bucket.site_bucket_7B14A155.bucket_regional_domain_name}",
             "origin_access_control_id":"${aws_cloudfront_origin_access_control.site_origin_access_control_E16D7ED8.id}",
             "origin_id":"site"}
            """, Distribution["origin"]![0]);

    [Fact]
    public void Api_origin_is_the_routers_http_api_over_https_only_with_tls_1_2() =>
        JsonAssert.Equal("""
            {"custom_header":[{"name":"X-Origin-Verify","value":"${sensitive(terraform_data.origin_verify_value_D6BC5E6A.output)}"}],
             "custom_origin_config":{"http_port":80,"https_port":443,"origin_keepalive_timeout":5,
               "origin_protocol_policy":"https-only","origin_read_timeout":30,"origin_ssl_protocols":["TLSv1.2"]},
             "domain_name":"${trimprefix(aws_apigatewayv2_api.router_api_1F693036.api_endpoint, \"https://\")}",
             "origin_id":"api","origin_path":""}
            """, Distribution["origin"]![1]);

    [Fact]
    public void Exactly_two_origins() => Assert.Equal(2, Distribution["origin"]!.AsArray().Count);

    [Theory]
    [InlineData(0, "ReadTimeoutSeconds")]
    [InlineData(181, "ReadTimeoutSeconds")]
    public void Api_origin_rejects_a_read_timeout_out_of_range(int seconds, string property)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new HttpApiOrigin(new HttpApiOriginProps { DomainName = "api.example.com", ReadTimeoutSeconds = seconds }));
        Assert.StartsWith($"HttpApiOriginProps.{property}: {seconds} is outside 1-180 seconds", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    public void Api_origin_rejects_a_keepalive_timeout_out_of_range(int seconds)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new HttpApiOrigin(new HttpApiOriginProps { DomainName = "api.example.com", KeepaliveTimeoutSeconds = seconds }));
        Assert.StartsWith($"HttpApiOriginProps.KeepaliveTimeoutSeconds: {seconds} is outside 1-60 seconds", error.Message);
    }

    [Fact]
    public void Api_origin_rejects_an_empty_domain()
    {
        var error = Assert.Throws<ArgumentException>(() => new HttpApiOrigin(new HttpApiOriginProps { DomainName = " " }));
        Assert.StartsWith("HttpApiOriginProps.DomainName:", error.Message);
    }
}
