using System.Security.Cryptography;
using System.Text;
using EdgeRouter.Configuration;
using EdgeRouter.Guardrails;
using EdgeRouter.Naming;

namespace EdgeRouter.Tests;

/// <summary>The stack with its own origin request policy: every name the stack can build is in it.</summary>
public sealed class StackOwnedEdgeFixture
{
    public SynthesizedStack Stack { get; } = Synth.Edge(Synth.Defaults with { ApiOriginRequestPolicy = ApiOriginRequestPolicyKind.StackOwned });
}

/// <summary>
/// Every name the stack gives an AWS object keeps AWS's rule for it and is unique per site, evaluated by the real
/// terraform from the synthesized JSON (main/Naming/README.md has the rules and their sources).
/// </summary>
public sealed class NamingTests(StackOwnedEdgeFixture fixture) : IClassFixture<StackOwnedEdgeFixture>
{
    // AWS's rule for each name, written out here from AWS's documentation (not from main/Naming), with the
    // attribute that holds the name.
    private static readonly (string Type, string Attribute, int Limit, string Pattern)[] AwsRules =
    [
        ("aws_cloudfront_function", "name", 64, "^[A-Za-z0-9_-]+$"),
        ("aws_cloudfront_origin_access_control", "name", 64, "^.+$"),
        ("aws_cloudfront_cache_policy", "name", 128, "^[A-Za-z0-9_-]+$"),
        ("aws_cloudfront_response_headers_policy", "name", 128, "^[A-Za-z0-9_-]+$"),
        ("aws_cloudfront_origin_request_policy", "name", 128, "^[A-Za-z0-9_-]+$"),
        ("aws_lambda_function", "function_name", 64, "^[A-Za-z0-9_-]+$"),
        ("aws_iam_role", "name", 64, @"^[\w+=,.@-]+$"),
        ("aws_cloudwatch_log_group", "name", 512, @"^[.\-_/#A-Za-z0-9]+$"),
        ("aws_apigatewayv2_api", "name", 128, "^.+$"),
    ];

    // Names that are constants or the user's own values, not built from the site's name.
    // aws_lambda_permission's function_name refers to the function.
    // The operations' names (Operations/) are the site bucket's name (at most 63 of [a-z0-9-]) and a fixed suffix, or
    // a constant: every one fits its limit whole (SNS 256, alarm 255, dashboard 255, query 255), no shortening needed.
    private static readonly string[] NotBuilt =
        ["aws_iam_role_policy", "aws_apigatewayv2_stage", "aws_route53_record", "aws_s3_bucket", "aws_lambda_permission",
            "aws_cloudwatch_log_metric_filter", "aws_cloudwatch_query_definition", "aws_sns_topic"];

    private Dictionary<string, string> NameExpressions() =>
        AwsRules.SelectMany(rule => fixture.Stack.Resources(rule.Type)
                .Select(r => ($"{rule.Type}.{r.Key}", r.Value[rule.Attribute]!.ToString())))
            .ToDictionary(n => n.Item1.Replace('.', '_'), n => n.Item2);

    /// <summary>Hostile round (issue 19): the two response headers policies share one account-wide name space, and
    /// two sites share an account. No key of one site can give its router policy the name of another site's security
    /// policy (or the reverse): neither readable suffix ends the other, and a shortened name keeps its suffix.</summary>
    [Fact]
    public void The_two_response_headers_policies_never_take_each_others_names_across_sites()
    {
        var (router, security) = (ResourceNames.RouterHeadersPolicy, ResourceNames.SecurityHeadersPolicy);
        Assert.Equal(router.Prefix, security.Prefix);
        Assert.False(router.Suffix.EndsWith(security.Suffix, StringComparison.Ordinal));
        Assert.False(security.Suffix.EndsWith(router.Suffix, StringComparison.Ordinal));
        // The longest site key (a 63-character bucket name) still fits whole: no shortening, no hash to collide.
        Assert.True(63 + router.Suffix.Length <= router.MaxLength);
    }

    [Fact]
    public void Every_named_resource_of_the_stack_has_an_aws_rule_here()
    {
        var named = fixture.Stack.Document["resource"]!.AsObject()
            .Where(type => type.Value!.AsObject().Any(r => r.Value!["name"] is not null || r.Value!["function_name"] is not null))
            .Select(type => type.Key);
        Assert.Equal([], named.Except(AwsRules.Select(r => r.Type)).Except(NotBuilt));
        Assert.All(AwsRules, rule => Assert.NotEmpty(fixture.Stack.Resources(rule.Type)));
    }

    [Fact]
    public void Every_built_name_comes_from_local_resource_names()
    {
        Assert.All(NameExpressions(), name => Assert.Matches(@"^(/aws/lambda/)?\$\{local\.resource_names\.[a-z_]+\}$", name.Value));
    }

