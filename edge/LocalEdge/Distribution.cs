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
/// <param name="CustomHeaders">Its <c>custom_header</c> blocks, sent with every request to it (replacing a viewer's
/// header of the same name). A value Terraform makes at apply time (the stack's <c>terraform_data</c> origin secret)
/// is <see cref="Distribution.OriginSecret"/>, a random value drawn for this run.</param>
/// <param name="FunctionUrl">Set when the origin is the stack's own Lambda function URL (<c>routerOrigin</c> =
/// <c>function-url</c>) instead of an API Gateway API.</param>
public sealed record Origin(string Id, OriginKind Kind, string Host, string OriginPath, IReadOnlyList<KeyValuePair<string, string>> CustomHeaders,
    FunctionUrlAccess? FunctionUrl = null);

/// <summary>How a function URL origin is reached: what Lambda checks before it runs the function. The SigV4 signature
/// itself is not checked locally (there is no AWS account); what decides whether CloudFront signs is.</summary>
/// <param name="AuthType">The URL's <c>authorization_type</c>: <c>AWS_IAM</c> or <c>NONE</c>.</param>
/// <param name="SignedByDistribution">Whether the origin has an origin access control of type <c>lambda</c> that
/// signs requests (<c>always</c>, or <c>no-override</c>, which signs when the viewer sent no Authorization).</param>
public sealed record FunctionUrlAccess(string AuthType, bool SignedByDistribution);

/// <summary>One cache behaviour.</summary>
/// <param name="Index">Position in <c>ordered_cache_behavior</c>; -1 for the default behaviour.</param>
/// <param name="Pattern">Its path pattern; null for the default behaviour.</param>
/// <param name="Origin">The target origin.</param>
/// <param name="ViewerProtocolPolicy"><c>allow-all</c>, <c>redirect-to-https</c> or <c>https-only</c>.</param>
/// <param name="AllowedMethods">Methods CloudFront accepts for it.</param>
/// <param name="Forwarding">What reaches the origin.</param>
/// <param name="ResponseHeaders">Its response headers policy, if any.</param>
/// <param name="ViewerRequestFunction">The CloudFront Function on its viewer-request event, if any.</param>
/// <param name="Unemulated">Parts of it the local edge does not run (Lambda@Edge, signed URLs …).</param>
public sealed record Behaviour(
    int Index,
    PathPattern? Pattern,
    Origin Origin,
    string ViewerProtocolPolicy,
    IReadOnlySet<string> AllowedMethods,
    Forwarding Forwarding,
    ResponseHeadersPolicy? ResponseHeaders,
    CloudFrontFunction? ViewerRequestFunction,
    IReadOnlyList<string> Unemulated)
{
    /// <summary>How the log names it: <c>#0 /.well-known/*</c> or <c>default</c>.</summary>
    public string Label => Pattern is null ? "default" : $"#{Index} {Pattern.Text}";

    /// <summary>Whether the viewer's Host header reaches the origin.</summary>
    public bool ForwardsHost => Forwarding.Headers.Allows("host");
}

/// <summary>A CloudFront Function's source, from an <c>aws_cloudfront_function</c> resource.</summary>
/// <param name="Name">The resource name.</param>
/// <param name="Runtime">Its runtime, e.g. <c>cloudfront-js-2.0</c>.</param>
/// <param name="Code">Its JavaScript.</param>
public sealed record CloudFrontFunction(string Name, string Runtime, string Code);

/// <summary>A custom error response: CloudFront answers <paramref name="ErrorCode"/> from the origin with
/// <paramref name="ResponsePagePath"/> (fetched through the behaviour that matches it) and
/// <paramref name="ResponseCode"/>.</summary>
public sealed record CustomErrorResponse(int ErrorCode, int? ResponseCode, string? ResponsePagePath);

/// <summary>The CloudFront distribution of a synthesized <c>cdk.tf.json</c>, read for local emulation.</summary>
public sealed partial class Distribution
{
    private Distribution(string name, IReadOnlyList<Behaviour> ordered, Behaviour defaultBehaviour, string? defaultRootObject,
        IReadOnlyList<CustomErrorResponse> errors, int lambdaTimeoutSeconds, string region, int missingKeyStatus)
    {
        MissingKeyStatus = missingKeyStatus;
        Name = name;
        Ordered = ordered;
        Default = defaultBehaviour;
        DefaultRootObject = defaultRootObject;
        CustomErrorResponses = errors;
        LambdaTimeoutSeconds = lambdaTimeoutSeconds;
        Region = region;
    }

