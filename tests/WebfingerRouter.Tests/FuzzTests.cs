using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeRouter.Webfinger.Events;
using Xunit;
using Xunit.Abstractions;

namespace EdgeRouter.Webfinger.Tests;

/// <summary>Thousands of hostile queries and events, from a printed seed (set WEBFINGER_FUZZ_SEED to replay one).
/// Properties: no exception but <see cref="InvalidEventException"/> for non-HTTP payloads; no 5xx; a redirect
/// always goes to https://mastodon.example.com/, is an RFC 3986 URI and carries the resource that was checked; no control character in any header.</summary>
public class FuzzTests(ITestOutputHelper output)
{
    internal const string MastodonPrefix = "https://mastodon.example.com/";

    private static readonly string[] Pieces =
    [
        "resource=", "rel=", "resource", "rel", "=", "&", "&&", "acct:", "acct%3A", "ACCT:", "@", "%40", "alice", "ALICE",
        "bob", "carol", "dave", "example.com", "EXAMPLE.COM", "mastodon.example.com", "evil.test", "//evil.test",
        "%2F%2Fevil.test", "@evil.test", "%40evil.test", "https://evil.test/", "http%3A%2F%2Fopenid.net%2Fspecs%2Fconnect%2F1.0%2Fissuer",
        "http://openid.net/specs/connect/1.0/issuer", "self", "%", "%%", "%2", "%zz", "%G1", "%0d%0a", "%0D%0ALocation:%20https://evil.test",
        "\r\n", "\r", "\n", "\0", "%00", "\t", " ", "+", "%20", "#", "?", ":", ":443", "\\", "%5C", "é", "%C3%A9", "%C3", "%FF", "%ED%A0%80",
        "%F0%9F%98%80", "😀", "\u2028", "\u0085", "%E2%80%A8", "\u007f", "%7F", "..", "/", ";", ",", "'", "\"", "<script>", "%3Cscript%3E",
        "\ud800", "Set-Cookie:", "x=y",
    ];

    private static readonly string[] Methods = ["GET", "GET", "GET", "GET", "HEAD", "OPTIONS", "POST", "DELETE", "get", "", "G\r\nET", "\0"];

    private static readonly string[] Paths =
    [
        "/.well-known/webfinger", "/.well-known/webfinger", "/.well-known/webfinger", "/.well-known/webfinger",
        "/.well-known/webfinger", "/.well-known/webfinger", "/.well-known/webfinger", "/.well-known/host-meta", "/.well-known/nodeinfo",
        "/", "", "/.well-known/webfinger/../host-meta", "//evil.test/.well-known/webfinger", "/.well-known/webfinger\r\n", "/\ud800",
        "/$default/.well-known/webfinger",
    ];

    public static int Seed()
    {
        var fixedSeed = Environment.GetEnvironmentVariable("WEBFINGER_FUZZ_SEED");
        return fixedSeed is not null ? int.Parse(fixedSeed, CultureInfo.InvariantCulture) : Random.Shared.Next();
    }

    internal static string HostileQuery(Random rng)
    {
        var sb = new StringBuilder();
        switch (rng.Next(6))
        {
            // A valid start half of the time, so that the hostile tail is tried against every rule.
            case 0: sb.Append("resource=acct%3Aalice%40example.com&"); break;
            case 1: sb.Append("resource=acct:bob@example.com&rel=http%3A%2F%2Fopenid.net%2Fspecs%2Fconnect%2F1.0%2Fissuer&"); break;
            case 2: sb.Append("resource=acct:carol@example.com&rel=self&"); break;
            default: break;
        }

        var n = rng.Next(0, 14);
        for (var i = 0; i < n; i++)
        {
            sb.Append(Pieces[rng.Next(Pieces.Length)]);
        }

        switch (rng.Next(40))
        {
            case 0: sb.Append(new string('a', rng.Next(1000, 20_000))); break;
            case 1: sb.Append(string.Concat(Enumerable.Repeat("&rel=self", rng.Next(20, 60)))); break;
            case 2: sb.Append(string.Concat(Enumerable.Repeat("%C3%A9", rng.Next(100, 900)))); break;
            case 3: sb.Append((char)rng.Next(0, 0x10000)); break;
            default: break;
        }

        return sb.ToString();
    }

