using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using EdgeRouter.LocalEdge;
using EdgeRouter.LocalRuntimeApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The local edge: `make serve`. See README.md ("Run the edge locally").
const string Usage = """
usage: LocalEdge [options]
  --stack FILE             synthesized stack (default cdktf.out/stacks/edge-router/cdk.tf.json)
  --site DIR               the bucket's content (default site)
  --bootstrap FILE         the router function (default build/lambda/linux-x64/bootstrap)
  --webfinger-config FILE  WEBFINGER_CONFIG as a JSON file (default: $WEBFINGER_CONFIG if set, else the stack's own
                           WEBFINGER_CONFIG from --var-file's values if given, else edge/webfinger.local.json)
  --http ADDR:PORT         viewer HTTP listener (default 127.0.0.1:8787; loopback addresses only)
  --port PORT              same as --http 127.0.0.1:PORT
  --https ADDR:PORT        viewer HTTPS listener too (needs --cert and --key); enforces viewer_protocol_policy on HTTP
  --cert FILE --key FILE   PEM certificate (chain) and private key for --https
  --var NAME=VALUE         a Terraform variable's value instead of its default (repeatable; wins over --var-file)
  --var-file FILE          Terraform variables from a tfvars file, as `terraform plan -var-file` reads them
                           (`make serve` passes the project's terraform.tfvars when there is one)
""";

