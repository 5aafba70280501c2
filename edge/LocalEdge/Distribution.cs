using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeRouter.LocalEdge;

/// <summary>What kind of origin a behaviour targets.</summary>
public enum OriginKind
{
    /// <summary>An S3 bucket (served from the local site folder).</summary>
    S3,

    /// <summary>A custom origin: the router's API Gateway HTTP API (served by the real <c>bootstrap</c>).</summary>
    Api,
}

/// <summary>One origin of the distribution.</summary>
/// <param name="Id">Its <c>origin_id</c>.</param>
/// <param name="Kind">S3 or custom (API).</param>
/// <param name="Host">The host CloudFront connects to and, without the viewer's <c>Host</c>, sends as <c>Host</c>.
/// For the stack's own API, whose endpoint is known only after apply, a stand-in
/// <c>localapi.execute-api.REGION.amazonaws.com</c>.</param>
/// <param name="OriginPath">Its <c>origin_path</c>.</param>
public sealed record Origin(string Id, OriginKind Kind, string Host, string OriginPath);

/// <summary>One cache behaviour.</summary>
/// <param name="Index">Position in <c>ordered_cache_behavior</c>; -1 for the default behaviour.</param>
/// <param name="Pattern">Its path pattern; null for the default behaviour.</param>
/// <param name="Origin">The target origin.</param>
/// <param name="ViewerProtocolPolicy"><c>allow-all</c>, <c>redirect-to-https</c> or <c>https-only</c>.</param>
/// <param name="AllowedMethods">Methods CloudFront accepts for it.</param>
/// <param name="Forwarding">What reaches the origin.</param>
/// <param name="ResponseHeaders">Its response headers policy, if any.</param>
/// <param name="Unemulated">Parts of it the local edge does not run (function associations …).</param>
public sealed record Behaviour(
    int Index,
    PathPattern? Pattern,
    Origin Origin,
    string ViewerProtocolPolicy,
    IReadOnlySet<string> AllowedMethods,
    Forwarding Forwarding,
    ResponseHeadersPolicy? ResponseHeaders,
    IReadOnlyList<string> Unemulated)
{
    /// <summary>How the log names it: <c>#0 /.well-known/*</c> or <c>default</c>.</summary>
    public string Label => Pattern is null ? "default" : $"#{Index} {Pattern.Text}";

    /// <summary>Whether the viewer's Host header reaches the origin.</summary>
    public bool ForwardsHost => Forwarding.Headers.Allows("host");
}

/// <summary>A custom error response: CloudFront answers <paramref name="ErrorCode"/> from the origin with
/// <paramref name="ResponsePagePath"/> (fetched through the behaviour that matches it) and
/// <paramref name="ResponseCode"/>.</summary>
public sealed record CustomErrorResponse(int ErrorCode, int? ResponseCode, string? ResponsePagePath);

/// <summary>The CloudFront distribution of a synthesized <c>cdk.tf.json</c>, read for local emulation.</summary>
public sealed class Distribution
{
    private Distribution(string name, IReadOnlyList<Behaviour> ordered, Behaviour defaultBehaviour, string? defaultRootObject,
        IReadOnlyList<CustomErrorResponse> errors, int lambdaTimeoutSeconds, string region)
    {
        Name = name;
        Ordered = ordered;
        Default = defaultBehaviour;
        DefaultRootObject = defaultRootObject;
        CustomErrorResponses = errors;
        LambdaTimeoutSeconds = lambdaTimeoutSeconds;
        Region = region;
    }

    /// <summary>The resource name of the distribution.</summary>
    public string Name { get; }

    /// <summary><c>ordered_cache_behavior</c>, in order.</summary>
    public IReadOnlyList<Behaviour> Ordered { get; }

    /// <summary><c>default_cache_behavior</c>.</summary>
    public Behaviour Default { get; }

    /// <summary><c>default_root_object</c> (only ever applied to <c>/</c>).</summary>
    public string? DefaultRootObject { get; }

    /// <summary><c>custom_error_response</c> blocks.</summary>
    public IReadOnlyList<CustomErrorResponse> CustomErrorResponses { get; }

    /// <summary>The router function's <c>timeout</c> (3 s, Lambda's default, when the stack has no function).</summary>
    public int LambdaTimeoutSeconds { get; }

    /// <summary>The <c>aws_region</c> variable (for the API's stand-in host name).</summary>
    public string Region { get; }

    /// <summary>CloudFront's choice: the first ordered behaviour whose pattern matches the path, else the default.</summary>
    public Behaviour Match(string path) => Ordered.FirstOrDefault(b => b.Pattern!.IsMatch(path)) ?? Default;