    /// <summary>The stand-in for a secret Terraform makes at apply time: 32 random bytes, hex, drawn for each run of
    /// the local edge and given to the router as <c>ORIGIN_VERIFY_SECRET</c>, as the deployed stack gives it the
    /// <c>terraform_data</c> value.</summary>
    public static string OriginSecret { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

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

    /// <summary>What S3 answers for a missing key: 404 when the bucket policy lets CloudFront
    /// <c>s3:ListBucket</c>, else 403 (S3 does not tell a caller without it whether a key exists).</summary>
    public int MissingKeyStatus { get; }

    /// <summary>The <c>aws_region</c> variable (for the API's stand-in host name).</summary>
    public string Region { get; }

    /// <summary>CloudFront's choice: the first ordered behaviour whose pattern matches the path, else the default.</summary>
    public Behaviour Match(string path) => Ordered.FirstOrDefault(b => b.Pattern!.IsMatch(path)) ?? Default;

    /// <summary>Reads the file <paramref name="path"/>.</summary>
    public static Distribution Load(string path, IReadOnlyDictionary<string, string> variables,
        IReadOnlyDictionary<string, object?>? fileValues = null)
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

        return Read(root, variables, fileValues);
    }

    /// <summary>Reads a parsed stack.</summary>
    public static Distribution Read(JsonObject root, IReadOnlyDictionary<string, string> variables,
        IReadOnlyDictionary<string, object?>? fileValues = null)
    {
        var tf = new Terraform(root, variables, fileValues);
        var distributions = tf.Resources("aws_cloudfront_distribution").ToList();
        if (distributions.Count != 1)
        {
            throw new EdgeConfigurationException($"expected one aws_cloudfront_distribution, found {distributions.Count}");
        }

        var (name, d) = distributions[0];
        var region = HasVariable(root, "aws_region") && tf.Variable("aws_region") is string r0 ? r0 : "us-east-1";
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
            foreach (var key in new[] { "lambda_function_association", "trusted_signers", "trusted_key_groups", "realtime_log_config_arn", "field_level_encryption_id", "grpc_config" })
            {
                if (tf.Value(b[key]) is List<object?> { Count: > 0 } or string { Length: > 0 } or true)
                {
                    unemulated.Add(key);
                }
            }

            CloudFrontFunction? viewerRequest = null;
            foreach (var (association, each) in tf.Blocks(b, "function_association"))
            {
                var eventType = tf.Evaluate(association["event_type"], where + ".function_association.event_type", each);
                if (eventType != "viewer-request")
                {
                    unemulated.Add($"function_association ({eventType})");
                    continue;
                }

                if (tf.Value(association["function_arn"], each) is not TfRef arn)
                {
                    throw new EdgeConfigurationException($"{where}.function_association: function_arn is not a function of this stack");
                }

                var (type, fname, _, fbody) = tf.Resource(arn, where + ".function_association.function_arn");
                if (type != "aws_cloudfront_function")
                {
                    throw new EdgeConfigurationException($"{where}.function_association: {arn.Address} is not an aws_cloudfront_function");
                }

                viewerRequest = new CloudFrontFunction(fname, tf.Evaluate(fbody["runtime"], fname + ".runtime") ?? "cloudfront-js-1.0",
                    tf.Evaluate(fbody["code"], fname + ".code") ?? throw new EdgeConfigurationException($"{fname}: no code"));
            }

            return new Behaviour(
                index,
                index < 0 ? null : new PathPattern(tf.Evaluate(b["path_pattern"], where + ".path_pattern") ?? throw new EdgeConfigurationException(where + ": no path_pattern")),
                origin,
                tf.Evaluate(b["viewer_protocol_policy"], where + ".viewer_protocol_policy") ?? "allow-all",
                new HashSet<string>(tf.Strings(b["allowed_methods"], where + ".allowed_methods"), StringComparer.Ordinal),
                ManagedPolicies.ForBehaviour(b, tf, where),
                ResponseHeadersPolicy.ForBehaviour(b, tf, where),
                viewerRequest,
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
        foreach (var (e, each) in tf.Blocks(d, "custom_error_response"))
        {
            errors.Add(new CustomErrorResponse(
                Int(tf.Evaluate(e["error_code"], "custom_error_response.error_code", each))!.Value,
                Int(tf.Evaluate(e["response_code"], "custom_error_response.response_code", each)),
                tf.Evaluate(e["response_page_path"], "custom_error_response.response_page_path", each) is { Length: > 0 } page ? page : null));
        }

        var timeout = tf.Resources("aws_lambda_function").Select(f => Int(tf.Evaluate(f.Value["timeout"], f.Key + ".timeout"))).FirstOrDefault(x => x is not null) ?? 3;
        var rootObject = tf.Evaluate(d["default_root_object"], "default_root_object");
        var s3Origin = d["origin"] is JsonArray all ? all.OfType<JsonObject>().FirstOrDefault(o => Terraform.Block(o["custom_origin_config"]) is null) : null;
        var missing = s3Origin is not null && CloudFrontMayListBucket(tf, s3Origin) ? 404 : 403;
        return new Distribution(name, ordered, defaultBehaviour, string.IsNullOrEmpty(rootObject) ? null : rootObject, errors, timeout, region, missing);
    }

    private static bool HasVariable(JsonObject root, string name) => root["variable"]?[name] is not null;

    private static int? Int(string? s) => string.IsNullOrEmpty(s) ? null : (int)decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether the bucket policy of the S3 origin's bucket allows <c>s3:ListBucket</c> (to CloudFront or
    /// anyone): then S3 answers a missing key with 404 NoSuchKey rather than 403 AccessDenied.</summary>
    private static bool CloudFrontMayListBucket(Terraform tf, JsonObject s3Origin)
    {
        if (tf.Value(s3Origin["domain_name"]) is not TfRef domain)
        {
            return false;
        }

        var bucket = tf.Resource(domain, "origin.domain_name");
        foreach (var (_, policy) in tf.Resources("aws_s3_bucket_policy"))
        {
            if (tf.Value(policy["bucket"]) is TfRef b && tf.Resource(b, "bucket policy").Name == bucket.Name
                && tf.Value(policy["policy"]) is TfRef document)
            {
                return Statements(tf, document, 0).Any(st =>
                    !string.Equals(tf.Evaluate(st["effect"], "statement.effect"), "Deny", StringComparison.Ordinal)
                    && tf.Strings(st["actions"], "statement.actions").Any(a => a is "s3:ListBucket" or "s3:*" or "s3:List*" or "*"));
            }
        }

        return false;
    }

    private static IEnumerable<JsonObject> Statements(Terraform tf, TfRef document, int depth)
    {
        var (type, _, attribute, body) = tf.Resource(document, "policy document");
        if (type != "aws_iam_policy_document" || attribute != "json" || depth > 5)
        {
            yield break;
        }

        foreach (var (st, _) in tf.Blocks(body, "statement"))
        {
            yield return st;
        }

        if (tf.Value(body["source_policy_documents"]) is List<object?> sources)
        {
            foreach (var source in sources.OfType<TfRef>())
            {
                foreach (var st in Statements(tf, source, depth + 1))
                {
                    yield return st;
                }
            }
        }
    }

    private static Origin ReadOrigin(JsonObject o, Terraform tf, string region)
    {
        var id = tf.Evaluate(o["origin_id"], "origin.origin_id") ?? throw new EdgeConfigurationException("origin without origin_id");
        var domain = o["domain_name"] is JsonValue dv && dv.GetValueKind() == JsonValueKind.String ? dv.GetValue<string>() : "";
        var path = tf.Evaluate(o["origin_path"], $"origin {id}.origin_path") ?? "";
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (h, each) in tf.Blocks(o, "custom_header"))
        {
            var name = tf.Evaluate(h["name"], $"origin {id}.custom_header.name", each) ?? "";
            var raw = h["value"] is JsonValue hv && hv.GetValueKind() == JsonValueKind.String ? hv.GetValue<string>() : "";
            headers.Add(new(name, raw.Contains("terraform_data.", StringComparison.Ordinal)
                ? OriginSecret
                : tf.Evaluate(h["value"], $"origin {id}.custom_header.value", each) ?? ""));
        }

        if (Terraform.Block(o["custom_origin_config"]) is null)
        {
            return new Origin(id, OriginKind.S3, "bucket.s3.amazonaws.com", path, headers);
        }

        // The stack's own function URL (known after apply only): Lambda's host name shape stands in.
        if (FunctionUrlAddress().Match(domain) is { Success: true } url)
        {
            var body = tf.Resources("aws_lambda_function_url").FirstOrDefault(r => r.Key == url.Groups["name"].Value).Value
                ?? throw new EdgeConfigurationException($"origin {id}.domain_name: {url.Value} is not in the stack");
            var authType = tf.Evaluate(body["authorization_type"], $"aws_lambda_function_url.{url.Groups["name"].Value}.authorization_type") ?? "";
            var signed = false;
            if (tf.Value(o["origin_access_control_id"]) is TfRef oacRef)
            {
                var (type, _, _, oac) = tf.Resource(oacRef, $"origin {id}.origin_access_control_id");
                signed = type == "aws_cloudfront_origin_access_control"
                    && tf.Evaluate(oac["origin_access_control_origin_type"], "origin_access_control_origin_type") == "lambda"
                    && tf.Evaluate(oac["signing_behavior"], "signing_behavior") is "always" or "no-override";
            }

            return new Origin(id, OriginKind.Api, $"localurl.lambda-url.{region}.on.aws", path, headers, new FunctionUrlAccess(authType, signed));
        }

        // The stack's own HTTP API: its endpoint is known after apply only; API Gateway's host name shape stands in.
        var host = domain.Contains("aws_apigatewayv2_api.", StringComparison.Ordinal)
            ? $"localapi.execute-api.{region}.amazonaws.com"
            : tf.Evaluate(o["domain_name"], $"origin {id}.domain_name")!;
        return new Origin(id, OriginKind.Api, host, path, headers);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"aws_lambda_function_url\.(?<name>[A-Za-z0-9_-]+)\.function_url")]
    private static partial System.Text.RegularExpressions.Regex FunctionUrlAddress();
}
