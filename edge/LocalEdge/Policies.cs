using System.Text.Json.Nodes;

namespace EdgeRouter.LocalEdge;

/// <summary>Which names of one kind (headers, query string parameters, cookies) a policy passes on:
/// <c>none</c>, <c>whitelist</c> (the items), <c>all</c> (also <c>allViewer</c>,
/// <c>allViewerAndWhitelistCloudFront</c>) or <c>allExcept</c> (all but the items).</summary>
public sealed class NameRule
{
    private readonly Func<string, bool> _allows;

    private NameRule(string description, bool passesNothing, Func<string, bool> allows)
    {
        Description = description;
        PassesNothing = passesNothing;
        _allows = allows;
    }

    /// <summary>Passes nothing.</summary>
    public static NameRule None { get; } = new("none", true, _ => false);

    /// <summary>Passes everything.</summary>
    public static NameRule All { get; } = new("all", false, _ => true);

    /// <summary>How the rule reads, for the start-up summary.</summary>
    public string Description { get; }

    /// <summary>True for <c>none</c>.</summary>
    public bool PassesNothing { get; }

    /// <summary>A rule from a policy's behaviour word and items; <paramref name="ignoreCase"/> for header names.</summary>
    public static NameRule Of(string behavior, IEnumerable<string> items, bool ignoreCase)
    {
        var set = new HashSet<string>(items, ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        var listed = set.Count == 0 ? behavior : $"{behavior} [{string.Join(", ", set)}]";
        return behavior switch
        {
            "none" => None,
            "whitelist" => new(listed, set.Count == 0, set.Contains),
            "allExcept" => new(listed, false, n => !set.Contains(n)),
            "all" or "allViewer" or "allViewerAndWhitelistCloudFront" => new(listed, false, _ => true),
            _ => throw new EdgeConfigurationException($"unknown policy behavior \"{behavior}\""),
        };
    }

    /// <summary>Whether <paramref name="name"/> is passed on.</summary>
    public bool Allows(string name) => _allows(name);

    /// <summary>Passes what either rule passes.</summary>
    public NameRule Or(NameRule other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (PassesNothing)
        {
            return other;
        }

        return other.PassesNothing ? this : new(Description + " | " + other.Description, false, n => Allows(n) || other.Allows(n));
    }

    /// <inheritdoc />
    public override string ToString() => Description;
}

/// <summary>What of the viewer's request reaches the origin.</summary>
/// <param name="Name">How the distribution names the policy, for the log.</param>
/// <param name="Headers">Viewer headers (case-insensitive names).</param>
/// <param name="QueryStrings">Query string parameters (by decoded name).</param>
/// <param name="Cookies">Cookies (by name).</param>
public sealed record Forwarding(string Name, NameRule Headers, NameRule QueryStrings, NameRule Cookies)
{
    /// <summary>Forwards nothing (a behaviour with no policy of this kind).</summary>
    public static Forwarding Nothing { get; } = new("none", NameRule.None, NameRule.None, NameRule.None);

    /// <summary>CloudFront forwards what is in the cache key and what the origin request policy adds.</summary>
    public Forwarding Union(Forwarding other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Name + " + " + other.Name, Headers.Or(other.Headers), QueryStrings.Or(other.QueryStrings), Cookies.Or(other.Cookies));
    }
}

/// <summary>AWS's managed policies, by ID, as documented by CloudFront (only those whose effect the local edge
/// knows; any other managed ID stops it with a message).</summary>
public static class ManagedPolicies
{
    /// <summary>The managed AllViewerExceptHostHeader origin request policy.</summary>
    public const string AllViewerExceptHostHeader = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    private static readonly string[] CorsS3Headers = ["origin", "access-control-request-headers", "access-control-request-method"];
    private static readonly string[] OriginCacheControlHeaders = ["host", "origin", "x-http-method-override", "x-http-method", "x-method-override"];

    /// <summary>Managed origin request policies.</summary>
    public static IReadOnlyDictionary<string, Forwarding> OriginRequest { get; } = new Dictionary<string, Forwarding>
    {
        ["216adef6-5c7f-47e4-b989-5492eafa07d3"] = new("AllViewer", NameRule.All, NameRule.All, NameRule.All),
        [AllViewerExceptHostHeader] = new("AllViewerExceptHostHeader", NameRule.Of("allExcept", ["host"], true), NameRule.All, NameRule.All),
        ["33f36d7e-f396-46d9-90e0-52428a34d9dc"] = new("AllViewerAndCloudFrontHeaders-2022-06", NameRule.All, NameRule.All, NameRule.All),
        ["88a5eaf4-2fd4-4709-b370-b4c650ea3fcf"] = new("CORS-S3Origin", NameRule.Of("whitelist", CorsS3Headers, true), NameRule.None, NameRule.None),
        ["59781a5b-3903-41f3-afcb-af62929ccde1"] = new("CORS-CustomOrigin", NameRule.Of("whitelist", ["origin"], true), NameRule.None, NameRule.None),
        ["acba4595-bd28-49b8-b9fe-13317c0390d0"] = new("UserAgentRefererHeaders", NameRule.Of("whitelist", ["user-agent", "referer"], true), NameRule.None, NameRule.None),
    };