    internal static string HostileHttpApiEvent(Random rng) => new JsonObject
    {
        ["version"] = "2.0",
        ["rawPath"] = Paths[rng.Next(Paths.Length)],
        ["rawQueryString"] = HostileQuery(rng),
        ["requestContext"] = new JsonObject
        {
            ["http"] = new JsonObject { ["method"] = Methods[rng.Next(Methods.Length)] },
            ["stage"] = rng.Next(4) == 0 ? "$default" : null,
        },
        ["headers"] = new JsonObject { ["host"] = "evil.test", ["x-forwarded-host"] = "evil.test" },
    }.ToJsonString();

    internal static string HostileRestEvent(Random rng)
    {
        var multi = new JsonObject();
        var count = rng.Next(0, 5);
        for (var i = 0; i < count; i++)
        {
            var values = new JsonArray();
            var vn = rng.Next(0, 4);
            for (var j = 0; j < vn; j++)
            {
                values.Add(rng.Next(3) == 0 ? "acct:alice@example.com" : Uri.UnescapeDataString(HostileQuery(rng).Replace("%", "", StringComparison.Ordinal)));
            }

            multi[rng.Next(2) == 0 ? "resource" : rng.Next(2) == 0 ? "rel" : HostileQuery(rng)] = values;
        }

        return new JsonObject
        {
            ["httpMethod"] = Methods[rng.Next(Methods.Length)],
            ["path"] = Paths[rng.Next(Paths.Length)],
            ["multiValueQueryStringParameters"] = count == 0 && rng.Next(2) == 0 ? null : multi,
        }.ToJsonString();
    }

    internal static string JunkEvent(Random rng)
    {
        string[] shapes =
        [
            "", "null", "[]", "{}", "42", "\"text\"", "{\"version\":\"2.0\"}", "{\"version\":\"2.0\",\"requestContext\":\"x\"}",
            "{\"version\":\"2.0\",\"requestContext\":{\"http\":{\"method\":5}}}", "{\"httpMethod\":\"GET\",\"path\":7}",
            "{\"httpMethod\":\"GET\",\"path\":\"/\",\"multiValueQueryStringParameters\":{\"a\":\"notarray\"}}",
            "{\"version\":\"2.0\",\"rawPath\":\"/.well-known/webfinger\",\"rawQueryString\":{},\"requestContext\":{\"http\":{\"method\":\"GET\"}}}",
            "{\"httpMethod\":\"GET\",\"path\":\"/.well-known/webfinger\",\"queryStringParameters\":{\"resource\":5}}",
            "{\"version\":\"2.0\"", "\u0000\u0001", "{\"a\":" + new string('[', 200),
        ];
        var s = shapes[rng.Next(shapes.Length)];
        if (rng.Next(3) == 0)
        {
            var bytes = new byte[rng.Next(0, 64)];
            rng.NextBytes(bytes);
            s = Encoding.Latin1.GetString(bytes);
        }

        return s;
    }

    /// <summary>Checks the properties on one proxy response; returns the status.</summary>
    internal static int CheckResponse(string responseJson, string eventJson, string context)
    {
        var root = JsonDocument.Parse(responseJson).RootElement;
        var status = root.GetProperty("statusCode").GetInt32();
        Assert.True(status is 200 or 204 or 301 or 400 or 404 or 405, context + ": status " + status);
        string? location = null;
        foreach (var h in root.GetProperty("headers").EnumerateObject())
        {
            var value = h.Value.GetString()!;
            Assert.True(IsHeaderSafe(h.Name) && IsHeaderSafe(value), context + ": unsafe header " + h.Name + ": " + JsonSerializer.Serialize(value));
            if (h.Name == "Location")
            {
                location = value;
            }
        }

        Assert.Equal("*", root.GetProperty("headers").GetProperty("Access-Control-Allow-Origin").GetString());
        if (status == 301)
        {
            Assert.NotNull(location);
            Assert.StartsWith(MastodonPrefix, location, StringComparison.Ordinal);
            var uri = new Uri(location);
            Assert.Equal("mastodon.example.com", uri.Host);
            Assert.Equal("https", uri.Scheme);
            Assert.True(uri.IsDefaultPort, context);
            Assert.True(string.IsNullOrEmpty(uri.UserInfo), context);
            Assert.True(Support.Rfc3986.IsUri(location), context + ": Location is not a URI: " + location);
            var ev = JsonDocument.Parse(eventJson).RootElement;
            if (ev.TryGetProperty("rawQueryString", out var raw) && location.StartsWith(MastodonPrefix + ".well-known/webfinger?", StringComparison.Ordinal))
            {
                // Mastodon (Rack) must read the resource the router checked.
                Assert.True(Routing.WebfingerQuery.TryParse(raw.GetString()!, "example.com", out var checkedQuery, out _), context);
                var rack = Support.RackQuery.Parse(location[(location.IndexOf('?', StringComparison.Ordinal) + 1)..]);
                Assert.True(rack?.GetValueOrDefault("resource") is Support.RackQuery.Text t && t.Value == checkedQuery!.Resource, context + ": " + location);
            }
        }
        else
        {
            Assert.Null(location);
        }

        var body = root.GetProperty("body").GetString()!;
        if (body.Length > 0)
        {
            JsonDocument.Parse(body).Dispose(); // every body is JSON
        }

        return status;
    }

