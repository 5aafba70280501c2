using System.Text.Json;
using EdgeRouter.LocalRuntimeApi;
using Xunit;

namespace EdgeRouter.Webfinger.Tests.Runtime;

/// <summary>The examples through the built Native AOT bootstrap: a configuration Terraform could have let
/// through with one bad entry starts, logs the problem once, named as the user wrote it, answers that entry 503 and
/// every other path as usual.</summary>
public class DefenceInDepthBootstrapTests
{
    private const string Config = """
        {"domain":"example.com",
         "mastodon":{"host":"mastodon.example.com","accounts":["alice"]},
         "oidc":{"issuer":"https://auth.example.com","accounts":["bob"]},
         "atproto":{"did":"did:plc:ewvi7nxzyoun6zhxrhs64oiz"},
         "matrix":{"server":"matrix.example.com:443"},
         "resources":{"acct:x@example.com":{"subject":"acct:x@example.com","links":[{"ref":"self"}]},
                      "acct:y@example.com":{"subject":"acct:y@example.com","properties":{"http://example.com/n":5}},
                      "acct:a b@example.com":{"subject":"acct:a b@example.com"},
                      "acct:z@example.com":{"subject":""},
                      "acct:carol@example.com":{"subject":"acct:carol@example.com"}}}
        """;

    [Theory]
    [InlineData("terraform", "webfinger_resources")]
    [InlineData(null, "resources")]
    public async Task Bad_entries_are_off_the_rest_is_served(string? source, string name)
    {
        var env = Artifacts.Env(Config);
        env["WEBFINGER_CONFIG_SOURCE"] = source;
        await using var fn = await LocalLambda.StartAsync(Artifacts.AotBootstrap, env);
        var lines = await ConfigProblems.LoggedAsync(fn);
        Assert.Equal(
            [
                name + "[\"acct:x@example.com\"].links[0]: unknown key \"ref\" (a link has rel, type, href, titles, properties, template)",
                name + "[\"acct:x@example.com\"].links[0].rel: must be a non-empty string (a link's relation type, RFC 7033 §4.4.4.1)",
                name + "[\"acct:y@example.com\"].properties[\"http://example.com/n\"]: must be a string or null",
                name + "[\"acct:a b@example.com\"]: the key must be a URI such as acct:carol@example.com or https://example.com/carol (a scheme, a colon, no spaces or control characters, at most 1024 characters)",
                name + "[\"acct:z@example.com\"].subject: must be a non-empty string (a JRD names its subject, RFC 7033 §4.4.1), got \"\"",
            ],
            lines.Select(l => l.GetProperty("error").GetString()));
        Assert.All(lines, l => Assert.Equal("error", l.GetProperty("level").GetString()));
        Assert.Equal("resources[\"acct:x@example.com\"]", lines[0].GetProperty("section").GetString());

        async Task<int> Status(string path, string query = "") => (await ConfigProblems.AskAsync(fn, path, query)).StatusCode;
        Assert.Equal(503, await Status("/.well-known/webfinger", "resource=acct:x@example.com"));
        Assert.Equal(503, await Status("/.well-known/webfinger", "resource=acct:y@example.com"));
        Assert.Equal(503, await Status("/.well-known/webfinger", "resource=acct:z@example.com"));
        Assert.Equal(200, await Status("/.well-known/webfinger", "resource=acct:carol@example.com"));
        Assert.Equal(301, await Status("/.well-known/webfinger", "resource=acct:alice@example.com"));
        Assert.Equal(200, await Status("/.well-known/webfinger", "resource=acct:bob@example.com&rel=http%3A%2F%2Fopenid.net%2Fspecs%2Fconnect%2F1.0%2Fissuer"));
        Assert.Equal(404, await Status("/.well-known/webfinger", "resource=acct:dave@example.com"));
        Assert.Equal(301, await Status("/.well-known/host-meta"));
        Assert.Equal(301, await Status("/.well-known/nodeinfo"));
        Assert.Equal(200, await Status("/.well-known/atproto-did"));
        Assert.Equal(200, await Status("/.well-known/matrix/server"));
        Assert.False(fn.Exited.IsCompleted, fn.StandardError);
        Assert.Equal("", fn.StandardError);
    }

    [Fact]
    public async Task A_valid_configuration_logs_no_problem()
    {
        await using var fn = await LocalLambda.StartAsync(Artifacts.AotBootstrap, Artifacts.Env(TestConfig.Json));
        Assert.Empty(await ConfigProblems.LoggedAsync(fn));
    }
}
