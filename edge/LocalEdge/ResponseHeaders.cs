using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EdgeRouter.LocalEdge;

/// <summary>A response headers policy: headers CloudFront sets on responses from the origin (each with its
/// <c>override</c>: replace the origin's value, or only add when the origin sent none), headers it removes, and the
/// CORS headers it adds to CORS requests (those with an <c>Origin</c> header; a preflight is an OPTIONS one that also
/// has <c>Access-Control-Request-Method</c>), as the CloudFront Developer Guide's <i>Understand response headers
/// policies</i> describes them.</summary>
public sealed class ResponseHeadersPolicy
{
    private readonly List<(string Name, string Value, bool Override)> _set = [];
    private readonly List<string> _remove = [];
    private Cors? _cors;

    private sealed record Cors(IReadOnlyList<string> Origins, string Methods, string Headers, bool Credentials, string? Expose,
        string? MaxAge, bool Override);

    private ResponseHeadersPolicy(string name) => Name = name;

    /// <summary>How the distribution names it.</summary>
    public string Name { get; }

    /// <summary>The headers it sets, in order.</summary>
    public IEnumerable<string> HeaderNames => _set.Select(h => h.Name);

    /// <summary>Reads a behaviour's <c>response_headers_policy_id</c>; null when it has none.</summary>
    public static ResponseHeadersPolicy? ForBehaviour(JsonObject behaviour, Terraform tf, string where)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        ArgumentNullException.ThrowIfNull(tf);
        var where2 = where + ".response_headers_policy_id";
        (string Name, JsonObject Body)? body = tf.Value(behaviour["response_headers_policy_id"]) switch
        {
            null or "" => ((string, JsonObject)?)null,
            TfRef r => tf.Resource(r, where2) is var (type, name, _, b) && type == "aws_cloudfront_response_headers_policy" ? (name, b)
                : throw new EdgeConfigurationException($"{where2}: {r.Address} is not an aws_cloudfront_response_headers_policy"),
            var id => throw new EdgeConfigurationException($"{where2}: managed policy {id} is not one the local edge knows"),
        };
        if (body is not { } found)
        {
            return null;
        }

        var (policyName, policyBody) = found;

        var policy = new ResponseHeadersPolicy($"aws_cloudfront_response_headers_policy.{policyName}");
        var what = policy.Name;
        if (Terraform.Block(policyBody["security_headers_config"]) is { } sec)
        {
            if (Terraform.Block(sec["strict_transport_security"]) is { } hsts)
            {
                var value = "max-age=" + tf.Evaluate(hsts["access_control_max_age_sec"], what + ".strict_transport_security.access_control_max_age_sec");
                if (Bool(hsts["include_subdomains"]))
                {
                    value += "; includeSubDomains";
                }

                if (Bool(hsts["preload"]))
                {
                    value += "; preload";
                }

                policy._set.Add(("Strict-Transport-Security", value, Bool(hsts["override"])));
            }

            if (Terraform.Block(sec["content_type_options"]) is { } cto)
            {
                policy._set.Add(("X-Content-Type-Options", "nosniff", Bool(cto["override"])));
            }

            if (Terraform.Block(sec["frame_options"]) is { } fo)
            {
                policy._set.Add(("X-Frame-Options", tf.Evaluate(fo["frame_option"], what + ".frame_options.frame_option")!, Bool(fo["override"])));
            }

            if (Terraform.Block(sec["referrer_policy"]) is { } rp)
            {
                policy._set.Add(("Referrer-Policy", tf.Evaluate(rp["referrer_policy"], what + ".referrer_policy.referrer_policy")!, Bool(rp["override"])));
            }

            if (Terraform.Block(sec["content_security_policy"]) is { } csp)
            {
                policy._set.Add(("Content-Security-Policy", tf.Evaluate(csp["content_security_policy"], what + ".content_security_policy")!, Bool(csp["override"])));
            }

            if (Terraform.Block(sec["xss_protection"]) is { } xss)
            {
                var value = Bool(xss["protection"]) ? "1" : "0";
                if (Bool(xss["mode_block"]))
                {
                    value += "; mode=block";
                }
                else if (tf.Evaluate(xss["report_uri"], what + ".xss_protection.report_uri") is { Length: > 0 } report)
                {
                    value += "; report=" + report;
                }

                policy._set.Add(("X-XSS-Protection", value, Bool(xss["override"])));
            }
        }

        if (Terraform.Block(policyBody["custom_headers_config"]) is { } custom && custom["items"] is JsonArray items)
        {
            foreach (var item in items.OfType<JsonObject>())
            {
                policy._set.Add((tf.Evaluate(item["header"], what + ".custom_headers_config.header")!, tf.Evaluate(item["value"], what + ".custom_headers_config.value")!, Bool(item["override"])));
            }
        }