    private static bool IsHeaderSafe(string s)
    {
        foreach (var c in s)
        {
            if (c < 0x20 || c >= 0x7f)
            {
                return false;
            }
        }

        return s.Length > 0;
    }

    [Fact]
    public void Hostile_queries_and_events_in_process()
    {
        var seed = Seed();
        output.WriteLine("fuzz seed " + seed + " (WEBFINGER_FUZZ_SEED=" + seed + " replays it)");
        var rng = new Random(seed);
        var statuses = new Dictionary<int, int>();
        for (var i = 0; i < 6000; i++)
        {
            var ev = i % 3 == 2 ? HostileRestEvent(rng) : HostileHttpApiEvent(rng);
            var context = "seed " + seed + ", case " + i + ", event " + ev[..Math.Min(ev.Length, 400)];
            FunctionResult invocation;
            try
            {
                invocation = TestConfig.Function.Invoke(Encoding.UTF8.GetBytes(ev));
            }
            catch (Exception e)
            {
                Assert.Fail(context + ": threw " + e);
                throw;
            }

            var status = CheckResponse(Encoding.UTF8.GetString(invocation.ResponseJson), ev, context);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            _ = WebfingerFunction.LogLine(invocation, "id", "trace", 1); // logging never throws either
        }

        for (var i = 0; i < 3000; i++)
        {
            var ev = JunkEvent(rng);
            try
            {
                var invocation = TestConfig.Function.Invoke(Encoding.UTF8.GetBytes(ev));
                CheckResponse(Encoding.UTF8.GetString(invocation.ResponseJson), ev, "seed " + seed + ", junk " + i);
            }
            catch (InvalidEventException)
            {
                // the one allowed outcome for a payload that is not an HTTP event
            }
            catch (Exception e)
            {
                Assert.Fail("seed " + seed + ", junk " + i + " " + JsonSerializer.Serialize(ev) + ": threw " + e);
            }
        }

        output.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(k => k.Key).Select(k => k.Key + "×" + k.Value)));
        // The generator must reach every interesting outcome, or the properties above prove little.
        foreach (var expected in new[] { 200, 301, 400, 404 })
        {
            Assert.True(statuses.GetValueOrDefault(expected) > 15, "seed " + seed + ": too few " + expected + " answers: " + statuses.GetValueOrDefault(expected));
        }
    }

    [Fact]
    public void The_redirect_check_catches_a_foreign_host()
    {
        // The property check itself must be able to fail.
        const string bad = """{"statusCode":301,"headers":{"Location":"https://mastodon.example.com.evil.test/x","Access-Control-Allow-Origin":"*"},"body":"","isBase64Encoded":false}""";
        Assert.ThrowsAny<Exception>(() => CheckResponse(bad, "{}", "self-test"));
        const string crlf = """{"statusCode":404,"headers":{"X":"a\r\nb","Access-Control-Allow-Origin":"*"},"body":"","isBase64Encoded":false}""";
        Assert.ThrowsAny<Exception>(() => CheckResponse(crlf, "{}", "self-test"));
        const string error = """{"statusCode":500,"headers":{"Access-Control-Allow-Origin":"*"},"body":"","isBase64Encoded":false}""";
        Assert.ThrowsAny<Exception>(() => CheckResponse(error, "{}", "self-test"));
    }
}
