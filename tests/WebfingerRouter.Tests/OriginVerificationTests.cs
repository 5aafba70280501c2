using System.Text;
using System.Text.Json;
using EdgeRouter.LocalRuntimeApi;
using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Events;
using Xunit;

namespace EdgeRouter.Webfinger.Tests;

/// <summary>Only requests that came through the distribution (with its X-Origin-Verify header) are answered.</summary>
public class OriginVerificationTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Forbidden =
        """{"statusCode":403,"headers":{"Content-Type":"application/json","Cache-Control":"no-store","Access-Control-Allow-Origin":"*"},"body":"{\"error\":\"forbidden\",\"message\":\"use the site's own address\"}","isBase64Encoded":false}""";

    private static readonly WebfingerFunction Function = new(ConfigParser.Parse(TestConfig.Json), new OriginVerification(Secret));

    private static FunctionResult Invoke(params (string Name, string Value)[] headers) =>
        Function.Invoke(Encoding.UTF8.GetBytes(ApiGatewayEvents.HttpApiV2("GET", "/.well-known/webfinger",
            "resource=acct%3Aalice%40example.com", headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)))));

    [Fact]
    public void The_right_header_is_routed_as_before()
    {
        var result = Invoke(("X-Origin-Verify", Secret));
        Assert.Equal(301, result.Response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdee")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData(" 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF")]
    public void A_missing_or_wrong_header_is_403_with_exact_body_and_no_routing(string? value)
    {
        var result = value is null ? Invoke() : Invoke(("x-origin-verify", value));
        Assert.Equal(Forbidden, Encoding.UTF8.GetString(result.ResponseJson));
        Assert.Equal("not-through-distribution", JsonDocument.Parse(WebfingerFunction.LogLine(result, "r", null, null))
            .RootElement.GetProperty("route").GetString());
    }

    [Fact]
    public void A_repeated_header_is_refused_even_when_one_value_is_right()
    {
        // API Gateway joins repeated headers with a comma.
        Assert.Equal(403, Invoke(("x-origin-verify", Secret), ("x-origin-verify", Secret)).Response.StatusCode);
        var raw = """{"version":"2.0","rawPath":"/.well-known/webfinger","rawQueryString":"resource=acct%3Aalice%40example.com","headers":{"x-origin-verify":"SECRET","X-Origin-Verify":"SECRET"},"requestContext":{"http":{"method":"GET"}}}""".Replace("SECRET", Secret, StringComparison.Ordinal);
        Assert.Equal(403, Function.Invoke(Encoding.UTF8.GetBytes(raw)).Response.StatusCode);
    }

    [Fact]
    public void The_header_name_is_matched_without_regard_to_case_in_rest_events_too()
    {
        var v1 = """{"httpMethod":"GET","path":"/.well-known/webfinger","headers":{"X-Origin-Verify":"SECRET"},"queryStringParameters":{"resource":"acct:alice@example.com"}}""".Replace("SECRET", Secret, StringComparison.Ordinal);
        Assert.Equal(301, Function.Invoke(Encoding.UTF8.GetBytes(v1)).Response.StatusCode);
    }

    [Fact]
    public void The_secret_is_never_in_the_log_line_or_the_response()
    {
        foreach (var result in new[] { Invoke(("x-origin-verify", Secret)), Invoke(("x-origin-verify", Secret[..^1] + "0")) })
        {
            Assert.DoesNotContain(Secret[..16], WebfingerFunction.LogLine(result, "r", "t", 1), StringComparison.Ordinal);
            Assert.DoesNotContain(Secret[..16], Encoding.UTF8.GetString(result.ResponseJson), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_short_secret_is_a_config_error_that_names_the_variable_not_the_value()
    {
        var error = Assert.Throws<ConfigException>(() => new OriginVerification("tooshort-secret-value"));
        Assert.Equal("ORIGIN_VERIFY_SECRET: must be at least 32 characters", error.Message);
    }

    [Fact]
    public void Without_a_secret_configured_every_request_is_answered()
    {
        Assert.Equal(301, TestConfig.Function.Invoke(Encoding.UTF8.GetBytes(ApiGatewayEvents.HttpApiV2("GET", "/.well-known/webfinger",
            "resource=acct%3Aalice%40example.com"))).Response.StatusCode);
    }
}
