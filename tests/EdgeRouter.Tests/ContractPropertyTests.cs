using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EdgeRouter.Webfinger.Contract;
using Xunit.Abstractions;

namespace EdgeRouter.Tests;

/// <summary>
/// The configuration contract as a property: for generated router variables (valid ones, near-valid ones that break
/// one rule each, and random structures), real <c>terraform plan</c> on the stack's own variable blocks accepts them
/// exactly when the built router (the Native AOT <c>bootstrap</c>, given the <c>WEBFINGER_CONFIG</c> the stack's own
/// expression makes of them) starts without a configuration problem; and when both refuse, every problem the router
/// logs is one that plan reported, in the same words (the router reports the first problems of a section only).
/// </summary>
/// <remarks>
/// Terraform starts in about a second and evaluates a module instance in about 0.1 s of CPU, so all cases go through
/// two runs: <c>plan</c> of one module call per case (the stack's variable blocks, validations included: a failing case
/// is known by its module's name in the diagnostic), and <c>apply</c> of the same calls to a copy without validations
/// (the <c>WEBFINGER_CONFIG</c> of every case, as outputs). Seeded, bounded in count; prints the counts.
/// </remarks>
public sealed class ContractPropertyTests(DefaultEdgeFixture fixture, ITestOutputHelper output) : IClassFixture<DefaultEdgeFixture>
{
    private const int Seed = 19;
    private const int RandomCases = 16;
    private const string Key = "b0635d6a9851d3aed0cd6c495b282167acf761729078d975fc341b22650b07b9";

    private static readonly string[] Names = [.. ConfigRules.Variables.Select(v => v.Variable)];

    [Fact]
    public async Task Plan_accepts_exactly_what_the_built_router_starts_with()
    {
        var clock = Stopwatch.StartNew();
        var cases = Cases(new Random(Seed));
        var (planErrors, configs) = RunTerraform(cases);
        var tfTime = clock.Elapsed;

        var accepted = 0;
        var refused = 0;
        var bootstrap = Bootstrap();
        using var gate = new SemaphoreSlim(4);
        var results = await Task.WhenAll(cases.Select(async (c, i) =>
        {
            await gate.WaitAsync();
            try
            {
                return await RouterProblems(bootstrap, configs[i]);
            }
            finally
            {
                gate.Release();
            }
        }));

        var failures = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var plan = planErrors.TryGetValue(i, out var messages) ? messages : [];
            var router = results[i];
            if (plan.Count == 0 && router.Count == 0)
            {
                accepted++;
            }
            else if (plan.Count > 0 && router.Count > 0 && router.All(plan.Contains))
            {
                refused++;
            }
            else
            {
                failures.Add($"case {i} ({cases[i].Label}): plan says [{string.Join(" | ", plan)}], the router says [{string.Join(" | ", router)}]; config {configs[i]}");
            }
        }

        output.WriteLine($"contract: {cases.Count} configurations (seed {Seed}): {accepted} accepted by both, {refused} refused by both with the router's " +
            $"messages among plan's, {failures.Count} disagreements; terraform {tfTime.TotalSeconds:F1} s, bootstraps {(clock.Elapsed - tfTime).TotalSeconds:F1} s");
        Console.WriteLine($"contract: {cases.Count} cases, {accepted} accepted, {refused} refused, {failures.Count} disagreements, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(accepted >= 10 && refused >= 60, $"too few of a kind: {accepted} accepted, {refused} refused");
    }

    /// <summary>One configuration: the router variables it sets (JSON values).</summary>
    private sealed record Case(string Label, Dictionary<string, JsonNode?> Values);

    // --- generation ---------------------------------------------------------------------------------------------

