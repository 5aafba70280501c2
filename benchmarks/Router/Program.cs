using System.Diagnostics;
using System.Globalization;
using System.Text;
using EdgeRouter.LocalRuntimeApi;
using EdgeRouter.Webfinger;
using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Requests;

// Usage: router-bench --aot build/lambda/publish/bootstrap --jit build/lambda/jit/bootstrap.dll
//                     --zip build/lambda/webfinger-router.zip [--out benchmarks/results/router.md] [--runs 9]
var options = ParseArgs(args);
var ci = CultureInfo.InvariantCulture;
const string Config = """
    {"domain":"example.com",
     "mastodon":{"host":"mastodon.example.com","accounts":["alice"]},
     "oidc":{"issuer":"https://auth.example.com","accounts":["alice","bob"]},
     "resources":{"acct:carol@example.com":{"subject":"acct:carol@example.com","aliases":["https://example.com/carol"],
       "links":[{"rel":"self","type":"application/activity+json","href":"https://example.com/carol"},
                {"rel":"http://webfinger.net/rel/profile-page","href":"https://example.com/@carol"}]}}}
    """;

var function = new WebfingerFunction(ConfigParser.Parse(Config));
var router = function.Router;
var kinds = new (string Name, RouterRequest Request)[]
{
    ("Mastodon redirect (301)", new("GET", "/.well-known/webfinger", "resource=acct%3Aalice%40example.com")),
    ("OIDC issuer (200 JRD)", new("GET", "/.well-known/webfinger", "resource=acct%3Abob%40example.com&rel=http%3A%2F%2Fopenid.net%2Fspecs%2Fconnect%2F1.0%2Fissuer")),
    ("Configured JRD + rel filter (200)", new("GET", "/.well-known/webfinger", "resource=acct:carol@example.com&rel=self")),
    ("Other host (404)", new("GET", "/.well-known/webfinger", "resource=acct:alice@elsewhere.example")),
    ("Bad percent-encoding (400)", new("GET", "/.well-known/webfinger", "resource=acct%ZZalice")),
};

var report = new StringBuilder();
report.AppendLine("# Router benchmark").AppendLine();
report.AppendLine(ci, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}. Produced by `make bench-router`; whole processes for start-up, Stopwatch loops in-process.").AppendLine();
report.AppendLine("## Routing decision, in-process (target ≤ 20 µs)").AppendLine();
report.AppendLine("| request kind | decisions/s | p50 µs | p99 µs |");
report.AppendLine("|---|---:|---:|---:|");
foreach (var (name, request) in kinds)
{
    var r = Measure(() => router.Route(request), options.Iterations);
    report.AppendLine(ci, $"| {name} | {r.PerSecond:N0} | {r.P50:F2} | {r.P99:F2} |");
}

var v2Event = Encoding.UTF8.GetBytes(ApiGatewayEvents.HttpApiV2("GET", "/.well-known/webfinger", "resource=acct%3Aalice%40example.com",
    [new("accept", "application/jrd+json"), new("user-agent", "bench/1.0")]));
var full = Measure(() => function.Invoke(v2Event), options.Iterations);
report.AppendLine(ci, $"| Whole event: 2.0 JSON in → proxy response JSON out (301) | {full.PerSecond:N0} | {full.P50:F2} | {full.P99:F2} |");
report.AppendLine();

report.AppendLine(ci, $"## Cold start: process start → first response through a loopback Runtime API (target ≤ 15 ms, {options.Runs} runs)").AppendLine();
report.AppendLine("| build | median ms | min ms | max ms |");
report.AppendLine("|---|---:|---:|---:|");
var eventJson = Encoding.UTF8.GetString(v2Event);
foreach (var (name, path) in new[] { ("Native AOT `bootstrap`", options.Aot), ("JIT `dotnet bootstrap.dll`", options.Jit) })
{
    if (path is null)
    {
        continue;
    }

    var samples = new List<double>();
    await ColdStartAsync(path, eventJson, Config); // warm the file cache, not the process
    for (var i = 0; i < options.Runs; i++)
    {
        samples.Add(await ColdStartAsync(path, eventJson, Config));
    }

    samples.Sort();
    report.AppendLine(ci, $"| {name} | {samples[samples.Count / 2]:F1} | {samples[0]:F1} | {samples[^1]:F1} |");
}

