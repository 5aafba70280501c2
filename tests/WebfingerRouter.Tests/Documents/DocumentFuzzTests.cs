using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeRouter.Webfinger.Events;
using Xunit;
using Xunit.Abstractions;

namespace EdgeRouter.Webfinger.Tests.Documents;

/// <summary>Hostile requests to the well-known documents, from a printed seed (WEBFINGER_FUZZ_SEED replays one), with
/// the WebFinger fuzzer's hostile query pieces plus NIP-05 ones. Properties: no exception, no 5xx, never a redirect
/// (NIP-05 forbids them), no control character in a header, CORS on every answer, each body exactly one of the
/// document's own forms, and nostr.json never names anyone but the name asked.</summary>
public class DocumentFuzzTests(ITestOutputHelper output)
{
    internal static readonly string[] DocumentPaths =
    [
        "/.well-known/atproto-did", "/.well-known/matrix/server", "/.well-known/matrix/client", "/.well-known/nostr.json",
        "/.well-known/nostr.json", "/.well-known/nostr.json", "/.well-known/nostr.json/", "/.well-known/matrix/", "/.well-known/matrix",
        "/.well-known/Nostr.json", "/.well-known/atproto-did\r\n", "/.well-known/matrix/client%00", "/$default/.well-known/nostr.json",
    ];

    private static readonly string[] NamePieces =
    [
        "name=", "name", "bob", "BOB", "Bob", "alice", "_", "carol", ".", "-", "%5F", "b%6Fb", "%00", "%0d%0a", "@", "%40example.com",
        "+", "%20", "&", "name=bob&", "name=alice&", "é", "%C3%A9", "%", "%zz", "\r\n", "names=", "relays", "\ud800", "#",
    ];

    private static readonly string[] Methods = ["GET", "GET", "GET", "HEAD", "OPTIONS", "POST", "PUT", "get", "", "G\r\nET"];

    internal static string HostileQuery(Random rng)
    {
        if (rng.Next(3) == 0)
        {
            return FuzzTests.HostileQuery(rng);
        }

        var sb = new StringBuilder();
        switch (rng.Next(4))
        {
            // A name that exists half the time, so the hostile tail is tried against a real answer.
            case 0: sb.Append("name=bob&"); break;
            case 1: sb.Append("name=ALICE&"); break;
            default: break;
        }

        var n = rng.Next(0, 10);
        for (var i = 0; i < n; i++)
        {
            sb.Append(NamePieces[rng.Next(NamePieces.Length)]);
        }

        if (rng.Next(30) == 0)
        {
            sb.Append("name=").Append(new string('b', rng.Next(60, 6000)));
        }

        return sb.ToString();
    }

    internal static string HostileEvent(Random rng) => new JsonObject
    {
        ["version"] = "2.0",
        ["rawPath"] = DocumentPaths[rng.Next(DocumentPaths.Length)],
        ["rawQueryString"] = HostileQuery(rng),
        ["requestContext"] = new JsonObject { ["http"] = new JsonObject { ["method"] = Methods[rng.Next(Methods.Length)] } },
    }.ToJsonString();