    private static JsonObject Jrd(string subject) => new()
    {
        ["subject"] = subject,
        ["aliases"] = new JsonArray("https://example.com/@x"),
        ["properties"] = new JsonObject { ["http://schema.org/name"] = "Zoë 😀", ["http://example.com/empty"] = null },
        ["links"] = new JsonArray(
            new JsonObject { ["rel"] = "self", ["type"] = "application/activity+json", ["href"] = "https://example.com/x" },
            new JsonObject { ["rel"] = "http://webfinger.net/rel/profile-page", ["titles"] = new JsonObject { ["en"] = "X", ["und"] = "" } },
            new JsonObject { ["rel"] = "http://ostatus.org/schema/1.0/subscribe", ["template"] = "https://example.com/follow?uri={uri}" },
            new JsonObject { ["rel"] = "x", ["properties"] = new JsonObject { ["p:q"] = null, ["p:r"] = "v" } }),
    };

    private static Dictionary<string, JsonNode?> Valid() => new()
    {
        ["webfinger_domain"] = "example.com",
        ["mastodon_host"] = "mastodon.example.com",
        ["mastodon_accounts"] = new JsonArray("alice", "A.b-c_d"),
        ["oidc_issuer"] = "https://auth.example.com:8443/realms/main%20x/",
        ["oidc_accounts"] = new JsonArray("bob", "john+work"),
        ["atproto_did"] = "did:plc:ewvi7nxzyoun6zhxrhs64oiz",
        ["matrix_server"] = "[2001:db8::1]:8448",
        ["matrix_client_base_url"] = "https://matrix.example.com",
        ["nostr_names"] = new JsonObject { ["bob"] = Key, ["_"] = Key },
        ["nostr_relays"] = new JsonObject { [Key] = new JsonArray("wss://relay.example.com/x") },
        ["webfinger_resources"] = new JsonObject
        {
            ["acct:carol@example.com"] = Jrd("acct:carol@example.com"),
            ["ACCT:john+work@EXAMPLE.com"] = Jrd("acct:john+work@example.com"),
            ["https://example.com/zoë😀"] = new JsonObject { ["subject"] = "https://example.com/zoë😀" },
        },
    };

