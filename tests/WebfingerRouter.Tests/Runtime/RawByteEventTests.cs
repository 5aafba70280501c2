using System.Text;
using System.Text.Json;
using EdgeRouter.LocalRuntimeApi;
using Xunit;
using Xunit.Abstractions;

namespace EdgeRouter.Webfinger.Tests.Runtime;

/// <summary>Events no JSON writer emits, as raw bytes, through the built Native AOT <c>bootstrap</c>: strings that
/// are well-formed JSON but not Unicode (lone surrogate escapes, invalid UTF-8) in every field the router reads (and
/// some it does not), deep nesting, huge numbers, duplicate keys, wrong types. After each one the process must
/// have posted to /response or /error, and it must answer the next invocation.</summary>
public class RawByteEventTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The slot <c>@@</c> is where the bad bytes go; each template is otherwise a valid event that the
    /// router answers 301 (alice at Mastodon).</summary>
    public static readonly Dictionary<string, string> Templates = new()
    {
        ["v2 version"] = """{"version":"2.@@","rawPath":"/.well-known/webfinger","rawQueryString":"resource=acct%3Aalice%40example.com","requestContext":{"stage":"$default","http":{"method":"GET"}}}""",
        ["v2 method"] = """{"version":"2.0","rawPath":"/.well-known/webfinger","rawQueryString":"resource=acct%3Aalice%40example.com","requestContext":{"stage":"$default","http":{"method":"GE@@"}}}""",
        ["v2 rawPath"] = """{"version":"2.0","rawPath":"/.well-known/webfinger@@","rawQueryString":"resource=acct%3Aalice%40example.com","requestContext":{"stage":"$default","http":{"method":"GET"}}}""",
        ["v2 http.path"] = """{"version":"2.0","rawQueryString":"resource=acct%3Aalice%40example.com","requestContext":{"stage":"$default","http":{"method":"GET","path":"/.well-known/webfinger@@"}}}""",
        ["v2 rawQueryString"] = """{"version":"2.0","rawPath":"/.well-known/webfinger","rawQueryString":"resource=acct%3Aalice%40example.com@@","requestContext":{"stage":"$default","http":{"method":"GET"}}}""",
        ["v2 stage"] = """{"version":"2.0","rawPath":"/.well-known/webfinger","rawQueryString":"resource=acct%3Aalice%40example.com","requestContext":{"stage":"prod@@","http":{"method":"GET"}}}""",
        ["v2 query parameter name"] = """{"version":"2.0","rawPath":"/.well-known/webfinger","queryStringParameters":{"resource":"acct:alice@example.com","x@@":"1"},"requestContext":{"stage":"$default","http":{"method":"GET"}}}""",
        ["v2 query parameter value"] = """{"version":"2.0","rawPath":"/.well-known/webfinger","queryStringParameters":{"resource":"acct:alice@example.com@@"},"requestContext":{"stage":"$default","http":{"method":"GET"}}}""",
        ["v2 header name"] = """{"version":"2.0","rawPath":"/.well-known/webfinger","rawQueryString":"resource=acct%3Aalice%40example.com","headers":{"x-a@@":"1","accept":"*/*"},"requestContext":{"stage":"$default","http":{"method":"GET"}}}""",
        ["v2 header value"] = """{"version":"2.0","rawPath":"/.well-known/webfinger","rawQueryString":"resource=acct%3Aalice%40example.com","headers":{"x-origin-verify":"s@@","accept":"*/*"},"requestContext":{"stage":"$default","http":{"method":"GET"}}}""",
        ["v2 cookie"] = """{"version":"2.0","rawPath":"/.well-known/webfinger","rawQueryString":"resource=acct%3Aalice%40example.com","cookies":["a=@@"],"requestContext":{"stage":"$default","http":{"method":"GET"}}}""",
        ["v2 body"] = """{"version":"2.0","rawPath":"/.well-known/webfinger","rawQueryString":"resource=acct%3Aalice%40example.com","body":"@@","isBase64Encoded":false,"requestContext":{"stage":"$default","http":{"method":"GET"}}}""",
        ["v2 unknown member name"] = """{"version":"2.0","rawPath":"/.well-known/webfinger","rawQueryString":"resource=acct%3Aalice%40example.com","requestContext":{"stage":"$default","http":{"method":"GET"}},"z@@":1}""",
        ["v1 httpMethod"] = """{"httpMethod":"GE@@","path":"/.well-known/webfinger","multiValueQueryStringParameters":{"resource":["acct:alice@example.com"]},"requestContext":{"stage":"prod"}}""",
        ["v1 path"] = """{"httpMethod":"GET","path":"/.well-known/webfinger@@","multiValueQueryStringParameters":{"resource":["acct:alice@example.com"]},"requestContext":{"stage":"prod"}}""",
        ["v1 multi-value name"] = """{"httpMethod":"GET","path":"/.well-known/webfinger","multiValueQueryStringParameters":{"resource":["acct:alice@example.com"],"r@@":["x"]},"requestContext":{"stage":"prod"}}""",
        ["v1 multi-value value"] = """{"httpMethod":"GET","path":"/.well-known/webfinger","multiValueQueryStringParameters":{"resource":["acct:alice@example.com@@"]},"requestContext":{"stage":"prod"}}""",
        ["v1 single-value name"] = """{"httpMethod":"GET","path":"/.well-known/webfinger","queryStringParameters":{"resource":"acct:alice@example.com","r@@":"x"},"requestContext":{"stage":"prod"}}""",
        ["v1 single-value value"] = """{"httpMethod":"GET","path":"/.well-known/webfinger","queryStringParameters":{"resource":"acct:alice@example.com@@"},"requestContext":{"stage":"prod"}}""",
        ["v1 header value"] = """{"httpMethod":"GET","path":"/.well-known/webfinger","headers":{"accept":"@@"},"multiValueHeaders":{"accept":["@@"]},"queryStringParameters":{"resource":"acct:alice@example.com"},"requestContext":{"stage":"prod@@"}}""",
    };

    /// <summary>Bytes that are valid inside a JSON string's quotes to a tokenizer but are not Unicode.</summary>
    public static readonly Dictionary<string, byte[]> BadStrings = new()
    {
        ["lone high escape"] = Encoding.ASCII.GetBytes("\\ud800"),
        ["lone low escape"] = Encoding.ASCII.GetBytes("\\udfff"),
        ["high then non-low"] = Encoding.ASCII.GetBytes("\\ud800\\u0041"),
        ["two highs"] = Encoding.ASCII.GetBytes("\\udbff\\udbff"),
        ["low then high"] = Encoding.ASCII.GetBytes("\\udc00\\ud800"),
        ["overlong C0 80"] = [0xC0, 0x80],
        ["byte FF"] = [0xFF],
        ["byte FE"] = [0xFE],
        ["lone continuation"] = [0x80],
        ["truncated 3-byte"] = [0xE2, 0x82],
        ["truncated 2-byte"] = [0xC3],
        ["encoded surrogate ED A0 80"] = [0xED, 0xA0, 0x80],
        ["above U+10FFFF"] = [0xF4, 0x90, 0x80, 0x80],
        ["5-byte form"] = [0xF8, 0x88, 0x80, 0x80, 0x80],
        ["raw high surrogate then escape low"] = [0xED, 0xA0, 0x80, (byte)'\\', (byte)'u', (byte)'d', (byte)'c', (byte)'0', (byte)'0'],
    };

    /// <summary>Payloads that are not events, or are events with the wrong shapes.</summary>
    public static readonly Dictionary<string, string> Shapes = new()
    {
        ["empty"] = "",
        ["null"] = "null",
        ["number"] = "1e999999",
        ["huge integer"] = new string('9', 5000),
        ["string"] = "\"" + new string('a', 10_000) + "\"",
        ["BOM then event"] = "\uFEFF{\"version\":\"2.0\"}",
        ["truncated"] = """{"version":"2.0","rawPath":"/.well-known/webf""",
        ["deep arrays"] = "{\"version\":\"2.0\",\"x\":" + new string('[', 100_000) + new string(']', 100_000) + "}",
        ["deep objects"] = "{\"version\":\"2.0\",\"x\":" + string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000) + "}",
        ["huge number as method"] = """{"version":"2.0","rawPath":"/.well-known/webfinger","requestContext":{"http":{"method":1e999999}}}""",
        ["huge number as version"] = """{"version":123456789012345678901234567890123456789e300,"httpMethod":"GET","path":"/.well-known/webfinger"}""",
        ["number as rawPath"] = """{"version":"2.0","rawPath":-0.0e-99999,"requestContext":{"http":{"method":"GET"}}}""",
        ["array as requestContext"] = """{"version":"2.0","rawPath":"/.well-known/webfinger","requestContext":[]}""",
        ["string as http"] = """{"version":"2.0","rawPath":"/.well-known/webfinger","requestContext":{"http":"GET"}}""",
        ["object as rawQueryString"] = """{"version":"2.0","rawPath":"/.well-known/webfinger","rawQueryString":{},"requestContext":{"http":{"method":"GET"}}}""",
        ["array as stage"] = """{"version":"2.0","rawPath":"/.well-known/webfinger","rawQueryString":"","requestContext":{"stage":[],"http":{"method":"GET"}}}""",
        ["bool as httpMethod"] = """{"httpMethod":true,"path":"/.well-known/webfinger"}""",
        ["numbers in multi-value"] = """{"httpMethod":"GET","path":"/.well-known/webfinger","multiValueQueryStringParameters":{"resource":[1,null,{},["acct:alice@example.com"]]}}""",
        ["string as multi-value list"] = """{"httpMethod":"GET","path":"/.well-known/webfinger","multiValueQueryStringParameters":{"resource":"acct:alice@example.com"}}""",
        ["null single values"] = """{"httpMethod":"GET","path":"/.well-known/webfinger","queryStringParameters":{"resource":null,"rel":5}}""",
        ["duplicate keys"] = """{"version":"2.0","rawPath":"/x","rawPath":"/.well-known/webfinger","rawQueryString":"resource=acct%3Aalice%40example.com","rawQueryString":"resource=acct%3Aeve%40evil.test","requestContext":{"http":{"method":"GET"},"http":{"method":"POST"}}}""",
        ["duplicate query names"] = """{"version":"2.0","rawPath":"/.well-known/webfinger","queryStringParameters":{"resource":"acct:alice@example.com","resource":"acct:bob@example.com"},"requestContext":{"http":{"method":"GET"}}}""",
        ["both formats"] = """{"version":"1.0","httpMethod":"GET","path":"/.well-known/webfinger","rawPath":"/.well-known/webfinger","requestContext":{"http":{"method":"GET"}}}""",
        ["long method"] = "{\"version\":\"2.0\",\"rawPath\":\"/.well-known/webfinger\",\"requestContext\":{\"http\":{\"method\":\"" + new string('G', 15) + "\\ud83d\\ude00\"}}}",
        ["long path with pair at the cut"] = "{\"version\":\"2.0\",\"rawPath\":\"/" + new string('p', 254) + "\\ud83d\\ude00\",\"requestContext\":{\"http\":{\"method\":\"GET\"}}}",
    };

    public static TheoryData<string> TemplateNames() => [.. Templates.Keys];

    /// <summary>Every bad string in one field of one template, one after the other, then a good event: each posts
    /// and the process lives on.</summary>
    [Theory]
    [MemberData(nameof(TemplateNames))]
    public async Task Invalid_unicode_in_a_field_ends_in_a_post_and_the_next_event_is_served(string template)
    {
        await using var fn = await LocalLambda.StartAsync(Artifacts.AotBootstrap, Artifacts.Env());
        using var cts = new CancellationTokenSource(Timeout);
        var (before, after) = Split(Templates[template]);
        foreach (var (name, bad) in BadStrings)
        {
            var payload = before.Concat(bad).Concat(after).ToArray();
            var result = await PostOf(fn, payload, template + " / " + name, cts.Token);
            output.WriteLine($"{template} / {name}: {(result.IsError ? "error " + result.ErrorType : "status " + ProxyResult.Parse(result.Payload).StatusCode)}");
            await ServesTheNext(fn, template + " / " + name, cts.Token);
        }
    }

    [Fact]
    public async Task Wrong_shapes_deep_nesting_huge_numbers_and_duplicate_keys_end_in_a_post()
    {
        await using var fn = await LocalLambda.StartAsync(Artifacts.AotBootstrap, Artifacts.Env());
        using var cts = new CancellationTokenSource(Timeout);
        foreach (var (name, json) in Shapes)
        {
            var result = await PostOf(fn, Encoding.UTF8.GetBytes(json), name, cts.Token);
            output.WriteLine($"{name}: {(result.IsError ? "error " + result.ErrorType + " " + result.Payload : "status " + ProxyResult.Parse(result.Payload).StatusCode)}");
            await ServesTheNext(fn, name, cts.Token);
        }

        // The log line of an answered event is JSON even when a surrogate pair straddles the cut.
        var lines = fn.StandardOutputLines.Where(l => l.Contains("\"path\":\"/ppp", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            Assert.Equal(255, JsonDocument.Parse(line).RootElement.GetProperty("path").GetString()!.Length);
        }
    }

    /// <summary>Seeded random byte mutations of valid events (invalid UTF-8, surrogate escapes, structure bytes),
    /// bounded in count and time; set WEBFINGER_FUZZ_SEED to replay.</summary>
    [Fact]
    public async Task Seeded_raw_byte_fuzz_through_the_process()
    {
        var seed = FuzzTests.Seed();
        output.WriteLine("fuzz seed " + seed + " (WEBFINGER_FUZZ_SEED=" + seed + " replays it)");
        var rng = new Random(seed);
        byte[][] pieces =
        [
            [0xC0, 0x80], [0xFF], [0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC3],
            "\\ud800"u8.ToArray(), "\\udfff"u8.ToArray(), "\\ud800\\u0041"u8.ToArray(), "\\u0000"u8.ToArray(), "\""u8.ToArray(),
            "\\"u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), ","u8.ToArray(), ":"u8.ToArray(), "1e999"u8.ToArray(),
            "%ff"u8.ToArray(), "%ED%A0%80"u8.ToArray(), "&resource=acct:x@example.com"u8.ToArray(), ";"u8.ToArray(),
            "\u00e9"u8.ToArray(), "\U0001F600"u8.ToArray(),
        ];
        var templates = Templates.Values.Select(t => Encoding.UTF8.GetBytes(t.Replace("@@", "", StringComparison.Ordinal))).ToArray();
        await using var fn = await LocalLambda.StartAsync(Artifacts.AotBootstrap, Artifacts.Env());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cases = 0;
        for (; cases < 1500 && clock.Elapsed < TimeSpan.FromSeconds(30); cases++)
        {
            var bytes = templates[rng.Next(templates.Length)].ToList();
            var mutations = rng.Next(1, 6);
            for (var m = 0; m < mutations; m++)
            {
                var at = rng.Next(bytes.Count + 1);
                switch (rng.Next(4))
                {
                    case 0: bytes.InsertRange(at, pieces[rng.Next(pieces.Length)]); break;
                    case 1 when at < bytes.Count: bytes[at] = (byte)rng.Next(256); break;
                    case 2 when at < bytes.Count: bytes.RemoveAt(at); break;
                    default: bytes.Insert(at, (byte)rng.Next(0x80, 0x100)); break;
                }
            }

            await PostOf(fn, [.. bytes], "seed " + seed + ", case " + cases, cts.Token);
            if (cases % 50 == 49)
            {
                await ServesTheNext(fn, "seed " + seed + ", case " + cases, cts.Token);
            }
        }

        output.WriteLine($"{cases} cases in {clock.Elapsed.TotalSeconds:0.0} s");
        await ServesTheNext(fn, "seed " + seed + ", end", cts.Token);
    }

    private static (byte[] Before, byte[] After) Split(string template)
    {
        var at = template.IndexOf("@@", StringComparison.Ordinal);
        return (Encoding.UTF8.GetBytes(template[..at]), Encoding.UTF8.GetBytes(template[(at + 2)..].Replace("@@", "", StringComparison.Ordinal)));
    }

    /// <summary>Sends <paramref name="payload"/>; the process must post an answer (a proxy response below 500) or an
    /// invocation error of a known type, and stay alive.</summary>
    private static async Task<InvocationResult> PostOf(LocalLambda fn, byte[] payload, string what, CancellationToken ct)
    {
        InvocationResult result;
        try
        {
            result = await fn.InvokeAsync(new Invocation("") { EventBytes = payload }, ct);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{what}: no post to /response or /error ({e.GetType().Name}: {e.Message}); exited: {fn.Exited.IsCompleted}; stderr: {fn.StandardError}");
        }

        if (result.IsError)
        {
            Assert.True(result.ErrorType == "InvalidEvent", $"{what}: error type {result.ErrorType}: {result.Payload}");
            var report = JsonDocument.Parse(result.Payload).RootElement;
            Assert.Equal("InvalidEvent", report.GetProperty("errorType").GetString());
            Assert.False(string.IsNullOrEmpty(report.GetProperty("errorMessage").GetString()));
        }
        else
        {
            var proxy = ProxyResult.Parse(result.Payload);
            Assert.True(proxy.StatusCode is >= 200 and < 500, $"{what}: status {proxy.StatusCode}");
        }

        Assert.False(fn.Exited.IsCompleted, what + ": the process exited: " + fn.StandardError);
        return result;
    }

    private static async Task ServesTheNext(LocalLambda fn, string after, CancellationToken ct)
    {
        var ev = ApiGatewayEvents.HttpApiV2("GET", "/.well-known/webfinger", "resource=acct%3Aalice%40example.com", []);
        InvocationResult next;
        try
        {
            next = await fn.InvokeAsync(ev, ct);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"after {after}: the next event was not served ({e.GetType().Name}); stderr: {fn.StandardError}");
        }

        Assert.False(next.IsError, after + ": " + next.Payload);
        Assert.Equal(301, ProxyResult.Parse(next.Payload).StatusCode);
    }
}
