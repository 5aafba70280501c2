using System.Text.Json;
using EdgeRouter.LocalRuntimeApi;
using EdgeRouter.Webfinger.Tests.Documents;
using Xunit;
using Xunit.Abstractions;

namespace EdgeRouter.Webfinger.Tests.Runtime;

/// <summary>The well-known documents through the published Native AOT bootstrap (WEBFINGER_BOOTSTRAP), as a
/// process on the loopback Runtime API: exact statuses, headers and bodies, bad sections at init, and the fuzzer.</summary>
public class DocumentsBootstrapTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static async Task<ProxyResult> Ask(LocalLambda fn, string path, string query = "", string method = "GET")
    {
        using var cts = new CancellationTokenSource(Timeout);
        var result = await fn.InvokeAsync(ApiGatewayEvents.HttpApiV2(method, path, query, []), cts.Token);
        Assert.False(result.IsError, result.Payload);
        return ProxyResult.Parse(result.Payload);
    }

    private static string[] Lines(ProxyResult r) => [.. r.Headers.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => h.Key + ": " + h.Value)];

    [Fact]
    public async Task Every_document_through_the_real_bootstrap()
    {
        await using var fn = await LocalLambda.StartAsync(Artifacts.AotBootstrap, Artifacts.Env(DocumentsConfig.Json));

        var did = await Ask(fn, "/.well-known/atproto-did");
        Assert.Equal(200, did.StatusCode);
        Assert.Equal(["Access-Control-Allow-Origin: *", "Cache-Control: public, max-age=300", "Content-Type: text/plain; charset=utf-8"], Lines(did));
        Assert.Equal(DocumentsConfig.Did, did.BodyText);

        var server = await Ask(fn, "/.well-known/matrix/server");
        Assert.Equal(200, server.StatusCode);
        Assert.Equal(["Access-Control-Allow-Origin: *", "Cache-Control: public, max-age=300", "Content-Type: application/json"], Lines(server));
        Assert.Equal("""{"m.server":"matrix.example.com:443"}""", server.BodyText);

        var client = await Ask(fn, "/.well-known/matrix/client");
        Assert.Equal(200, client.StatusCode);
        Assert.Equal(
            [
                "Access-Control-Allow-Headers: X-Requested-With, Content-Type, Authorization",
                "Access-Control-Allow-Methods: GET, POST, PUT, DELETE, OPTIONS",
                "Access-Control-Allow-Origin: *",
                "Cache-Control: public, max-age=300",
                "Content-Type: application/json",
            ],
            Lines(client));
        Assert.Equal("""{"m.homeserver":{"base_url":"https://matrix.example.com"}}""", client.BodyText);
        var preflight = await Ask(fn, "/.well-known/matrix/client", method: "OPTIONS");
        Assert.Equal(204, preflight.StatusCode);
        Assert.Equal("X-Requested-With, Content-Type, Authorization", preflight.Headers["Access-Control-Allow-Headers"]);

        var bob = await Ask(fn, "/.well-known/nostr.json", "name=bob");
        Assert.Equal(200, bob.StatusCode);
        Assert.Equal(["Access-Control-Allow-Origin: *", "Cache-Control: public, max-age=300", "Content-Type: application/json"], Lines(bob));
        Assert.Equal(
            """{"names":{"bob":"b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9"},"relays":{"b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9":["wss://relay.example.com","wss://relay2.example.com"]}}""",
            bob.BodyText);
        var unknown = await Ask(fn, "/.well-known/nostr.json", "name=carol");
        Assert.Equal(200, unknown.StatusCode);
        Assert.Equal("""{"names":{}}""", unknown.BodyText);
        var missing = await Ask(fn, "/.well-known/nostr.json");
        Assert.Equal(400, missing.StatusCode);
        Assert.Equal("""{"error":"invalid_request","message":"name is required"}""", missing.BodyText);
        Assert.Equal("", (await Ask(fn, "/.well-known/nostr.json", "name=bob", "HEAD")).BodyText);
        Assert.Equal(405, (await Ask(fn, "/.well-known/nostr.json", "name=bob", "POST")).StatusCode);

        // RFC 7033 §4.3 through the process: bob (OIDC only) without rel.
        var jrd = await Ask(fn, "/.well-known/webfinger", "resource=acct%3Abob%40example.com");
        Assert.Equal(200, jrd.StatusCode);
        Assert.Equal("""{"subject":"acct:bob@example.com","links":[{"rel":"http://openid.net/specs/connect/1.0/issuer","href":"https://auth.example.com"}]}""", jrd.BodyText);

        var line = await fn.WaitForOutputAsync("\"route\":\"nostr-unknown-name\"", Timeout);
        output.WriteLine(line);
        Assert.DoesNotContain("carol", line, StringComparison.Ordinal);
        Assert.False(fn.Exited.IsCompleted, "the function exited: " + fn.StandardError);
    }

    [Theory]
    [InlineData("""{"domain":"example.com","atproto":{"did":"did:plc:short"}}""", "atproto.did: must be did:plc: and 24 characters of a-z and 2-7, or did:web: and a lower-case host name (no port or path), got \"did:plc:short\"")]
    [InlineData("""{"domain":"example.com","matrix":{"server":"https://m.example.com"}}""", "matrix.server: must be a Matrix server name, host[:port] such as matrix.example.com:443 (lower case, no scheme or path, port 1-65535), got \"https://m.example.com\"")]
    [InlineData("""{"domain":"example.com","matrix":{"client":"https://m.example.com","identity":"x"}}""", "matrix: unknown key \"identity\" (the matrix section has server, client)")]
    [InlineData("""{"domain":"example.com","nostr":{"names":{"bob":"B0635D6A9851D3AED0CD6C495B282167ACF761729078D975FC341B22650B07B9"}}}""", "nostr.names[\"bob\"]: must be a public key in hex, 64 lower-case characters 0-9 a-f (not npub…), got \"B0635D6A9851D3AED0CD6C495B282167ACF761729078D975FC341B22650B07B9\"")]
    [InlineData("""{"domain":"example.com","nostr":{"names":{"bob":"b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9"},"relays":{"b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9":["ws://relay.example.com"]}}}""", "nostr.relays[\"b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9\"][0]: must be a wss:// URL with a lower-case host name and no query or fragment, such as wss://relay.example.com, got \"ws://relay.example.com\"")]
    [InlineData("""{"domain":"example.com","atproto":{"did":"did:plc:ewvi7nxzyoun6zhxrhs64oiz","did":"did:plc:ewvi7nxzyoun6zhxrhs64oiz"}}""", "atproto.did: is given more than once")]
    public async Task Bad_sections_are_disabled_logged_and_answered_503_by_the_real_bootstrap(string config, string message)
    {
        await using var fn = await ConfigProblems.StartsAndLogsAsync(Artifacts.AotBootstrap, config, message);
        var path = message.StartsWith("atproto", StringComparison.Ordinal) ? "/.well-known/atproto-did"
            : message.StartsWith("matrix", StringComparison.Ordinal) ? "/.well-known/matrix/server"
            : "/.well-known/nostr.json";
        var answer = await Ask(fn, path, "name=bob");
        Assert.Equal(503, answer.StatusCode);
        Assert.Equal("""{"error":"configuration_error","message":"this part of the site's configuration is invalid; its owner's log says why"}""", answer.BodyText);
        Assert.Equal("*", answer.Headers["Access-Control-Allow-Origin"]);
        Assert.Equal("no-store", answer.Headers["Cache-Control"]);
        // The router's own paths still work: WebFinger answers (404 for an unknown account, not 503).
        Assert.Equal(404, (await Ask(fn, "/.well-known/webfinger", "resource=acct:nobody@example.com")).StatusCode);
    }

    [Fact]
    public async Task Hostile_document_requests_through_the_process()
    {
        var seed = FuzzTests.Seed();
        output.WriteLine("fuzz seed " + seed + " (WEBFINGER_FUZZ_SEED=" + seed + " replays it)");
        var rng = new Random(seed);
        await using var fn = await LocalLambda.StartAsync(Artifacts.AotBootstrap, Artifacts.Env(DocumentsConfig.Json));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var i = 0; i < 400; i++)
        {
            var ev = DocumentFuzzTests.HostileEvent(rng);
            var r = await fn.InvokeAsync(ev, cts.Token);
            Assert.False(r.IsError, "seed " + seed + ", case " + i + ": " + r.Payload);
            DocumentFuzzTests.CheckResponse(r.Payload, ev, "seed " + seed + ", case " + i);
        }

        Assert.False(fn.Exited.IsCompleted, "seed " + seed + ": the function exited: " + fn.StandardError);
    }
}