    /// <summary>Each a one-rule break of <see cref="Valid"/>: (label, variable, change).</summary>
    private static IEnumerable<(string Label, Action<Dictionary<string, JsonNode?>> Break)> Mutations()
    {
        static Action<Dictionary<string, JsonNode?>> Set(string name, JsonNode? value) => v => v[name] = value?.DeepClone();
        static Action<Dictionary<string, JsonNode?>> Jrd(Action<JsonObject> change) =>
            v => change(v["webfinger_resources"]!["acct:carol@example.com"]!.AsObject());
        static Action<Dictionary<string, JsonNode?>> Link(Action<JsonObject> change) =>
            v => change(v["webfinger_resources"]!["acct:carol@example.com"]!["links"]![0]!.AsObject());
        static Action<Dictionary<string, JsonNode?>> ResourceKey(string key) =>
            v => v["webfinger_resources"]!.AsObject()[key] = new JsonObject { ["subject"] = "s:x" };

        foreach (var host in new[] { "Example.com", "https://example.com", "example.com.", "localhost", "example.com:443", "a_b.example.com", new string('a', 64) + ".com", string.Join(".", Enumerable.Repeat(new string('a', 60), 5)) + ".com", "-a.example.com", "a..example.com", "exämple.com", "1.2.3.4" })
        {
            yield return ("webfinger_domain " + host, Set("webfinger_domain", host));
            yield return ("mastodon_host " + host, Set("mastodon_host", host));
        }

        foreach (var name in new[] { "a@b", "", "a b", new string('a', 65), "zoë", "a:b" })
        {
            yield return ("mastodon_accounts " + name, Set("mastodon_accounts", new JsonArray("alice", name)));
            yield return ("oidc_accounts " + name, Set("oidc_accounts", new JsonArray(name)));
        }

        foreach (var url in new[] { "http://auth.example.com", "https://auth.example.com?x=1", "https://auth.example.com#f", "https://u:p@auth.example.com", "https://Auth.example.com", "https://auth.example.com/a|b", "https://a..example.com", "https://auth.example.com:70000", "https://auth.example.com:0", "https://auth.example.com/é", "https://auth.example.com/a b", "https://auth.example.com/%zz", "https://auth.example.com/" + new string('a', 1010), "auth.example.com" })
        {
            yield return ("oidc_issuer " + url[..Math.Min(40, url.Length)], Set("oidc_issuer", url));
            yield return ("matrix_client_base_url " + url[..Math.Min(40, url.Length)], Set("matrix_client_base_url", url));
        }

        foreach (var did in new[] { "did:plc:short", "did:plc:EWVI7NXZYOUN6ZHXRHS64OIZ", "did:web:example.com:8080", "did:web:localhost", "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz", "did:web:" + string.Join(".", Enumerable.Repeat(new string('a', 60), 5)) + ".com" })
        {
            yield return ("atproto_did " + did[..Math.Min(40, did.Length)], Set("atproto_did", did));
        }

        foreach (var server in new[] { "https://matrix.example.com", "matrix.example.com/x", "matrix.example.com:70000", "[::zz]", "[1:2]", "Matrix.example.com", "matrix.example.com:0", string.Join(".", Enumerable.Repeat(new string('a', 60), 5)) })
        {
            yield return ("matrix_server " + server[..Math.Min(40, server.Length)], Set("matrix_server", server));
        }

        yield return ("nostr_names upper-case name", Set("nostr_names", new JsonObject { ["Bob"] = Key }));
        yield return ("nostr_names npub", Set("nostr_names", new JsonObject { ["bob"] = "npub1kp34m25c28f6a5xddjy4kgrpv0z8wctj0y9h9rac8sm0ajsxq7ukqm0ajr" }));
        yield return ("nostr_names long name", Set("nostr_names", new JsonObject { [new string('a', 65)] = Key }));
        yield return ("nostr_names empty name", Set("nostr_names", new JsonObject { [""] = Key }));
        // Not here: a relay key that is no name's key. That rule refers to nostr_names, and Terraform 1.11 does not
        // evaluate a validation that refers to another variable on a module call's inputs (measured: plan passes);
        // the stack is a root module, where it is evaluated (WellKnownDocumentVariableTests plans it).
        yield return ("nostr_relays ws://", Set("nostr_relays", new JsonObject { [Key] = new JsonArray("ws://r.example.com") }));
        yield return ("nostr_relays query", Set("nostr_relays", new JsonObject { [Key] = new JsonArray("wss://r.example.com/?x") }));

        foreach (var key in new[] { "acct:a b@example.com", "carol", "1acct:x", "acct:", "acct:x\u0001y", "acct:x\u2028y", "acct:\u00a0x", "acct:x\u3000", "a:" + new string('x', 1023), "a:" + string.Concat(Enumerable.Repeat("😀", 511)) + "x" })
        {
            yield return ("resource key " + JsonSerializer.Serialize(key[..Math.Min(20, key.Length)]), ResourceKey(key));
        }

        yield return ("resource key of 1024 UTF-16 units, astral", ResourceKey("a:" + string.Concat(Enumerable.Repeat("😀", 511))));
        yield return ("resource key of 1024 characters", ResourceKey("a:" + new string('x', 1022)));
        yield return ("jrd is a string", v => v["webfinger_resources"]!["acct:carol@example.com"] = "acct:carol@example.com");
        yield return ("jrd is a list", v => v["webfinger_resources"]!["acct:carol@example.com"] = new JsonArray());
        yield return ("jrd is null", v => v["webfinger_resources"]!["acct:carol@example.com"] = null);
        yield return ("jrd is a number", v => v["webfinger_resources"]!["acct:carol@example.com"] = 5);
        yield return ("resources is a list", Set("webfinger_resources", new JsonArray(new JsonObject { ["subject"] = "s:x" })));
        yield return ("resources is a string", Set("webfinger_resources", "x"));
        yield return ("subject missing", Jrd(j => j.Remove("subject")));
        yield return ("subject empty", Jrd(j => j["subject"] = ""));
        yield return ("subject number", Jrd(j => j["subject"] = 5));
        yield return ("subject null", Jrd(j => j["subject"] = null));
        yield return ("unknown jrd key", Jrd(j => j["alias"] = new JsonArray("x")));
        yield return ("aliases not a list", Jrd(j => j["aliases"] = "x"));
        yield return ("alias empty", Jrd(j => j["aliases"] = new JsonArray("")));
        yield return ("alias number", Jrd(j => j["aliases"] = new JsonArray(1)));
        yield return ("alias null", Jrd(j => j["aliases"] = new JsonArray((JsonNode?)null)));
        yield return ("properties a list", Jrd(j => j["properties"] = new JsonArray("x")));
        yield return ("property number", Jrd(j => j["properties"] = new JsonObject { ["p:x"] = 5 }));
        yield return ("property bool", Jrd(j => j["properties"] = new JsonObject { ["p:x"] = true }));
        yield return ("property object", Jrd(j => j["properties"] = new JsonObject { ["p:x"] = new JsonObject() }));
        yield return ("links not a list", Jrd(j => j["links"] = new JsonObject()));
        yield return ("link null", Jrd(j => j["links"] = new JsonArray((JsonNode?)null)));
        yield return ("link a string", Jrd(j => j["links"] = new JsonArray("self")));
        yield return ("link with ref for rel", Link(l => { l.Remove("rel"); l["ref"] = "self"; }));
        yield return ("rel missing", Link(l => l.Remove("rel")));
        yield return ("rel empty", Link(l => l["rel"] = ""));
        yield return ("rel number", Link(l => l["rel"] = 1));
        yield return ("type number", Link(l => l["type"] = 1));
        yield return ("href list", Link(l => l["href"] = new JsonArray()));
        yield return ("titles a string", Link(l => l["titles"] = "x"));
        yield return ("title null", Link(l => l["titles"] = new JsonObject { ["en"] = null }));
        yield return ("title number", Link(l => l["titles"] = new JsonObject { ["en"] = 1 }));
        yield return ("link property number", Link(l => l["properties"] = new JsonObject { ["p:x"] = 1 }));
        yield return ("template number", Link(l => l["template"] = 1));
    }