    /// <summary>Reads the file <paramref name="path"/>.</summary>
    public static Distribution Load(string path, IReadOnlyDictionary<string, string> variables)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new EdgeConfigurationException($"{path}: not a JSON object");
        }
        catch (JsonException e)
        {
            throw new EdgeConfigurationException($"{path}: {e.Message}");
        }

        return Read(root, variables);
    }

    /// <summary>Reads a parsed stack.</summary>
    public static Distribution Read(JsonObject root, IReadOnlyDictionary<string, string> variables)
    {
        var tf = new Terraform(root, variables);
        var distributions = tf.Resources("aws_cloudfront_distribution").ToList();
        if (distributions.Count != 1)
        {
            throw new EdgeConfigurationException($"expected one aws_cloudfront_distribution, found {distributions.Count}");
        }

        var (name, d) = distributions[0];
        var region = tf.Variable("aws_region") ?? "us-east-1";
        var origins = new Dictionary<string, Origin>(StringComparer.Ordinal);
        foreach (var o in d["origin"] as JsonArray ?? [])
        {
            if (o is JsonObject origin)
            {
                var read = ReadOrigin(origin, tf, region);
                origins[read.Id] = read;
            }
        }

        Behaviour ReadBehaviour(JsonObject b, int index)
        {
            var where = index < 0 ? "default_cache_behavior" : $"ordered_cache_behavior[{index}]";
            var target = tf.Evaluate(b["target_origin_id"], where + ".target_origin_id") ?? "";
            if (!origins.TryGetValue(target, out var origin))
            {
                throw new EdgeConfigurationException($"{where}: target_origin_id \"{target}\" is not an origin of the distribution");
            }

            var unemulated = new List<string>();
            foreach (var key in new[] { "function_association", "lambda_function_association", "trusted_signers", "trusted_key_groups", "realtime_log_config_arn", "field_level_encryption_id" })
            {
                if (b[key] is JsonArray { Count: > 0 } or JsonValue)
                {
                    unemulated.Add(key);
                }
            }

            return new Behaviour(
                index,
                index < 0 ? null : new PathPattern(tf.Evaluate(b["path_pattern"], where + ".path_pattern") ?? throw new EdgeConfigurationException(where + ": no path_pattern")),
                origin,
                tf.Evaluate(b["viewer_protocol_policy"], where + ".viewer_protocol_policy") ?? "allow-all",
                new HashSet<string>(Terraform.Strings(b["allowed_methods"]), StringComparer.Ordinal),
                ManagedPolicies.ForBehaviour(b, tf, where),
                ResponseHeadersPolicy.ForBehaviour(b, tf, where),
                unemulated);
        }

        var ordered = new List<Behaviour>();
        var i = 0;
        foreach (var b in d["ordered_cache_behavior"] as JsonArray ?? [])
        {
            ordered.Add(ReadBehaviour(b as JsonObject ?? throw new EdgeConfigurationException("ordered_cache_behavior: not an object"), i++));
        }

        var defaultBehaviour = ReadBehaviour(Terraform.Block(d["default_cache_behavior"]) ?? throw new EdgeConfigurationException("no default_cache_behavior"), -1);
        var errors = new List<CustomErrorResponse>();
        foreach (var e in (d["custom_error_response"] as JsonArray ?? []).OfType<JsonObject>())
        {
            errors.Add(new CustomErrorResponse(
                int.Parse(tf.Evaluate(e["error_code"], "custom_error_response.error_code")!, System.Globalization.CultureInfo.InvariantCulture),
                tf.Evaluate(e["response_code"], "custom_error_response.response_code") is { Length: > 0 } rc ? int.Parse(rc, System.Globalization.CultureInfo.InvariantCulture) : null,
                tf.Evaluate(e["response_page_path"], "custom_error_response.response_page_path") is { Length: > 0 } page ? page : null));
        }

        var timeout = tf.Resources("aws_lambda_function").Select(f => f.Value["timeout"]).OfType<JsonValue>()
            .Select(v => int.Parse(Terraform.Scalar(v), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault(3);
        var rootObject = tf.Evaluate(d["default_root_object"], "default_root_object");
        return new Distribution(name, ordered, defaultBehaviour, string.IsNullOrEmpty(rootObject) ? null : rootObject, errors, timeout, region);
    }

    private static Origin ReadOrigin(JsonObject o, Terraform tf, string region)
    {
        var id = tf.Evaluate(o["origin_id"], "origin.origin_id") ?? throw new EdgeConfigurationException("origin without origin_id");
        var domain = o["domain_name"] is JsonValue dv ? Terraform.Scalar(dv) : "";
        var path = tf.Evaluate(o["origin_path"], $"origin {id}.origin_path") ?? "";
        if (Terraform.Block(o["custom_origin_config"]) is null)
        {
            return new Origin(id, OriginKind.S3, "bucket.s3.amazonaws.com", path);
        }

        // The stack's own HTTP API: its endpoint is known after apply only; API Gateway's host name shape stands in.
        var host = domain.Contains("aws_apigatewayv2_api.", StringComparison.Ordinal)
            ? $"localapi.execute-api.{region}.amazonaws.com"
            : tf.Evaluate(o["domain_name"], $"origin {id}.domain_name")!;
        return new Origin(id, OriginKind.Api, host, path);
    }
}
