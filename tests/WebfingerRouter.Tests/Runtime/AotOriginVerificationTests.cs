using System.Text.Json;
using EdgeRouter.LocalRuntimeApi;
using Xunit;

namespace EdgeRouter.Webfinger.Tests.Runtime;

/// <summary>The shipped AOT bootstrap with ORIGIN_VERIFY_SECRET set, as the stack deploys it: only requests with
/// the distribution's header are answered, and neither the secret nor the header reach the log.</summary>
public class AotOriginVerificationTests
{
    private const string Secret = "f00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeed";

    [Fact]
    public async Task Direct_calls_get_403_calls_through_the_distribution_are_answered_and_the_secret_is_never_logged()
    {
        var env = Artifacts.Env();
        env["ORIGIN_VERIFY_SECRET"] = Secret;
        await using var fn = await LocalLambda.StartAsync(Artifacts.AotBootstrap, env);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        const string query = "resource=acct%3Aalice%40example.com";

        var direct = ProxyResult.Parse((await fn.InvokeAsync(
            new Invocation(ApiGatewayEvents.HttpApiV2("GET", "/.well-known/webfinger", query)) { RequestId = "direct" }, cts.Token)).Payload);
        Assert.Equal(403, direct.StatusCode);
        Assert.Equal("""{"error":"forbidden","message":"use the site's own address"}""", direct.BodyText);
        Assert.Equal("no-store", direct.Headers["Cache-Control"]);

        var wrong = ProxyResult.Parse((await fn.InvokeAsync(new Invocation(ApiGatewayEvents.HttpApiV2("GET", "/.well-known/webfinger", query,
            [new("x-origin-verify", Secret[..^1] + "0")])) { RequestId = "wrong" }, cts.Token)).Payload);
        Assert.Equal(403, wrong.StatusCode);

        var through = ProxyResult.Parse((await fn.InvokeAsync(new Invocation(ApiGatewayEvents.HttpApiV2("GET", "/.well-known/webfinger", query,
            [new("X-Origin-Verify", Secret)])) { RequestId = "through" }, cts.Token)).Payload);
        Assert.Equal(301, through.StatusCode);

        var log = JsonDocument.Parse(await fn.WaitForOutputAsync("direct", TimeSpan.FromSeconds(20))).RootElement;
        Assert.Equal(("not-through-distribution", 403), (log.GetProperty("route").GetString(), log.GetProperty("status").GetInt32()));
        _ = await fn.WaitForOutputAsync("through", TimeSpan.FromSeconds(20));
        var everything = string.Join("\n", fn.StandardOutputLines) + fn.StandardError;
        Assert.DoesNotContain("f00dfeed", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("origin-verify", everything, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Behind_a_function_url_the_same_check_holds_for_its_payload_with_the_iam_authorizer_block()
    {
        // routerOrigin = function-url (issue 19): the event a function URL with AWS_IAM auth sends (payload 2.0, the
        // URL's ID as apiId, requestContext.authorizer.iam), built as the local edge builds it.
        var env = Artifacts.Env();
        env["ORIGIN_VERIFY_SECRET"] = Secret;
        await using var fn = await LocalLambda.StartAsync(Artifacts.AotBootstrap, env);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        const string host = "abcdefghijklmnopqrstuvwxyz234567.lambda-url.eu-west-1.on.aws";
        const string query = "resource=acct%3Aalice%40example.com";
        string Event(params KeyValuePair<string, string>[] headers) =>
            ApiGatewayEvents.FunctionUrl("GET", "/.well-known/webfinger", query, [new("host", host), .. headers], null, host, "130.176.0.1", iamAuth: true);

        var ev = JsonDocument.Parse(Event()).RootElement.GetProperty("requestContext");
        Assert.Equal(("abcdefghijklmnopqrstuvwxyz234567", "$default", JsonValueKind.Object),
            (ev.GetProperty("apiId").GetString(), ev.GetProperty("stage").GetString(), ev.GetProperty("authorizer").GetProperty("iam").ValueKind));

        var without = ProxyResult.Parse((await fn.InvokeAsync(new Invocation(Event()) { RequestId = "no-secret" }, cts.Token)).Payload);
        Assert.Equal(403, without.StatusCode);
        Assert.Equal("""{"error":"forbidden","message":"use the site's own address"}""", without.BodyText);

        var through = ProxyResult.Parse((await fn.InvokeAsync(new Invocation(Event(new KeyValuePair<string, string>("x-origin-verify", Secret))) { RequestId = "signed" }, cts.Token)).Payload);
        Assert.Equal(301, through.StatusCode);
        Assert.Equal("https://mastodon.example.com/.well-known/webfinger?resource=acct%3Aalice%40example.com", through.Headers["Location"]);
    }

    [Fact]
    public async Task A_short_secret_stops_the_function_at_init_naming_the_variable_only()
    {
        var env = Artifacts.Env();
        env["ORIGIN_VERIFY_SECRET"] = "short-f00dfeed";
        var e = await Assert.ThrowsAsync<LocalLambdaInitException>(() => LocalLambda.StartAsync(Artifacts.AotBootstrap, env));
        Assert.Contains("ORIGIN_VERIFY_SECRET: must be at least 32 characters", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("f00dfeed", e.Message, StringComparison.Ordinal);
    }
}