    /// <summary>A JSON value of random shape, within bounds, leaning towards what a JRD holds.</summary>
    private static JsonNode? RandomValue(Random rng, int depth)
    {
        var pick = rng.Next(depth >= 3 ? 5 : 8);
        string[] keys = ["subject", "aliases", "properties", "links", "rel", "type", "href", "titles", "template", "x"];
        return pick switch
        {
            0 => null,
            1 => rng.Next(3) == 0 ? "" : "s:" + rng.Next(100),
            2 => rng.Next(10),
            3 => rng.Next(2) == 0,
            4 => "https://example.com/" + rng.Next(100),
            5 => new JsonArray([.. Enumerable.Range(0, rng.Next(3)).Select(_ => RandomValue(rng, depth + 1))]),
            _ => new JsonObject(Enumerable.Range(0, rng.Next(4))
                .Select(_ => keys[rng.Next(keys.Length)]).Distinct()
                .Select(k => KeyValuePair.Create(k, RandomValue(rng, depth + 1)))),
        };
    }

    private static List<Case> Cases(Random rng)
    {
        var cases = new List<Case> { new("valid", Valid()) };
        cases.Add(new("valid, optional sections empty", new() { ["webfinger_domain"] = "example.org", ["mastodon_host"] = "", ["oidc_issuer"] = "", ["webfinger_resources"] = new JsonObject() }));
        foreach (var name in new[] { "mastodon_host", "oidc_issuer", "atproto_did", "matrix_server", "matrix_client_base_url" })
        {
            var values = Valid();
            values[name] = "";
            cases.Add(new("valid without " + name, values));
        }

        foreach (var (key, jrd) in new (string, JsonNode?)[]
        {
            ("mailto:Carol@Example.com", new JsonObject { ["subject"] = "mailto:carol@example.com", ["links"] = new JsonArray() }),
            ("urn:x:y", new JsonObject { ["subject"] = "urn:x:y", ["aliases"] = null, ["properties"] = null, ["links"] = null }),
            ("a:" + new string('x', 1022), new JsonObject { ["subject"] = "s:" + new string('y', 3000) }),
            ("acct:日本@example.com", new JsonObject { ["subject"] = "acct:日本@example.com", ["properties"] = new JsonObject { [""] = "" } }),
        })
        {
            var values = Valid();
            values["webfinger_resources"]!.AsObject()[key] = jrd;
            cases.Add(new("valid resource " + key[..Math.Min(20, key.Length)], values));
        }
        foreach (var (label, change) in Mutations())
        {
            var values = Valid();
            change(values);
            cases.Add(new(label, values));
        }

        for (var i = 0; i < RandomCases; i++)
        {
            var values = Valid();
            var jrd = RandomValue(rng, 0);
            if (jrd is JsonObject o && rng.Next(2) == 0)
            {
                o["subject"] = "s:" + i; // more of them valid
            }

            values["webfinger_resources"] = new JsonObject { ["acct:r" + i + "@example.com"] = jrd };
            cases.Add(new("random JRD " + i, values));
        }

        return cases;
    }