    /// <summary>Checks one proxy response to <paramref name="eventJson"/>; returns the status.</summary>
    internal static int CheckResponse(string responseJson, string eventJson, string context)
    {
        var root = JsonDocument.Parse(responseJson).RootElement;
        var status = root.GetProperty("statusCode").GetInt32();
        Assert.True(status is 200 or 204 or 400 or 404 or 405, context + ": status " + status);
        var headers = root.GetProperty("headers");
        foreach (var h in headers.EnumerateObject())
        {
            var value = h.Value.GetString()!;
            Assert.True(value.Length > 0 && value.All(c => c is >= ' ' and < '\u007f'), context + ": unsafe header " + h.Name);
        }

        Assert.False(headers.TryGetProperty("Location", out _), context + ": a redirect");
        Assert.Equal("*", headers.GetProperty("Access-Control-Allow-Origin").GetString());
        var body = root.GetProperty("body").GetString()!;
        var ev = JsonDocument.Parse(eventJson).RootElement;
        var path = ev.GetProperty("rawPath").GetString();
        var contentType = headers.TryGetProperty("Content-Type", out var ct) ? ct.GetString() : null;
        if (status == 200 && path == "/.well-known/atproto-did")
        {
            Assert.Equal("text/plain; charset=utf-8", contentType);
            Assert.True(body is "" or DocumentsConfig.Did, context + ": atproto body " + body);
            return status;
        }

        if (body.Length > 0)
        {
            Assert.Equal("application/json", contentType);
            using var doc = JsonDocument.Parse(body);
            if (status == 200 && path == "/.well-known/nostr.json")
            {
                var names = doc.RootElement.GetProperty("names").EnumerateObject().ToList();
                Assert.True(names.Count <= 1, context + ": more than one name: " + body);
                var asked = ev.GetProperty("rawQueryString").GetString()!;
                foreach (var name in names)
                {
                    Assert.Contains("name=" + name.Name, asked, StringComparison.Ordinal);
                }

                // Keys of names nobody asked for never appear.
                var askedKey = names.Count == 1 ? names[0].Value.GetString() : null;
                foreach (var key in new[] { DocumentsConfig.BobKey, DocumentsConfig.AliceKey, DocumentsConfig.RootKey }.Where(k => k != askedKey))
                {
                    Assert.DoesNotContain(key, body, StringComparison.Ordinal);
                }
            }
        }

        return status;
    }

    [Fact]
    public void Hostile_document_requests_in_process()
    {
        var seed = FuzzTests.Seed();
        output.WriteLine("fuzz seed " + seed + " (WEBFINGER_FUZZ_SEED=" + seed + " replays it)");
        var rng = new Random(seed);
        var statuses = new Dictionary<int, int>();
        var names = 0;
        for (var i = 0; i < 6000; i++)
        {
            var ev = HostileEvent(rng);
            var context = "seed " + seed + ", case " + i + ", event " + ev[..Math.Min(ev.Length, 300)];
            FunctionResult invocation;
            try
            {
                invocation = DocumentsConfig.Function.Invoke(Encoding.UTF8.GetBytes(ev));
            }
            catch (Exception e)
            {
                Assert.Fail(context + ": threw " + e);
                throw;
            }

            var status = CheckResponse(Encoding.UTF8.GetString(invocation.ResponseJson), ev, context);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            names += invocation.Response.Decision == Routing.RouteDecision.NostrName ? 1 : 0;
            _ = WebfingerFunction.LogLine(invocation, "id", null, 1);
        }

        output.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(k => k.Key).Select(k => k.Key + "×" + k.Value)) + "; nostr names found: " + names);
        foreach (var expected in new[] { 200, 204, 400, 404, 405 })
        {
            Assert.True(statuses.GetValueOrDefault(expected) > 15, "seed " + seed + ": too few " + expected + " answers");
        }

        Assert.True(names > 15, "seed " + seed + ": too few nostr names found: " + names);
    }

    [Fact]
    public void The_checks_can_fail()
    {
        const string ev = """{"rawPath":"/.well-known/nostr.json","rawQueryString":"name=bob"}""";
        const string twoNames = """{"statusCode":200,"headers":{"Content-Type":"application/json","Access-Control-Allow-Origin":"*"},"body":"{\"names\":{\"bob\":\"x\",\"alice\":\"y\"}}"}""";
        Assert.ThrowsAny<Exception>(() => CheckResponse(twoNames, ev, "self-test"));
        var leaked = "{\"statusCode\":200,\"headers\":{\"Content-Type\":\"application/json\",\"Access-Control-Allow-Origin\":\"*\"},\"body\":\"{\\\"names\\\":{},\\\"x\\\":\\\"" + DocumentsConfig.AliceKey + "\\\"}\"}";
        Assert.ThrowsAny<Exception>(() => CheckResponse(leaked, ev, "self-test"));
        const string redirect = """{"statusCode":301,"headers":{"Location":"https://x.example/","Access-Control-Allow-Origin":"*"},"body":""}""";
        Assert.ThrowsAny<Exception>(() => CheckResponse(redirect, ev, "self-test"));
        const string noCors = """{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\"names\":{}}"}""";
        Assert.ThrowsAny<Exception>(() => CheckResponse(noCors, ev, "self-test"));
    }
}
