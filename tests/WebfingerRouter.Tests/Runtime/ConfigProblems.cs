using System.Text.Json;
using EdgeRouter.LocalRuntimeApi;
using Xunit;

namespace EdgeRouter.Webfinger.Tests.Runtime;

/// <summary>What a configuration with a problem does to a real bootstrap: it starts (only a configuration that is
/// not a JSON object is fatal), logs one structured error line per problem, and answers.</summary>
internal static class ConfigProblems
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>True for the messages of a configuration that is not a JSON object at all: those stop init.</summary>
    public static bool IsFatal(string message) => message.StartsWith("WEBFINGER_CONFIG: ", StringComparison.Ordinal);

    /// <summary>The <c>config-problem</c> lines the process logged at start-up, parsed.</summary>
    public static async Task<List<JsonElement>> LoggedAsync(LocalLambda fn)
    {
        // The lines are written before the first /next; an answered request proves they are all out.
        await AskAsync(fn, "/no-such-path");
        await fn.WaitForOutputAsync("\"status\":", Timeout); // the request's own line follows the start-up lines
        return [.. fn.StandardOutputLines
            .Where(l => l.Contains("\"route\":\"config-problem\"", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    /// <summary>Starts <paramref name="bootstrap"/> with <paramref name="config"/> and checks that it logged exactly
    /// <paramref name="message"/> first (as an error line) and still answers; returns the running function.</summary>
    public static async Task<LocalLambda> StartsAndLogsAsync(string bootstrap, string config, string message, Dictionary<string, string?>? env = null)
    {
        var environment = env ?? Artifacts.Env(config);
        environment["WEBFINGER_CONFIG"] = config;
        var fn = await LocalLambda.StartAsync(bootstrap, environment);
        var lines = await LoggedAsync(fn);
        Assert.NotEmpty(lines);
        Assert.Equal("error", lines[0].GetProperty("level").GetString());
        Assert.Equal(message, lines[0].GetProperty("error").GetString());
        Assert.False(fn.Exited.IsCompleted, fn.StandardError);
        return fn;
    }

    public static async Task<ProxyResult> AskAsync(LocalLambda fn, string path, string query = "", string method = "GET")
    {
        using var cts = new CancellationTokenSource(Timeout);
        var result = await fn.InvokeAsync(ApiGatewayEvents.HttpApiV2(method, path, query, []), cts.Token);
        Assert.False(result.IsError, result.Payload);
        return ProxyResult.Parse(result.Payload);
    }
}