    private static readonly string SharedPrefix = new string('s', 30) + "-" + new string('t', 29); // 60 characters

    [Theory]
    [InlineData("abc", "abd")] // 63 characters each, the longest a bucket name can be
    [InlineData("a", "b")] // 61
    public void Two_site_names_sharing_a_60_character_start_get_different_names_for_every_resource(string endA, string endB)
    {
        var expressions = NameExpressions();
        var a = Terraform.Evaluate(fixture.Stack, expressions, $"-var=site_bucket_name={SharedPrefix}{endA}");
        var b = Terraform.Evaluate(fixture.Stack, expressions, $"-var=site_bucket_name={SharedPrefix}{endB}");
        foreach (var (key, _) in expressions)
        {
            var rule = AwsRules.Single(r => key.StartsWith(r.Type + "_", StringComparison.Ordinal));
            var (nameA, nameB) = (a[key]!.ToString(), b[key]!.ToString());
            Assert.True(nameA != nameB, $"{key}: both sites are named {nameA}");
            foreach (var name in new[] { nameA, nameB })
            {
                Assert.True(name.Length <= rule.Limit, $"{key}: {name} is {name.Length} characters, over {rule.Limit}");
                Assert.Matches(rule.Pattern, name);
            }
        }
    }

    [Fact]
    public void A_site_name_that_fits_keeps_todays_readable_names()
    {
        var names = Terraform.Evaluate(fixture.Stack, NameExpressions(), "-var=site_bucket_name=example-com-site");
        Assert.Equal(
            ["/aws/lambda/webfinger-example-com-site", "example-com-site", "example-com-site-api-except-host",
                "example-com-site-index-rewrite", "example-com-site-router-headers", "example-com-site-security-headers",
                "example-com-site-webfinger-cache",
                "webfinger-example-com-site", "webfinger-example-com-site", "webfinger-example-com-site"],
            names.Select(n => n.Value!.ToString()).Order(StringComparer.Ordinal));
    }

    // Site keys a property test runs through every rule: random lengths from 3 to 63 (and, with an environment,
    // longer), many sharing long starts, so both the readable and the shortened forms are exercised.
    private static List<string> GeneratedKeys(int seed, int count)
    {
        var random = new Random(seed);
        const string chars = "abcdefghijklmnopqrstuvwxyz0123456789-";
        var starts = Enumerable.Range(0, 4).Select(_ => new string(Enumerable.Range(0, 58).Select(_ => chars[random.Next(26)]).ToArray())).ToArray();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (keys.Count < count)
        {
            var length = random.Next(3, 64);
            // A third share one of four 58-character starts; the rest are random. The key's characters are the site
            // bucket's ('-' never first or last).
            var shared = random.Next(3) == 0 ? starts[random.Next(starts.Length)][..Math.Min(length, 58)] : "";
            var key = shared + new string(Enumerable.Range(shared.Length, length - shared.Length)
                .Select(i => chars[random.Next(i == 0 || i == length - 1 ? chars.Length - 1 : chars.Length)]).ToArray());
            keys.Add(key);
        }

        return [.. keys];
    }

    [Fact]
    public void Property_every_rule_gives_distinct_names_within_awss_limits_for_generated_site_names()
    {
        var keys = GeneratedKeys(seed: 20261204, count: 300);
        var list = string.Join(", ", keys.Select(k => $"\"{k}\""));
        var members = string.Join(", ", ResourceNames.All.Select(r => $"{r.Key} = {r.Expression("k")}"));
        var withEnvironment = string.Join(", ", ResourceNames.All.Select(r =>
            $"{r.Key} = {r.Expression(ResourceNames.KeyExpression("k", "\"staging\""))}"));
        var result = Terraform.Evaluate(fixture.Stack, new Dictionary<string, string>
        {
            ["plain"] = $"${{[for k in [{list}] : {{ {members} }}]}}",
            ["staging"] = $"${{[for k in [{list}] : {{ {withEnvironment} }}]}}",
        });

        foreach (var (set, suffix) in new[] { ("plain", ""), ("staging", "_staging") })
        {
            var names = result[set]!.AsArray();
            Assert.Equal(keys.Count, names.Count);
            foreach (var rule in ResourceNames.All)
            {
                var built = names.Select(n => n![rule.Key]!.ToString()).ToList();
                Assert.Equal(built.Count, built.Distinct(StringComparer.Ordinal).Count());
                for (var i = 0; i < keys.Count; i++)
                {
                    var key = keys[i] + suffix;
                    var name = built[i];
                    Assert.True(name.Length <= rule.MaxLength, $"{rule.Key}({key}) = {name}: over {rule.MaxLength}");
                    Assert.Matches(rule.Allowed, name);
                    var readable = rule.Prefix + key + rule.Suffix;
                    // Readable whenever it fits; otherwise the start of the key and the first 8 hex digits of its SHA-256.
                    Assert.Equal(readable.Length <= rule.MaxLength
                        ? readable
                        : $"{rule.Prefix}{key[..rule.KeptKeyLength]}-{Sha256Hex(key)[..NameRule.HashLength]}{rule.Suffix}", name);
                }
            }
        }