        if (Terraform.Block(policyBody["cors_config"]) is { } cors)
        {
            string[] Items(string key) => Terraform.Block(cors[key]) is { } block && block["items"] is JsonArray list
                ? [.. list.Select(i => tf.Evaluate(i, $"{what}.cors_config.{key}")!)]
                : [];
            var methods = Items("access_control_allow_methods");
            policy._cors = new Cors(
                Items("access_control_allow_origins"),
                string.Join(", ", methods.Contains("ALL") ? ["GET", "POST", "OPTIONS", "PUT", "DELETE", "HEAD", "PATCH"] : methods),
                string.Join(", ", Items("access_control_allow_headers")),
                Bool(cors["access_control_allow_credentials"]),
                Items("access_control_expose_headers") is { Length: > 0 } expose ? string.Join(", ", expose) : null,
                tf.Evaluate(cors["access_control_max_age_sec"], what + ".cors_config.access_control_max_age_sec") is { Length: > 0 } age ? age : null,
                Bool(cors["origin_override"]));
        }

        if (Terraform.Block(policyBody["remove_headers_config"]) is { } remove && remove["items"] is JsonArray removed)
        {
            foreach (var item in removed.OfType<JsonObject>())
            {
                policy._remove.Add(tf.Evaluate(item["header"], what + ".remove_headers_config.header")!);
            }
        }

        return policy;
    }

    /// <summary>Applies the policy to a response about to be sent to <paramref name="request"/>.</summary>
    public void Apply(IHeaderDictionary headers, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(request);
        foreach (var name in _remove)
        {
            headers.Remove(name);
        }

        foreach (var (name, value, overrides) in _set)
        {
            if (overrides || !headers.ContainsKey(name))
            {
                headers[name] = value;
            }
        }

        var origin = request.Headers.Origin.ToString();
        if (_cors is not { } cors || origin.Length == 0)
        {
            return;
        }

        var allowed = cors.Origins.Contains("*") ? "*" : cors.Origins.Any(o => OriginMatches(o, origin)) ? origin : null;
        if (allowed is null)
        {
            return;
        }

        void Set(string name, string value)
        {
            if (cors.Override || !headers.ContainsKey(name))
            {
                headers[name] = value;
            }
        }

        Set("Access-Control-Allow-Origin", allowed);
        if (cors.Credentials)
        {
            Set("Access-Control-Allow-Credentials", "true");
        }

        if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method"))
        {
            Set("Access-Control-Allow-Methods", cors.Methods);
            Set("Access-Control-Allow-Headers", cors.Headers);
            if (cors.MaxAge is { } age)
            {
                Set("Access-Control-Max-Age", age);
            }
        }
        else if (cors.Expose is { } expose)
        {
            Set("Access-Control-Expose-Headers", expose);
        }
    }

    /// <summary>Whether the viewer's <paramref name="origin"/> is one a policy's allowed origin names: the same origin, or
    /// for an entry whose host starts with <c>*.</c> (the one wildcard position the Developer Guide allows, "the
    /// leftmost part of the domain") any origin of the same scheme (and port) whose host ends in the rest. Case-blind:
    /// scheme and host are case-insensitive (RFC 3986 §6.2.2.1).</summary>
    internal static bool OriginMatches(string allowed, string origin)
    {
        if (allowed.Equals(origin, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // "https://*.example.org", or "*.example.org" (any scheme): the label the wildcard stands for is one or more
        // whole labels, never a scheme, port or path.
        var star = allowed.StartsWith("*.", StringComparison.Ordinal) ? 0 : allowed.IndexOf("://*.", StringComparison.Ordinal) is var i and >= 0 ? i + 3 : -1;
        if (star < 0)
        {
            return false;
        }

        var prefix = allowed[..star];
        var suffix = allowed[(star + 1)..];
        if (prefix.Length == 0)
        {
            var scheme = origin.IndexOf("://", StringComparison.Ordinal);
            prefix = scheme < 0 ? "" : origin[..(scheme + 3)];
        }

        if (origin.Length <= prefix.Length + suffix.Length
            || !origin.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            || !origin.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var label = origin[prefix.Length..^suffix.Length];
        return !label.Contains('/', StringComparison.Ordinal) && !label.Contains(':', StringComparison.Ordinal);
    }

    private static bool Bool(JsonNode? node) => node is JsonValue v && (v.GetValueKind() == System.Text.Json.JsonValueKind.True || (v.GetValueKind() == System.Text.Json.JsonValueKind.String && v.GetValue<string>() == "true"));
}
