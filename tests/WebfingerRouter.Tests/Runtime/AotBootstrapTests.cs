using System.Text.Json;
using EdgeRouter.LocalRuntimeApi;
using EdgeRouter.Webfinger.Tests.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace EdgeRouter.Webfinger.Tests.Runtime;

/// <summary>The published Native AOT bootstrap, as a process, against the loopback Runtime API.</summary>
public class AotBootstrapTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static string Event(string query, string method = "GET", string path = "/.well-known/webfinger") =>
        ApiGatewayEvents.HttpApiV2(method, path, query, [new("accept", "application/jrd+json")]);

    internal static async Task Exercise(string bootstrap, ITestOutputHelper output)
    {
        await using var fn = await LocalLambda.StartAsync(bootstrap, Artifacts.Env());
        using var cts = new CancellationTokenSource(Timeout);

        // 1. A response, with request id, deadline and trace id.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(5);
        const string trace = "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1";
        var result = await fn.InvokeAsync(
            new Invocation(Event("resource=acct%3Aalice%40example.com")) { RequestId = "req-0001", TraceId = trace, Deadline = deadline },
            cts.Token);
        Assert.False(result.IsError, result.Payload);
        Assert.Equal("req-0001", result.RequestId);
        var proxy = ProxyResult.Parse(result.Payload);
        Assert.Equal(301, proxy.StatusCode);
        Assert.Equal("https://mastodon.example.com/.well-known/webfinger?resource=acct%3Aalice%40example.com", proxy.Headers["Location"]);
        Assert.Equal("*", proxy.Headers["Access-Control-Allow-Origin"]);

        var line = await fn.WaitForOutputAsync("req-0001", Timeout);
        output.WriteLine(line);
        var log = JsonDocument.Parse(line).RootElement;
        Assert.Equal("info", log.GetProperty("level").GetString());
        Assert.Equal("mastodon-redirect", log.GetProperty("route").GetString());
        Assert.Equal(301, log.GetProperty("status").GetInt32());
        Assert.Equal("GET", log.GetProperty("method").GetString());
        Assert.Equal("/.well-known/webfinger", log.GetProperty("path").GetString());
        Assert.Equal("2.0", log.GetProperty("format").GetString());
        Assert.Equal(trace, log.GetProperty("traceId").GetString()); // read back from _X_AMZN_TRACE_ID
        var remaining = log.GetProperty("remainingMs").GetInt64();
        Assert.InRange(remaining, 1, 5000); // from Lambda-Runtime-Deadline-Ms
        Assert.True(log.GetProperty("durationMs").GetDouble() >= 0);
        Assert.False(line.Contains("alice", StringComparison.Ordinal), "the query string must not be logged");

        // 2. The next invocation has no trace id: _X_AMZN_TRACE_ID must not leak from the previous one.
        var second = await fn.InvokeAsync(new Invocation(Event("resource=acct:bob@example.com&rel=http://openid.net/specs/connect/1.0/issuer")) { RequestId = "req-0002" }, cts.Token);
        var jrd = ProxyResult.Parse(second.Payload);
        Assert.Equal(200, jrd.StatusCode);
        Assert.Equal("application/jrd+json", jrd.Headers["Content-Type"]);
        Assert.Equal("""{"subject":"acct:bob@example.com","links":[{"rel":"http://openid.net/specs/connect/1.0/issuer","href":"https://auth.example.com"}]}""", jrd.BodyText);
        var line2 = JsonDocument.Parse(await fn.WaitForOutputAsync("req-0002", Timeout)).RootElement;
        Assert.False(line2.TryGetProperty("traceId", out _), "trace id leaked into the next invocation");
        Assert.Equal("oidc-issuer", line2.GetProperty("route").GetString());

        // 3. A payload that is not an HTTP event goes to the invocation-error endpoint, and the loop goes on.
        var error = await fn.InvokeAsync(new Invocation("this is not json") { RequestId = "req-0003" }, cts.Token);
        Assert.True(error.IsError);
        Assert.Equal("InvalidEvent", error.ErrorType);
        var report = JsonDocument.Parse(error.Payload).RootElement;
        Assert.Equal("InvalidEvent", report.GetProperty("errorType").GetString());
        Assert.Equal("the event is not valid JSON", report.GetProperty("errorMessage").GetString());
        var line3 = JsonDocument.Parse(await fn.WaitForOutputAsync("req-0003", Timeout)).RootElement;
        Assert.Equal("error", line3.GetProperty("level").GetString());
        Assert.Equal("invalid-event", line3.GetProperty("route").GetString());

        // 4. Many more on the same connection; every kind of answer.
        string[] queries =
        [
            "resource=acct:carol@example.com&rel=self", "resource=acct:dave@example.com", "", "resource=%zz",
        ];
        int[] expected = [200, 404, 400, 400];
        for (var i = 0; i < 40; i++)
        {
            var r = await fn.InvokeAsync(new Invocation(Event(queries[i % 4])) { RequestId = "loop-" + i }, cts.Token);
            Assert.False(r.IsError, r.Payload);
            Assert.Equal("loop-" + i, r.RequestId);
            Assert.Equal(expected[i % 4], ProxyResult.Parse(r.Payload).StatusCode);
        }

        // HEAD, OPTIONS, 405 and the fallbacks through the real process.
        Assert.Equal("", ProxyResult.Parse((await fn.InvokeAsync(Event("resource=acct:carol@example.com", "HEAD"), cts.Token)).Payload).BodyText);
        Assert.Equal(204, ProxyResult.Parse((await fn.InvokeAsync(Event("", "OPTIONS"), cts.Token)).Payload).StatusCode);
        Assert.Equal(405, ProxyResult.Parse((await fn.InvokeAsync(Event("", "POST"), cts.Token)).Payload).StatusCode);
        Assert.Equal("https://mastodon.example.com/.well-known/nodeinfo",
            ProxyResult.Parse((await fn.InvokeAsync(Event("", "GET", "/.well-known/nodeinfo"), cts.Token)).Payload).Headers["Location"]);

        Assert.False(fn.Exited.IsCompleted, "the function exited: " + fn.StandardError);
    }

    [Fact]
    public Task Next_response_error_request_id_deadline_and_trace_id() => Exercise(Artifacts.AotBootstrap, output);

    [Theory]
    [InlineData("""{"domain":"example.com","mastodon":{"host":"https://x"}}""", "mastodon.host: must be a bare lower-case host name such as example.com (no scheme, port or path), got \"https://x\"")]
    [InlineData("""{"domain":"example.com","oidc":{"issuer":"http://auth.example.com"}}""", "oidc.issuer: must be an https URL with a lower-case host name, an optional port and path (ASCII, anything else percent-encoded) and no query or fragment, such as https://auth.example.com, got \"http://auth.example.com\"")]
    [InlineData("""{"domain":"example.com","resources":{"acct:c@example.com":{}}}""", "resources[\"acct:c@example.com\"].subject: must be a non-empty string (a JRD names its subject, RFC 7033 §4.4.1)")]
    [InlineData("{not json", "WEBFINGER_CONFIG: malformed JSON at line 1, byte 2")]
    [InlineData(null, "WEBFINGER_CONFIG: is not set or empty; it must hold the JSON configuration")]
    public async Task Bad_config_goes_to_init_error_and_exits_non_zero(string? config, string message)
    {
        if (!ConfigProblems.IsFatal(message))
        {
            // A section's problem is not an init error: that section is off, the rest is served.
            await using var running = await ConfigProblems.StartsAndLogsAsync(Artifacts.AotBootstrap, config!, message);
            return;
        }

        var e = await Assert.ThrowsAsync<LocalLambdaInitException>(() => LocalLambda.StartAsync(Artifacts.AotBootstrap, Artifacts.Env(config)));
        Assert.NotNull(e.Report);
        Assert.Equal("Runtime.InvalidConfig", e.Report.ErrorType);
        var report = JsonDocument.Parse(e.Report.Payload).RootElement;
        Assert.Equal(message, report.GetProperty("errorMessage").GetString());
        Assert.Equal("Runtime.InvalidConfig", report.GetProperty("errorType").GetString());
        Assert.Equal(1, e.ExitCode);
        Assert.Contains(message, e.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_events_through_the_process_never_crash_it()
    {
        var seed = FuzzTests.Seed();
        output.WriteLine("fuzz seed " + seed + " (WEBFINGER_FUZZ_SEED=" + seed + " replays it)");
        var rng = new Random(seed);
        await using var fn = await LocalLambda.StartAsync(Artifacts.AotBootstrap, Artifacts.Env());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var i = 0; i < 400; i++)
        {
            var junk = i % 5 == 4;
            var ev = junk ? FuzzTests.JunkEvent(rng) : i % 5 == 3 ? FuzzTests.HostileRestEvent(rng) : FuzzTests.HostileHttpApiEvent(rng);
            var r = await fn.InvokeAsync(ev, cts.Token);
            if (r.IsError)
            {
                Assert.True(junk, "seed " + seed + ", case " + i + ": an HTTP event was answered with an error: " + r.Payload);
                Assert.Equal("InvalidEvent", r.ErrorType);
            }
            else
            {
                FuzzTests.CheckResponse(r.Payload, ev, "seed " + seed + ", case " + i);
            }
        }

        Assert.False(fn.Exited.IsCompleted, "seed " + seed + ": the function exited: " + fn.StandardError);
    }
}

/// <summary>The same project run as `dotnet bootstrap.dll` (the JIT build the dotnet10 package is made of).</summary>
public class JitBootstrapTests(ITestOutputHelper output)
{
    [Fact]
    public Task Same_loop_on_the_jit() => AotBootstrapTests.Exercise(Artifacts.JitBootstrapDll, output);

    [Fact]
    public async Task Init_error_on_the_jit()
    {
        var e = await Assert.ThrowsAsync<LocalLambdaInitException>(() =>
            LocalLambda.StartAsync(Artifacts.JitBootstrapDll, Artifacts.Env("""["not an object"]""")));
        Assert.Equal(1, e.ExitCode);
        Assert.Contains("WEBFINGER_CONFIG: has the wrong JSON type (expected an object)", e.Report!.Payload, StringComparison.Ordinal);
    }
}
