using System.Net;
using System.Text;
using EdgeRouter.LocalRuntimeApi;
using Xunit;

namespace EdgeRouter.Webfinger.Tests.Runtime;

/// <summary>The fake Runtime API on its own, with HttpClient playing the function.</summary>
public class LocalRuntimeApiTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Binds_loopback_and_hands_out_events_with_the_runtime_headers()
    {
        await using var server = await RuntimeApiServer.StartAsync();
        Assert.StartsWith("127.0.0.1:", server.Address, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = new Uri("http://" + server.Address + "/2018-06-01/runtime/") };

        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(1_900_000_000_000);
        var invoke = server.InvokeAsync(new Invocation("{\"k\":1}") { RequestId = "r-1", TraceId = "Root=1-a", Deadline = deadline });
        using var next = await http.GetAsync("invocation/next");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("{\"k\":1}", await next.Content.ReadAsStringAsync());
        Assert.Equal("r-1", next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").Single());
        Assert.Equal("1900000000000", next.Headers.GetValues("Lambda-Runtime-Deadline-Ms").Single());
        Assert.Equal("Root=1-a", next.Headers.GetValues("Lambda-Runtime-Trace-Id").Single());
        Assert.StartsWith("arn:aws:lambda:", next.Headers.GetValues("Lambda-Runtime-Invoked-Function-Arn").Single(), StringComparison.Ordinal);
        Assert.True(server.FirstPoll.IsCompleted);
        Assert.False(invoke.IsCompleted);

        using var posted = await http.PostAsync("invocation/r-1/response", new StringContent("{\"statusCode\":200}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var result = await invoke.WaitAsync(Timeout);
        Assert.Equal(new InvocationResult("r-1", false, "{\"statusCode\":200}", null, result.Elapsed), result);

        // Posting twice, or for an unknown id, is refused like the real API does.
        using var again = await http.PostAsync("invocation/r-1/response", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task Invocation_errors_and_init_errors()
    {
        await using var server = await RuntimeApiServer.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri("http://" + server.Address + "/2018-06-01/runtime/") };

        var invoke = server.InvokeAsync(new Invocation("{}") { RequestId = "r-2" });
        using (await http.GetAsync("invocation/next"))
        {
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "invocation/r-2/error") { Content = new StringContent("{\"errorMessage\":\"boom\",\"errorType\":\"X\"}") };
        request.Headers.Add("Lambda-Runtime-Function-Error-Type", "X");
        using (await http.SendAsync(request))
        {
        }

        var result = await invoke.WaitAsync(Timeout);
        Assert.True(result.IsError);
        Assert.Equal("X", result.ErrorType);
        Assert.Equal("{\"errorMessage\":\"boom\",\"errorType\":\"X\"}", result.Payload);

        Assert.False(server.InitError.IsCompleted);
        using var init = new HttpRequestMessage(HttpMethod.Post, "init/error") { Content = new StringContent("{\"errorMessage\":\"bad\"}") };
        init.Headers.Add("Lambda-Runtime-Function-Error-Type", "Runtime.InvalidConfig");
        using var accepted = await http.SendAsync(init);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var report = await server.InitError.WaitAsync(Timeout);
        Assert.Equal(new InitErrorReport("{\"errorMessage\":\"bad\"}", "Runtime.InvalidConfig"), report);
    }

    [Fact]
    public async Task Pending_invocations_fail_when_the_server_stops()
    {
        var server = await RuntimeApiServer.StartAsync();
        var invoke = server.InvokeAsync("{}");
        await server.DisposeAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => invoke.WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_missing_bootstrap_is_reported_clearly()
    {
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => LocalLambda.StartAsync("/nonexistent/bootstrap"));
        Assert.Contains("make lambda", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_that_dies_fails_the_start()
    {
        var e = await Assert.ThrowsAsync<LocalLambdaInitException>(() =>
            LocalLambda.StartAsync(Artifacts.AotBootstrap, new Dictionary<string, string?> { ["WEBFINGER_CONFIG"] = TestConfig.Json, ["AWS_LAMBDA_RUNTIME_API"] = null }));
        Assert.Equal(2, e.ExitCode);
        Assert.Null(e.Report);
        Assert.Contains("AWS_LAMBDA_RUNTIME_API is not set", e.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_api_events_join_repeated_parameters_like_api_gateway()
    {
        var ev = System.Text.Json.JsonDocument.Parse(ApiGatewayEvents.HttpApiV2("GET", "/p", "rel=a&rel=b&resource=acct%3Ax%40y",
            [new("Accept", "a"), new("accept", "b")])).RootElement;
        Assert.Equal("rel=a&rel=b&resource=acct%3Ax%40y", ev.GetProperty("rawQueryString").GetString());
        Assert.Equal("a,b", ev.GetProperty("queryStringParameters").GetProperty("rel").GetString());
        Assert.Equal("acct:x@y", ev.GetProperty("queryStringParameters").GetProperty("resource").GetString());
        Assert.Equal("a,b", ev.GetProperty("headers").GetProperty("accept").GetString());
        Assert.Equal("GET", ev.GetProperty("requestContext").GetProperty("http").GetProperty("method").GetString());
    }
}
