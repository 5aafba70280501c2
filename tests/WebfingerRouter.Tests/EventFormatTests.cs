using System.Text;
using System.Text.Json;
using EdgeRouter.LocalRuntimeApi;
using EdgeRouter.Webfinger.Events;
using Xunit;

namespace EdgeRouter.Webfinger.Tests;

public class EventFormatTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    private static JsonElement Invoke(byte[] ev) => JsonDocument.Parse(TestConfig.Function.Invoke(ev).ResponseJson).RootElement;

    [Fact]
    public void Http_api_v2_reads_repeated_rel_from_the_raw_query_string()
    {
        var (format, request) = LambdaEventParser.Parse(Fixture("http-api-v2.json"));
        Assert.Equal(EventFormat.HttpApiV2, format);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/.well-known/webfinger", request.Path);
        Assert.Equal("resource=acct%3Acarol%40example.com&rel=self&rel=http%3A%2F%2Fwebfinger.net%2Frel%2Fprofile-page", request.RawQueryString);

        // Two links survive: "self" and profile-page. Reading the comma-joined map would have found neither.
        var response = Invoke(Fixture("http-api-v2.json"));
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        var body = JsonDocument.Parse(response.GetProperty("body").GetString()!).RootElement;
        Assert.Equal(["self", "http://webfinger.net/rel/profile-page"],
            body.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("rel").GetString()));
    }

    [Fact]
    public void Http_api_v2_response_shape()
    {
        var json = Encoding.UTF8.GetString(TestConfig.Function.Invoke(Encoding.UTF8.GetBytes(
            ApiGatewayEvents.HttpApiV2("GET", "/.well-known/webfinger", "resource=acct%3Aalice%40example.com"))).ResponseJson);
        Assert.Equal(
            """{"statusCode":301,"headers":{"Location":"https://mastodon.example.com/.well-known/webfinger?resource=acct%3Aalice%40example.com","Cache-Control":"public, max-age=3600","Access-Control-Allow-Origin":"*"},"body":"","isBase64Encoded":false}""",
            json);
    }

    [Fact]
    public void Http_api_v2_named_stage_prefix_is_removed()
    {
        var (_, request) = LambdaEventParser.Parse(Fixture("http-api-v2-named-stage.json"));
        Assert.Equal("/.well-known/webfinger", request.Path);
        Assert.Equal(301, Invoke(Fixture("http-api-v2-named-stage.json")).GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public void Rest_api_v1_rebuilds_the_query_from_multi_value_parameters()
    {
        var (format, request) = LambdaEventParser.Parse(Fixture("rest-api-v1.json"));
        Assert.Equal(EventFormat.RestApiV1, format);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/.well-known/webfinger", request.Path);
        Assert.Equal("resource=acct%3Acarol%40example.com&rel=self&rel=http%3A%2F%2Fwebfinger.net%2Frel%2Fprofile-page", request.RawQueryString);
        var response = Invoke(Fixture("rest-api-v1.json"));
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/jrd+json", response.GetProperty("headers").GetProperty("Content-Type").GetString());
        Assert.False(response.GetProperty("isBase64Encoded").GetBoolean());
        var body = JsonDocument.Parse(response.GetProperty("body").GetString()!).RootElement;
        Assert.Equal(2, body.GetProperty("links").GetArrayLength());
    }

    [Fact]
    public void Rest_api_v1_falls_back_to_single_value_parameters()
    {
        var ev = """{"httpMethod":"GET","path":"/.well-known/webfinger","queryStringParameters":{"resource":"acct:alice@example.com"},"multiValueQueryStringParameters":null}""";
        var response = Invoke(Encoding.UTF8.GetBytes(ev));
        Assert.Equal(301, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("https://mastodon.example.com/.well-known/webfinger?resource=acct%3Aalice%40example.com",
            response.GetProperty("headers").GetProperty("Location").GetString());
    }

    [Fact]
    public void Rest_api_v1_without_query_is_400()
    {
        var ev = """{"httpMethod":"GET","path":"/.well-known/webfinger","queryStringParameters":null,"multiValueQueryStringParameters":null}""";
        Assert.Equal(400, Invoke(Encoding.UTF8.GetBytes(ev)).GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public void Function_url_event_is_the_2_0_shape()
    {
        var (format, request) = LambdaEventParser.Parse(Fixture("function-url.json"));
        Assert.Equal(EventFormat.HttpApiV2, format);
        Assert.Equal("GET", request.Method);
        var response = Invoke(Fixture("function-url.json"));
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Equal(
            """{"subject":"acct:alice@example.com","links":[{"rel":"http://openid.net/specs/connect/1.0/issuer","href":"https://auth.example.com"}]}""",
            response.GetProperty("body").GetString());
    }

    [Fact]
    public void Hand_made_v2_event_without_raw_query_string_uses_the_map()
    {
        var ev = """{"version":"2.0","rawPath":"/.well-known/webfinger","requestContext":{"http":{"method":"HEAD"}},"queryStringParameters":{"resource":"acct:alice@example.com"}}""";
        var (_, request) = LambdaEventParser.Parse(Encoding.UTF8.GetBytes(ev));
        Assert.Equal("HEAD", request.Method);
        Assert.Equal("resource=acct%3Aalice%40example.com", request.RawQueryString);
    }

    [Theory]
    [InlineData("", "the event is not valid JSON")]
    [InlineData("not json", "the event is not valid JSON")]
    [InlineData("{\"version\":\"2.0\"", "the event is not valid JSON")]
    [InlineData("[1,2]", "the event is not a JSON object")]
    [InlineData("\"x\"", "the event is not a JSON object")]
    [InlineData("{}", "the event is neither an API Gateway nor a function URL HTTP event")]
    [InlineData("{\"version\":\"1.0\"}", "the event is neither an API Gateway nor a function URL HTTP event")]
    [InlineData("{\"version\":\"2.0\"}", "requestContext.http.method is missing")]
    [InlineData("{\"version\":\"2.0\",\"requestContext\":{\"http\":{\"method\":\"GET\"}}}", "rawPath is missing")]
    [InlineData("{\"version\":\"2.0\",\"rawPath\":5,\"requestContext\":{\"http\":{\"method\":\"GET\"}}}", "rawPath is not a string")]
    [InlineData("{\"version\":2}", "version is not a string")]
    [InlineData("{\"httpMethod\":null}", "httpMethod is missing")]
    [InlineData("{\"httpMethod\":\"GET\"}", "path is missing")]
    [InlineData("{\"httpMethod\":[\"GET\"],\"path\":\"/\"}", "httpMethod is not a string")]
    public void Payloads_that_are_not_http_events_throw_invalid_event(string payload, string message)
    {
        var e = Assert.Throws<InvalidEventException>(() => LambdaEventParser.Parse(Encoding.UTF8.GetBytes(payload)));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Deeply_nested_json_is_an_invalid_event_not_a_crash()
    {
        var deep = "{\"a\":" + new string('[', 5000) + new string(']', 5000) + "}";
        Assert.Throws<InvalidEventException>(() => LambdaEventParser.Parse(Encoding.UTF8.GetBytes(deep)));
    }
}