        // Every plain name differs from its environment's: two environments of one site never collide.
        var plain = result["plain"]!.AsArray();
        var staging = result["staging"]!.AsArray();
        Assert.All(Enumerable.Range(0, keys.Count), i => Assert.All(ResourceNames.All, rule =>
            Assert.NotEqual(plain[i]![rule.Key]!.ToString(), staging[i]![rule.Key]!.ToString())));
    }

    private static string Sha256Hex(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    // Bucket names around every S3 rule: the reserved prefixes and suffixes, dots, IP forms, lengths.
    private static IEnumerable<string> BucketNameCorpus()
    {
        string[] plain = ["abc", "example-com-site", "a1", "my.bucket.example", "logs-2024", new string('a', 63), new string('a', 64)];
        foreach (var name in plain)
        {
            yield return name;
        }

        foreach (var prefix in S3BucketNames.ReservedPrefixes.Append("sthree-configurator").Append("xn-").Append("sthree").Append("amzn-s3-demo"))
        {
            yield return prefix + "site";
            yield return "my-" + prefix + "site";
        }

        foreach (var suffix in S3BucketNames.ReservedSuffixes.Append("-s3alia").Append("-ol-s3").Append("mrap").Append("-x-s3"))
        {
            yield return "site" + suffix;
            yield return "site" + suffix + "x";
        }

        string[] shapes = ["192.168.5.4", "1.2.3.4", "1.2.3.4a", "1.2.3", "a..b", "a.-b", "-ab", "ab-", ".ab", "ab.", "Ab", "a_b", "ab"];
        foreach (var name in shapes)
        {
            yield return name;
        }
    }

    [Fact]
    public void Terraforms_validations_and_the_state_bucket_setting_agree_on_every_s3_bucket_name()
    {
        var corpus = BucketNameCorpus().Distinct().ToList();
        var variables = fixture.Stack.Document["variable"]!;
        var expressions = new Dictionary<string, string>();
        for (var i = 0; i < corpus.Count; i++)
        {
            foreach (var variable in new[] { "site_bucket_name", "access_log_bucket" })
            {
                var conditions = variables[variable]!["validation"]!.AsArray()
                    .Select(v => v!["condition"]!.ToString()[2..^1].Replace($"var.{variable}", $"\"{corpus[i]}\"", StringComparison.Ordinal));
                expressions[$"{variable}_{i}"] = $"${{alltrue([{string.Join(", ", conditions)}])}}";
            }
        }

        var accepted = Terraform.Evaluate(fixture.Stack, expressions);
        for (var i = 0; i < corpus.Count; i++)
        {
            var name = corpus[i];
            var setting = S3BucketNames.Problem(name) is null;
            Assert.True(setting == (bool)accepted[$"access_log_bucket_{i}"]!, $"{name}: stateBucket {(setting ? "takes" : "refuses")} it, access_log_bucket does not agree");
            Assert.True((setting && !name.Contains('.')) == (bool)accepted[$"site_bucket_name_{i}"]!,
                $"{name}: site_bucket_name must take exactly the names stateBucket takes that have no dot");
        }

        // And the corpus covers both sides.
        Assert.Contains(corpus, n => S3BucketNames.Problem(n) is null);
        Assert.All(S3BucketNames.ReservedPrefixes.Concat(S3BucketNames.ReservedSuffixes), reserved =>
            Assert.Contains(corpus, n => S3BucketNames.Problem(n) is { } p && p.EndsWith(reserved, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("xn--state", "S3 reserves the prefix xn--")]
    [InlineData("amzn-s3-demo-state", "S3 reserves the prefix amzn-s3-demo-")]
    [InlineData("state-s3alias", "S3 reserves the suffix -s3alias")]
    [InlineData("state--table-s3", "S3 reserves the suffix --table-s3")]
    [InlineData("10.0.0.1", "no two adjacent dots, not formatted as an IP address")]
    public void The_state_bucket_setting_refuses_what_s3_refuses_naming_the_setting(string bucket, string reason)
    {
        var error = Assert.Throws<SettingsException>(() => new RemoteStateSettings { Bucket = bucket }.Validate());
        Assert.Equal($"stateBucket (EDGE_ROUTER_STATE_BUCKET): \"{bucket}\" is not a valid S3 bucket name ({reason})", error.Message);
    }
}