    // --- terraform ----------------------------------------------------------------------------------------------

    /// <summary>Plans every case with the stack's variable blocks (the module's name tells which case a diagnostic is
    /// about), then applies them to a copy without validations for the WEBFINGER_CONFIG each makes.</summary>
    private (Dictionary<int, HashSet<string>> PlanErrors, string[] Configs) RunTerraform(List<Case> cases)
    {
        var stack = fixture.Stack.Document;
        var function = fixture.Stack.Single("aws_lambda_function");
        var variables = new JsonObject();
        foreach (var name in Names)
        {
            variables[name] = stack["variable"]![name]!.DeepClone();
        }

        var module = new JsonObject
        {
            ["variable"] = variables,
            ["output"] = new JsonObject { ["config"] = new JsonObject { ["value"] = function["environment"]!["variables"]!["WEBFINGER_CONFIG"]!.DeepClone() } },
        };
        var unchecked_ = module.DeepClone().AsObject();
        foreach (var (_, v) in unchecked_["variable"]!.AsObject())
        {
            v!.AsObject().Remove("validation");
        }

        var dir = Directory.CreateTempSubdirectory("edge-router-contract-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "checked"));
            Directory.CreateDirectory(Path.Combine(dir, "unchecked"));
            File.WriteAllText(Path.Combine(dir, "checked", "main.tf.json"), module.ToJsonString());
            File.WriteAllText(Path.Combine(dir, "unchecked", "main.tf.json"), unchecked_.ToJsonString());
            var plan = Path.Combine(dir, "plan");
            var apply = Path.Combine(dir, "apply");
            Directory.CreateDirectory(plan);
            Directory.CreateDirectory(apply);
            File.WriteAllText(Path.Combine(plan, "main.tf"), Root(cases, "../checked", outputs: false));
            File.WriteAllText(Path.Combine(apply, "main.tf"), Root(cases, "../unchecked", outputs: true));

            Run(plan, "init", "-input=false", "-backend=false");
            var (_, planJson, _) = Terraform.RunIn(plan, "plan", "-json", "-input=false", "-lock=false", "-refresh=false");
            var errors = new Dictionary<int, HashSet<string>>();
            foreach (var line in planJson.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var entry = JsonNode.Parse(line)!;
                if (entry["type"]?.ToString() != "diagnostic" || entry["diagnostic"]!["severity"]!.ToString() != "error")
                {
                    continue;
                }

                var d = entry["diagnostic"]!;
                Assert.True(d["summary"]!.ToString() == "Invalid value for variable", d.ToJsonString());
                var context = d["snippet"]!["context"]!.ToString(); // module "c12"
                var index = int.Parse(context["module \"c".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
                var detail = d["detail"]!.ToString();
                detail = detail[..detail.LastIndexOf("\n\nThis was checked by", StringComparison.Ordinal)];
                (errors.TryGetValue(index, out var set) ? set : errors[index] = []).UnionWith(detail.Split('\n'));
            }

            Run(apply, "init", "-input=false", "-backend=false");
            Run(apply, "apply", "-auto-approve", "-input=false", "-lock=false", "-refresh=false");
            var (_, outputs, _) = Terraform.RunIn(apply, "output", "-json");
            var values = JsonNode.Parse(outputs)!;
            return (errors, [.. cases.Select((_, i) => values["c" + i]!["value"]!.ToString())]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Run(string dir, params string[] arguments)
    {
        var (code, stdout, stderr) = Terraform.RunIn(dir, arguments);
        Assert.True(code == 0, $"terraform {string.Join(' ', arguments)}: {stdout}{stderr}");
    }

    /// <summary>One module call per case, each value as <c>jsondecode("…")</c> of its JSON (a variables file in HCL
    /// gives the same types).</summary>
    private static string Root(List<Case> cases, string source, bool outputs)
    {
        var text = new StringBuilder();
        for (var i = 0; i < cases.Count; i++)
        {
            text.Append("module \"c").Append(i).Append("\" {\n  source = \"").Append(source).Append("\"\n");
            foreach (var (name, value) in cases[i].Values)
            {
                var json = value is null ? "null" : value.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                text.Append("  ").Append(name).Append(" = jsondecode(\"").Append(HclString(json)).Append("\")\n");
            }

            text.Append("}\n");
            if (outputs)
            {
                text.Append("output \"c").Append(i).Append("\" { value = module.c").Append(i).Append(".config }\n");
            }
        }

        return text.ToString();
    }

    private static string HclString(string s) =>
        s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("${", "$${", StringComparison.Ordinal).Replace("%{", "%%{", StringComparison.Ordinal);

    // --- the built router -----------------------------------------------------------------------------------------

    private static string Bootstrap()
    {
        var path = Environment.GetEnvironmentVariable("WEBFINGER_BOOTSTRAP") ?? Path.Combine(RepoRoot.Path, "build", "lambda", "linux-x64", "bootstrap");
        return File.Exists(path) ? path : throw new FileNotFoundException("run `make lambda` first (make test-synth does): no " + path, path);
    }

    /// <summary>The event of one GET, as API Gateway's HTTP API (payload 2.0) sends it.</summary>
    private const string Event = """
        {"version":"2.0","routeKey":"$default","rawPath":"/.well-known/webfinger","rawQueryString":"resource=acct:carol@example.com",
         "headers":{"host":"localhost"},"requestContext":{"http":{"method":"GET","path":"/.well-known/webfinger","protocol":"HTTP/1.1","sourceIp":"127.0.0.1"},
         "domainName":"localhost","requestId":"r","stage":"$default","timeEpoch":0},"isBase64Encoded":false}
        """;

    /// <summary>The problems the router logs at start-up with this configuration (as the stack deploys it: names from
    /// Terraform); it must also have answered a request. Empty when it accepted everything.</summary>
    private static async Task<List<string>> RouterProblems(string bootstrap, string config)
    {
        var (stdout, answer) = await OneInvocation.RunAsync(bootstrap, new Dictionary<string, string?>
        {
            ["WEBFINGER_CONFIG"] = config,
            ["WEBFINGER_CONFIG_SOURCE"] = "terraform",
        }, Event);
        Assert.True(answer is not null && answer.Contains("\"statusCode\":", StringComparison.Ordinal), "the router did not answer: " + string.Join("\n", stdout));
        return [.. stdout
            .Where(l => l.Contains("\"route\":\"config-problem\"", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("error").GetString()!)];
    }
}