var stack = "cdktf.out/stacks/edge-router/cdk.tf.json";
var site = "site";
var bootstrap = "build/lambda/linux-x64/bootstrap";
string? configFile = null;
var http = "127.0.0.1:8787";
string? https = null;
string? cert = null;
string? key = null;
var variables = new Dictionary<string, string>(StringComparer.Ordinal);
string? varFile = null;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new EdgeConfigurationException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--stack": stack = Next(); break;
            case "--site": site = Next(); break;
            case "--bootstrap": bootstrap = Next(); break;
            case "--webfinger-config": configFile = Next(); break;
            case "--http": http = Next(); break;
            case "--port": http = "127.0.0.1:" + Next(); break;
            case "--https": https = Next(); break;
            case "--cert": cert = Next(); break;
            case "--key": key = Next(); break;
            case "--var-file": varFile = Next(); break;
            case "--var":
                var pair = Next();
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new EdgeConfigurationException($"--var {pair}: expected NAME=VALUE");
                }

                variables[pair[..eq]] = pair[(eq + 1)..];
                break;
            case "-h" or "--help":
                Console.WriteLine(Usage);
                return 0;
            default:
                throw new EdgeConfigurationException($"unknown argument {args[i]}");
        }
    }

    var httpEndpoint = Loopback(http, "--http");
    var httpsEndpoint = https is null ? null : Loopback(https, "--https");
    if (httpsEndpoint is not null && (cert is null || key is null))
    {
        throw new EdgeConfigurationException("--https needs --cert and --key");
    }

    if (!File.Exists(stack))
    {
        throw new EdgeConfigurationException($"no synthesized stack at {stack} (run `make synth`)");
    }

    var fileValues = varFile is null ? null : TfvarsFile.Read(varFile);
    var distribution = Distribution.Load(stack, variables, fileValues);
    var siteFolder = new SiteFolder(site);
    var behaviours = distribution.Ordered.Append(distribution.Default).ToList();
    var needsApi = behaviours.Any(b => b.Origin.Kind == OriginKind.Api);

    string config;
    string configSource;
    var fromVariables = false;
    var envConfig = Environment.GetEnvironmentVariable("WEBFINGER_CONFIG");
    if (configFile is null && !string.IsNullOrWhiteSpace(envConfig))
    {
        config = envConfig;
        configSource = "$WEBFINGER_CONFIG";
    }
    else if (configFile is null && fileValues is not null && RouterEnvironment.WebfingerConfig(stack, variables, fileValues) is { } stackConfig)
    {
        // The router configuration the stack would deploy with these variables.
        config = stackConfig;
        fromVariables = true;
        configSource = $"the stack's WEBFINGER_CONFIG with the variables in {varFile}";
    }
    else
    {
        configFile ??= "edge/webfinger.local.json";
        config = File.Exists(configFile) ? File.ReadAllText(configFile) : throw new EdgeConfigurationException($"no WEBFINGER_CONFIG file at {configFile}");
        configSource = configFile;
    }

    var log = Console.Out;
    log.WriteLine($"local edge: distribution {distribution.Name} from {stack}");
    if (fileValues is not null)
    {
        log.WriteLine($"  variables from {varFile}: {string.Join(", ", fileValues.Keys.Order(StringComparer.Ordinal))}");
        foreach (var undeclared in RouterEnvironment.Undeclared(stack, fileValues))
        {
            log.WriteLine($"  warning: {varFile} sets {undeclared}, which this stack does not declare (terraform warns too)");
        }
    }

    foreach (var b in behaviours)
    {
        var target = b.Origin.Kind == OriginKind.S3
            ? $"S3 bucket -> {siteFolder.Root}" + (distribution.DefaultRootObject is { } r ? $", default root object {r}" : "") + $", missing key {distribution.MissingKeyStatus}"
            : b.Origin.FunctionUrl is { } url
                ? $"Lambda function URL ({url.AuthType}, {(url.SignedByDistribution ? "signed by the distribution's origin access control" : "UNSIGNED")}; payload 2.0) -> {bootstrap}"
                : $"API Gateway HTTP API (payload 2.0) -> {bootstrap}";
        var refuses = b.Origin.FunctionUrl is null ? "API Gateway" : "the function URL";
        var host = b.Origin.Kind == OriginKind.S3 ? "" : b.ForwardsHost ? $", viewer Host FORWARDED ({refuses} answers 403)" : $", viewer Host removed, origin sees Host {b.Origin.Host}";
        log.WriteLine($"  {b.Label,-24} -> {b.Origin.Id}: {target}; {b.ViewerProtocolPolicy}; methods {string.Join(" ", b.AllowedMethods)}");
        foreach (var (name, value) in b.Origin.CustomHeaders)
        {
            log.WriteLine($"  {"",-24}    origin custom header {name}: {(value == Distribution.OriginSecret ? "the stack's origin secret (a random value for this run, also the router's ORIGIN_VERIFY_SECRET)" : value)}");
        }

        log.WriteLine($"  {"",-24}    forwards headers {b.Forwarding.Headers}, query {b.Forwarding.QueryStrings}, cookies {b.Forwarding.Cookies} ({b.Forwarding.Name}){host}");
        if (b.ResponseHeaders is { } rh)
        {
            log.WriteLine($"  {"",-24}    response headers: {string.Join(", ", rh.HeaderNames)}");
        }

        if (b.ViewerRequestFunction is { } vrf)
        {
            log.WriteLine($"  {"",-24}    viewer-request function {vrf.Name}");
        }

        if (b.Unemulated.Count > 0)
        {
            log.WriteLine($"  {"",-24}    NOT emulated: {string.Join(", ", b.Unemulated)}");
        }
    }

    foreach (var e in distribution.CustomErrorResponses)
    {
        log.WriteLine($"  custom error response: {e.ErrorCode} -> {e.ResponseCode?.ToString(CultureInfo.InvariantCulture) ?? "same"} {e.ResponsePagePath}");
    }

    if (httpsEndpoint is null)
    {
        log.WriteLine("  viewer_protocol_policy is not enforced on plain HTTP: there is no --https listener to redirect to");
    }

    await using var api = needsApi
        ? await ApiFunction.StartAsync(bootstrap, new Dictionary<string, string?>
        {
            ["WEBFINGER_CONFIG"] = Minify(config),
            // As the stack does when the configuration comes from its variables: problems are named by the variable
            // (oidc_issuer); a JSON file's problems by the JSON member (oidc.issuer), as the user wrote them.
            ["WEBFINGER_CONFIG_SOURCE"] = fromVariables ? "terraform" : null,
            // As the stack does: the router requires the secret the API origin's custom header carries.
            ["ORIGIN_VERIFY_SECRET"] = behaviours.Any(b => b.Origin.CustomHeaders.Any(h => h.Value == Distribution.OriginSecret)) ? Distribution.OriginSecret : null,
        }, CancellationToken.None)
        : null;
    if (api is not null)
    {
        log.WriteLine($"  router function: pid {api.ProcessId}, WEBFINGER_CONFIG from {configSource}, timeout {distribution.LambdaTimeoutSeconds} s");
    }

    var functionList = behaviours.Select(b => b.ViewerRequestFunction).OfType<CloudFrontFunction>().DistinctBy(f => f.Name).ToList();
    await using var functions = functionList.Count == 0 ? null : await FunctionHost.StartAsync(functionList);
    foreach (var f in functionList)
    {
        log.WriteLine($"  CloudFront function {f.Name} ({f.Runtime}, viewer-request) runs in Node");
    }

    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
    builder.Logging.ClearProviders();
    X509Certificate2? certificate = httpsEndpoint is null ? null : X509Certificate2.CreateFromPemFile(cert!, key);
    builder.WebHost.ConfigureKestrel(k =>
    {
        k.AddServerHeader = false;
        k.Listen(httpEndpoint);
        if (httpsEndpoint is not null)
        {
            k.Listen(httpsEndpoint, o =>
            {
                o.Protocols = HttpProtocols.Http1AndHttp2;
                o.UseHttps(certificate!);
            });
        }
    });
    var app = builder.Build();
    var edge = new Edge(distribution, siteFolder, api, functions, httpsEndpoint?.Port, log);
    app.Run(edge.HandleAsync);
    await app.StartAsync().ConfigureAwait(false);
    // The bound addresses, so that port 0 (the system picks) says which port it got.
    var bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.ToList() ?? [];
    var httpUrl = bound.FirstOrDefault(u => u.StartsWith("http://", StringComparison.Ordinal)) ?? $"http://{Show(httpEndpoint)}";
    var httpsUrl = bound.FirstOrDefault(u => u.StartsWith("https://", StringComparison.Ordinal));
    if (httpsUrl is not null)
    {
        edge.SetHttpsPort(new Uri(httpsUrl).Port);
    }

    log.WriteLine($"local edge: listening on {httpUrl}" + (httpsEndpoint is null ? "" : $" and {httpsUrl ?? "https://" + Show(httpsEndpoint)}"));
    await app.WaitForShutdownAsync().ConfigureAwait(false);
    log.WriteLine("local edge: stopped");
    return 0;
}
catch (EdgeConfigurationException e)
{
    await Console.Error.WriteLineAsync("local edge: " + e.Message).ConfigureAwait(false);
    return 2;
}
catch (LocalLambdaInitException e)
{
    await Console.Error.WriteLineAsync("local edge: the router function did not start: " + e.Message + "\n" + e.StandardError).ConfigureAwait(false);
    return 2;
}
catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
{
    await Console.Error.WriteLineAsync("local edge: cannot listen: " + e.Message).ConfigureAwait(false);
    return 2;
}

static IPEndPoint Loopback(string value, string option)
{
    var colon = value.LastIndexOf(':');
    if (colon <= 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
    {
        throw new EdgeConfigurationException($"{option} {value}: expected ADDRESS:PORT");
    }

    var host = value[..colon].Trim('[', ']');
    var address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var a) ? a : null;
    if (address is { IsIPv4MappedToIPv6: true })
    {
        address = address.MapToIPv4(); // ::ffff:127.0.0.1 is 127.0.0.1; Kestrel cannot bind the mapped form itself
    }

    if (address is null || !IPAddress.IsLoopback(address))
    {
        throw new EdgeConfigurationException($"{option} {value}: the local edge listens on loopback addresses only (127.0.0.0/8, ::1)");
    }

    return new IPEndPoint(address, port);
}

static string Show(IPEndPoint e) => e.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{e.Address}]:{e.Port}" : $"{e.Address}:{e.Port}";

static string Minify(string json)
{
    try
    {
        using var doc = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(doc.RootElement);
    }
    catch (JsonException)
    {
        return json; // the router reports the error, naming the place
    }
}