    /// <summary>Managed cache policies: what their cache key holds (and so what is forwarded).</summary>
    public static IReadOnlyDictionary<string, Forwarding> Cache { get; } = new Dictionary<string, Forwarding>
    {
        ["658327ea-f89d-4fab-a63d-7e88639e58f6"] = new("CachingOptimized", NameRule.None, NameRule.None, NameRule.None),
        ["4135ea2d-6df8-44a3-9df3-4b5a84be39ad"] = new("CachingDisabled", NameRule.None, NameRule.None, NameRule.None),
        ["b2884449-e4de-46a7-ac36-70bc7f1ddd6d"] = new("CachingOptimizedForUncompressedObjects", NameRule.None, NameRule.None, NameRule.None),
        ["83da9c7e-98b4-4e11-a168-04f0df8e2c65"] = new("UseOriginCacheControlHeaders", NameRule.Of("whitelist", OriginCacheControlHeaders, true), NameRule.None, NameRule.All),
        ["4cc15a8a-d715-48a4-82b8-cc0b614638fe"] = new("UseOriginCacheControlHeaders-QueryStrings", NameRule.Of("whitelist", OriginCacheControlHeaders, true), NameRule.All, NameRule.All),
    };

    /// <summary>Reads a behaviour's forwarding: cache policy key plus origin request policy, or legacy
    /// <c>forwarded_values</c>.</summary>
    public static Forwarding ForBehaviour(JsonObject behaviour, Terraform tf, string where)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        ArgumentNullException.ThrowIfNull(tf);
        if (Terraform.Block(behaviour["forwarded_values"]) is { } legacy)
        {
            var headers = tf.Strings(legacy["headers"], where + ".forwarded_values.headers");
            var cookies = Terraform.Block(legacy["cookies"]);
            var forward = tf.Evaluate(cookies?["forward"], where + ".forwarded_values.cookies.forward") ?? "none";
            return new(
                "forwarded_values",
                headers.Contains("*") ? NameRule.All : NameRule.Of("whitelist", headers, true),
                tf.Value(legacy["query_string"]) is true ? NameRule.All : NameRule.None,
                forward == "all" ? NameRule.All : NameRule.Of(forward == "whitelist" ? "whitelist" : "none", tf.Strings(cookies?["whitelisted_names"], where + ".cookies"), false));
        }

        var cache = Resolve(tf.Value(behaviour["cache_policy_id"]), Cache, tf, "aws_cloudfront_cache_policy", where + ".cache_policy_id");
        var origin = Resolve(tf.Value(behaviour["origin_request_policy_id"]), OriginRequest, tf, "aws_cloudfront_origin_request_policy", where + ".origin_request_policy_id");
        return (cache ?? Forwarding.Nothing).Union(origin ?? Forwarding.Nothing);
    }

    private static Forwarding? Resolve(object? value, IReadOnlyDictionary<string, Forwarding> managed, Terraform tf, string type, string where)
    {
        switch (value)
        {
            case null or "":
                return null;
            case string id when managed.TryGetValue(id, out var known):
                return known;
            case string id:
                throw new EdgeConfigurationException($"{where}: managed policy {id} is not one the local edge knows");
            case TfRef reference:
                var (refType, name, _, body) = tf.Resource(reference, where);
                if (refType != type)
                {
                    throw new EdgeConfigurationException($"{where}: {reference.Address} is a {refType}, expected {type}");
                }

                var config = type == "aws_cloudfront_cache_policy"
                    ? Terraform.Block(body["parameters_in_cache_key_and_forwarded_to_origin"]) ?? new JsonObject()
                    : body;
                return new(
                    $"{type}.{name}",
                    Rule(tf, Terraform.Block(config["headers_config"]), "header_behavior", "headers", ignoreCase: true, where),
                    Rule(tf, Terraform.Block(config["query_strings_config"]), "query_string_behavior", "query_strings", ignoreCase: false, where),
                    Rule(tf, Terraform.Block(config["cookies_config"]), "cookie_behavior", "cookies", ignoreCase: false, where));
            default:
                throw new EdgeConfigurationException($"{where}: cannot evaluate {value}");
        }
    }

    private static NameRule Rule(Terraform tf, JsonObject? config, string behaviorKey, string itemsKey, bool ignoreCase, string where)
    {
        if (config is null)
        {
            return NameRule.None;
        }

        var behavior = tf.Evaluate(config[behaviorKey], where + "." + behaviorKey) ?? "none";
        var items = tf.Strings(Terraform.Block(config[itemsKey])?["items"], where + "." + itemsKey);
        return NameRule.Of(behavior, items, ignoreCase);
    }
}