report.AppendLine();
if (options.Zip is not null)
{
    var size = new FileInfo(options.Zip).Length;
    var binary = options.Aot is null ? 0 : new FileInfo(options.Aot).Length;
    report.AppendLine("## Deployable (target ≤ 4 MB zip)").AppendLine();
    report.AppendLine("| file | bytes | MB |");
    report.AppendLine("|---|---:|---:|");
    report.AppendLine(ci, $"| `{options.Zip}` | {size:N0} | {size / 1048576.0:F2} |");
    if (binary > 0)
    {
        report.AppendLine(ci, $"| `{options.Aot}` (unzipped) | {binary:N0} | {binary / 1048576.0:F2} |");
    }
}

Console.Write(report.ToString());
if (options.Out is not null)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Out))!);
    await File.WriteAllTextAsync(options.Out, report.ToString());
    Console.WriteLine();
    Console.WriteLine("written to " + options.Out);
}

return 0;

static (double PerSecond, double P50, double P99) Measure(Action action, int iterations)
{
    for (var i = 0; i < Math.Min(iterations, 20_000); i++)
    {
        action(); // warm-up: tiering and PGO
    }

    var ticks = new long[iterations];
    var total = Stopwatch.StartNew();
    for (var i = 0; i < iterations; i++)
    {
        var t0 = Stopwatch.GetTimestamp();
        action();
        ticks[i] = Stopwatch.GetTimestamp() - t0;
    }

    total.Stop();
    Array.Sort(ticks);
    double Us(long t) => t * 1_000_000.0 / Stopwatch.Frequency;
    return (iterations / total.Elapsed.TotalSeconds, Us(ticks[iterations / 2]), Us(ticks[(int)(iterations * 0.99)]));
}

static async Task<double> ColdStartAsync(string path, string eventJson, string config)
{
    await using var server = await RuntimeApiServer.StartAsync();
    var env = new Dictionary<string, string?> { ["WEBFINGER_CONFIG"] = config };
    var info = LocalLambda.CreateStartInfo(path, server.Address, env);
    info.RedirectStandardInput = false;
    var pending = server.InvokeAsync(eventJson); // queued before the process exists
    var started = Stopwatch.GetTimestamp();
    using var process = Process.Start(info)!;
    process.OutputDataReceived += (_, _) => { }; // the function's log line: read and dropped
    process.ErrorDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    InvocationResult result;
    try
    {
        result = await pending.WaitAsync(TimeSpan.FromSeconds(30));
    }
    finally
    {
        process.Kill();
        await process.WaitForExitAsync();
    }

    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    if (result.IsError || !result.Payload.Contains("\"statusCode\":301", StringComparison.Ordinal))
    {
        throw new InvalidOperationException("unexpected answer from " + path + ": " + result.Payload);
    }

    return ms;
}

static Options ParseArgs(string[] args)
{
    var o = new Options();
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        switch (args[i])
        {
            case "--aot": o.Aot = args[i + 1]; break;
            case "--jit": o.Jit = args[i + 1]; break;
            case "--zip": o.Zip = args[i + 1]; break;
            case "--out": o.Out = args[i + 1]; break;
            case "--runs": o.Runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            case "--iterations": o.Iterations = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            default: throw new ArgumentException("unknown option " + args[i]);
        }
    }

    return o;
}

sealed class Options
{
    public string? Aot { get; set; }
    public string? Jit { get; set; }
    public string? Zip { get; set; }
    public string? Out { get; set; }
    public int Runs { get; set; } = 9;
    public int Iterations { get; set; } = 200_000;
}
