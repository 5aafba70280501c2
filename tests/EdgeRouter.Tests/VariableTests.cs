using System.Text.RegularExpressions;

namespace EdgeRouter.Tests;

public sealed partial class VariableTests(DefaultEdgeFixture fixture, ExistingApiEdgeFixture existing)
    : IClassFixture<DefaultEdgeFixture>, IClassFixture<ExistingApiEdgeFixture>
{
    /// <summary>terraform.tfvars.example as shipped, with its placeholders (which plan refuses).</summary>
    internal static readonly string ShippedExample = Path.Combine(RepoRoot.Path, "terraform.tfvars.example");

    /// <summary>A certificate ARN and a zone ID only tests use, in place of the example's placeholders.</summary>
    internal const string TestCertificateArn = "arn:aws:acm:us-east-1:111122223333:certificate/11111111-2222-4333-8444-555555555555";

    internal const string TestHostedZoneId = "Z00TESTSONLY0000000000";

    /// <summary>
    /// terraform.tfvars.example as a user's terraform.tfvars is after the copy-and-edit the example asks for: its
    /// placeholders (<see cref="Inputs.ExamplePlaceholders"/>) replaced with <see cref="TestCertificateArn"/> and
    /// <see cref="TestHostedZoneId"/>, everything else as shipped. Written once per test run.
    /// </summary>
    internal static string Example => FilledExample.Value;

    private static readonly Lazy<string> FilledExample = new(() =>
    {
        var text = File.ReadAllText(ShippedExample);
        Assert.Contains(Inputs.ExamplePlaceholders.CertificateArn, text);
        Assert.Contains(Inputs.ExamplePlaceholders.HostedZoneId, text);
        var path = Path.Combine(Path.GetTempPath(), $"edge-router-example-{Environment.ProcessId}-{Guid.NewGuid():N}.tfvars");
        File.WriteAllText(path, text
            .Replace(Inputs.ExamplePlaceholders.CertificateArn, TestCertificateArn, StringComparison.Ordinal)
            .Replace(Inputs.ExamplePlaceholders.HostedZoneId, TestHostedZoneId, StringComparison.Ordinal));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    });

    private JsonObject Variables => fixture.Stack.Document["variable"]!.AsObject();

    public static TheoryData<string, string> Types => new()
    {
        { "aws_region", "string" }, { "site_bucket_name", "string" }, { "acm_certificate_arn", "string" },
        { "aliases", "list(string)" }, { "minimum_protocol_version", "string" }, { "price_class", "string" },
        { "hsts_max_age_seconds", "number" }, { "site_noncurrent_version_days", "number" }, { "webfinger_domain", "string" }, { "mastodon_host", "string" },
        { "mastodon_accounts", "list(string)" }, { "oidc_issuer", "string" }, { "oidc_accounts", "list(string)" },
        { "webfinger_resources", "any" }, { "router_log_retention_days", "number" }, { "router_reserved_concurrency", "number" },
        { "not_found_mode", "string" }, { "not_found_page", "string" }, { "access_log_bucket", "string" },
        { "web_acl_id", "string" }, { "route53_zone_id", "string" }, { "webfinger_cache_seconds", "number" },
        { "atproto_did", "string" }, { "matrix_server", "string" }, { "matrix_client_base_url", "string" },
        { "nostr_names", "map(string)" }, { "nostr_relays", "map(list(string))" },
        { "alarm_email", "string" }, { "alarm_topic_arn", "string" }, { "alarm_period_seconds", "number" },
        { "alarm_evaluation_periods", "number" }, { "alarm_datapoints_to_alarm", "number" },
        { "distribution_5xx_alarm_percent", "number" }, { "cloudfront_additional_metrics", "bool" },
        { "router_errors_alarm_threshold", "number" }, { "router_throttles_alarm_threshold", "number" },
        { "router_duration_alarm_ms", "number" }, { "router_origin_5xx_alarm_threshold", "number" },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_variable_has_a_type_a_description_and_a_validation(string name, string type)
    {
        var variable = Variables[name]!;
        Assert.Equal(type, variable["type"]!.ToString());
        Assert.False(string.IsNullOrWhiteSpace(variable["description"]?.ToString()));
        Assert.False((bool)variable["nullable"]!);
        Assert.NotEmpty(variable["validation"]!.AsArray());
    }

    [Fact]
    public void The_stack_has_exactly_these_variables() =>
        Assert.Equal(Types.Select(row => (string)row[0]).Order(), Variables.Select(v => v.Key).Order());

    [Fact]
    public void With_an_existing_api_the_router_variables_give_way_to_the_origin_path()
    {
        var router = new[] { "webfinger_domain", "mastodon_host", "mastodon_accounts", "oidc_issuer", "oidc_accounts",
            "webfinger_resources", "router_log_retention_days", "router_reserved_concurrency",
            "atproto_did", "matrix_server", "matrix_client_base_url", "nostr_names", "nostr_relays",
            "router_errors_alarm_threshold", "router_throttles_alarm_threshold", "router_duration_alarm_ms", "router_origin_5xx_alarm_threshold" };
        var expected = Types.Select(row => (string)row[0]).Except(router).Append("api_origin_path").Order();
        Assert.Equal(expected, existing.Stack.Document["variable"]!.AsObject().Select(v => v.Key).Order());
    }

    [Fact]
    public void Only_the_bucket_and_the_webfinger_domain_have_no_default() =>
        Assert.Equal(["site_bucket_name", "webfinger_domain"],
            Variables.Where(v => v.Value!["default"] is null).Select(v => v.Key).Order());

    // Each assignment of the example with its whole value (a value may span lines), commented out or not, and the
    // section heading ("# --- ...") above it, in file order.
    private static List<(string Name, bool Commented, string Heading, string Text)> ExampleAssignments()
    {
        var result = new List<(string Name, bool Commented, string Heading, string Text)>();
        var heading = "";
        foreach (var line in File.ReadLines(Example))
        {
            if (line.StartsWith("# ---", StringComparison.Ordinal))
            {
                heading = line;
            }

            var set = Assignment().Match(line);
            var commented = CommentedAssignment().Match(line);
            if (set.Success || commented.Success)
            {
                result.Add(((set.Success ? set : commented).Groups[1].Value, commented.Success, heading, line));
            }
            else if (line.Length > 0 && !line.StartsWith('#') && result.Count > 0)
            {
                var last = result[^1];
                result[^1] = last with { Text = last.Text + "\n" + line };
            }
        }

        return result;
    }

    [Fact]
    public void The_tfvars_example_sets_exactly_the_default_stacks_variables_and_comments_out_the_others_shape()
    {
        var assignments = ExampleAssignments();
        Assert.Equal(Variables.Select(v => v.Key).Order(), assignments.Where(a => !a.Commented).Select(a => a.Name).Order());
        var existingOnly = existing.Stack.Document["variable"]!.AsObject().Select(v => v.Key).Except(Variables.Select(v => v.Key));
        Assert.Equal(existingOnly.Order(), assignments.Where(a => a.Commented).Select(a => a.Name).Order());
        Assert.All(assignments.Where(a => a.Commented), a => Assert.Contains("Only with existingApiDomainName", a.Heading));
    }

    private JsonNode? Checks => fixture.Stack.Document["check"];

    [Fact]
    public void Terraform_plans_the_tfvars_example_with_its_placeholders_replaced_without_a_warning_for_the_default_stack()
    {
        using var terraform = new Terraform(Variables, checks: Checks);
        var (code, output) = terraform.Plan($"-var-file={Example}");
        Assert.True(code == 0, output);
        Assert.Contains("No changes.", output);
        Assert.DoesNotContain("Warning", output);
    }

    [Fact]
    public void Terraform_refuses_the_tfvars_example_as_shipped_naming_each_placeholder()
    {
        using var terraform = new Terraform(Variables, checks: Checks);
        var (code, output) = terraform.Plan($"-var-file={ShippedExample}");
        Assert.True(code != 0, output);
        var text = Flat(output);
        Assert.Contains("acm_certificate_arn is terraform.tfvars.example's placeholder (account 123456789012 is AWS's " +
            "documentation account): set the ARN of your certificate in us-east-1 (aws acm list-certificates --region " +
            "us-east-1), or \"\" together with aliases = [] to serve only the distribution's *.cloudfront.net name.", text);
        Assert.Contains("route53_zone_id is terraform.tfvars.example's placeholder: set the ID of the hosted zone of your " +
            "aliases (aws route53 list-hosted-zones-by-name --dns-name example.com), or \"\" to manage DNS yourself.", text);
        // Those two, and nothing else: every other value of the example is a real choice.
        Assert.Equal(2, Regex.Matches(output, "Invalid value for variable").Count);
    }

    [Fact]
    public void The_example_made_for_an_existing_api_as_its_comments_say_plans_without_a_warning()
    {
        // What the heading says: uncomment that section, delete the router section (the variables that shape lacks).
        var declared = existing.Stack.Document["variable"]!.AsObject().Select(v => v.Key).ToHashSet();
        var shaped = Path.Combine(Path.GetTempPath(), $"existing-api-{Guid.NewGuid():N}.tfvars");
        File.WriteAllLines(shaped, ExampleAssignments().Where(a => declared.Contains(a.Name))
            .Select(a => a.Commented ? a.Text.TrimStart('#', ' ') : a.Text));
        try
        {
            using var terraform = new Terraform(existing.Stack.Document["variable"]!);
            var (code, output) = terraform.Plan($"-var-file={shaped}");
            Assert.True(code == 0, output);
            Assert.Contains("No changes.", output);
            Assert.DoesNotContain("Warning", output);
        }
        finally
        {
            File.Delete(shaped);
        }
    }

    [Theory]
    [InlineData("site_bucket_name=Example_Site", "site_bucket_name must be 3-63 lower-case letters")]
    [InlineData("site_bucket_name=example.com", "site_bucket_name must be 3-63 lower-case letters")]
    [InlineData("site_bucket_name=xn--example-site", "site_bucket_name must not start with xn--, sthree- or amzn-s3-demo-: S3 reserves these prefixes and refuses the bucket at apply.")]
    [InlineData("site_bucket_name=sthree-site", "site_bucket_name must not start with xn--, sthree- or amzn-s3-demo-")]
    [InlineData("site_bucket_name=sthree-configurator-site", "site_bucket_name must not start with xn--, sthree- or amzn-s3-demo-")]
    [InlineData("site_bucket_name=amzn-s3-demo-bucket", "site_bucket_name must not start with xn--, sthree- or amzn-s3-demo-")]
    [InlineData("site_bucket_name=example-site-s3alias", "site_bucket_name must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3: S3 reserves these suffixes and refuses the bucket at apply.")]
    [InlineData("site_bucket_name=example-site--ol-s3", "site_bucket_name must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3")]
    [InlineData("site_bucket_name=example-site--x-s3", "site_bucket_name must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3")]
    [InlineData("site_bucket_name=example-site--table-s3", "site_bucket_name must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3")]
    [InlineData("access_log_bucket=logs..example", "access_log_bucket must not contain two adjacent dots or look like an IP address (192.168.5.4): S3 refuses such names.")]
    [InlineData("access_log_bucket=192.168.5.4", "access_log_bucket must not contain two adjacent dots or look like an IP address")]
    [InlineData("access_log_bucket=xn--logs", "access_log_bucket must not start with xn--, sthree- or amzn-s3-demo-")]
    [InlineData("access_log_bucket=example.logs.mrap", "access_log_bucket must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3")]
    [InlineData("acm_certificate_arn=" + Inputs.ExamplePlaceholders.CertificateArn, "acm_certificate_arn is terraform.tfvars.example's placeholder")]
    [InlineData("route53_zone_id=" + Inputs.ExamplePlaceholders.HostedZoneId, "route53_zone_id is terraform.tfvars.example's placeholder")]
    [InlineData("acm_certificate_arn=arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d", "acm_certificate_arn must be empty or an ACM certificate ARN in us-east-1")]
    [InlineData("aliases=[\"Example.COM\"]", "aliases must be lower-case host names")]
    [InlineData("minimum_protocol_version=TLSv1", "minimum_protocol_version must be TLSv1.2_2021, TLSv1.2_2025 or TLSv1.3_2025.")]
    [InlineData("price_class=PriceClass_1000", "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All.")]
    [InlineData("hsts_max_age_seconds=60", "hsts_max_age_seconds must be a whole number from 300 to 63072000.")]
    [InlineData("hsts_max_age_seconds=3600.5", "hsts_max_age_seconds must be a whole number from 300 to 63072000.")]
    [InlineData("aws_region=US-EAST-1", "aws_region must be an AWS region name")]
    [InlineData("webfinger_domain=https://example.com", "webfinger_domain: must be a bare lower-case host name such as example.com (no scheme, port or path), got \"https://example.com\"")]
    [InlineData("mastodon_host=https://mastodon.example.com", "mastodon_host: must be a bare lower-case host name")]
    [InlineData("mastodon_host=mastodon.example.com/path", "mastodon_host: must be a bare lower-case host name")]
    [InlineData("mastodon_accounts=[\"alice@example.com\"]", "mastodon_accounts[0]: must be a user name of 1-64 letters")]
    [InlineData("oidc_issuer=http://auth.example.com", "oidc_issuer: must be an https URL")]
    [InlineData("oidc_issuer=https://auth.example.com/?x=1", "oidc_issuer: must be an https URL")]
    [InlineData("oidc_accounts=[\"bob@example.com\"]", "oidc_accounts[0]: must be a user name of 1-64 letters")]
    [InlineData("webfinger_resources={\"acct:dave@example.com\"={links=[]}}", "webfinger_resources[\"acct:dave@example.com\"].subject: must be a non-empty string (a JRD names its subject, RFC 7033 §4.4.1)")]
    [InlineData("webfinger_resources={\"dave\"={subject=\"dave\"}}", "webfinger_resources[\"dave\"]: the key must be a URI")]
    // The issue's examples: each passed plan before and stopped the router at start-up.
    [InlineData("webfinger_resources={\"acct:x@example.com\"={subject=\"acct:x@example.com\",links=[{ref=\"self\"}]}}", "webfinger_resources[\"acct:x@example.com\"].links[0]: unknown key \"ref\" (a link has rel, type, href, titles, properties, template)")]
    [InlineData("webfinger_resources={\"acct:x@example.com\"={subject=\"acct:x@example.com\",properties={\"http://example.com/n\"=5}}}", "webfinger_resources[\"acct:x@example.com\"].properties[\"http://example.com/n\"]: must be a string or null")]
    [InlineData("webfinger_resources={\"acct:a b@example.com\"={subject=\"acct:a b@example.com\"}}", "webfinger_resources[\"acct:a b@example.com\"]: the key must be a URI")]
    [InlineData("webfinger_resources={\"acct:x@example.com\"={subject=\"\"}}", "webfinger_resources[\"acct:x@example.com\"].subject: must be a non-empty string (a JRD names its subject, RFC 7033 §4.4.1), got \"\"")]
    [InlineData("webfinger_resources={\"acct:x@example.com\"={subject=\"acct:x@example.com\",links=[{rel=\"self\",titles={en=null}}]}}", "webfinger_resources[\"acct:x@example.com\"].links[0].titles[\"en\"]: must be a string")]
    [InlineData("oidc_issuer=https://auth.example.com/a|b", "oidc_issuer: must be an https URL")]
    [InlineData("oidc_issuer=https://a..example.com", "oidc_issuer: must be an https URL")]
    [InlineData("router_log_retention_days=0", "router_log_retention_days must be one of CloudWatch's periods")]
    [InlineData("router_reserved_concurrency=0", "router_reserved_concurrency must be -1 (no reservation) or a whole number from 1 to 1000.")]
    [InlineData("router_reserved_concurrency=-2", "router_reserved_concurrency must be -1 (no reservation) or a whole number from 1 to 1000.")]
    [InlineData("router_reserved_concurrency=2.5", "router_reserved_concurrency must be -1 (no reservation) or a whole number from 1 to 1000.")]
    [InlineData("site_noncurrent_version_days=0", "site_noncurrent_version_days must be a whole number from 1 to 3650.")]
    [InlineData("site_noncurrent_version_days=1.5", "site_noncurrent_version_days must be a whole number from 1 to 3650.")]
    [InlineData("not_found_mode=redirect", "not_found_mode must be error-page, list-bucket or spa.")]
    [InlineData("not_found_page=404.html", "not_found_page must be a path in the bucket")]
    [InlineData("access_log_bucket=Logs_Bucket", "access_log_bucket must be empty or an S3 bucket name.")]
    [InlineData("web_acl_id=arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/site/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d", "web_acl_id must be empty or the ARN of a global")]
    [InlineData("route53_zone_id=example.com", "route53_zone_id must be empty or a hosted zone ID")]
    [InlineData("webfinger_cache_seconds=7200", "webfinger_cache_seconds must be a whole number from 0 to 3600.")]
    [InlineData("alarm_email=ops", "alarm_email must be empty or one email address")]
    [InlineData("alarm_email=ops@example.com,dev@example.com", "alarm_email must be empty or one email address")]
    [InlineData("alarm_topic_arn=arn:aws:sqs:us-east-1:123456789012:alarms", "alarm_topic_arn must be empty or an SNS topic ARN")]
    [InlineData("alarm_topic_arn=arn:aws:sns:eu-west-1:123456789012:alarms", "alarm_topic_arn must name a topic in aws_region")]
    [InlineData("alarm_period_seconds=90", "alarm_period_seconds must be a multiple of 60 from 60 to 3600.")]
    [InlineData("alarm_period_seconds=0", "alarm_period_seconds must be a multiple of 60 from 60 to 3600.")]
    [InlineData("alarm_evaluation_periods=0", "alarm_evaluation_periods must be a whole number from 1 to 24.")]
    [InlineData("alarm_datapoints_to_alarm=4", "alarm_datapoints_to_alarm must be a whole number from 1 to alarm_evaluation_periods.")]
    [InlineData("alarm_datapoints_to_alarm=1.5", "alarm_datapoints_to_alarm must be a whole number from 1 to alarm_evaluation_periods.")]
    [InlineData("distribution_5xx_alarm_percent=0", "distribution_5xx_alarm_percent must be a number above 0 and at most 100.")]
    [InlineData("distribution_5xx_alarm_percent=101", "distribution_5xx_alarm_percent must be a number above 0 and at most 100.")]
    [InlineData("router_errors_alarm_threshold=0", "router_errors_alarm_threshold must be a whole number from 1 to 1000000.")]
    [InlineData("router_throttles_alarm_threshold=0.5", "router_throttles_alarm_threshold must be a whole number from 1 to 1000000.")]
    [InlineData("router_duration_alarm_ms=5001", "router_duration_alarm_ms must be a whole number from 100 to 5000")]
    [InlineData("router_origin_5xx_alarm_threshold=-1", "router_origin_5xx_alarm_threshold must be a whole number from 1 to 1000000.")]
    public void Terraform_rejects_a_bad_value_with_the_variables_own_message(string assignment, string message)
    {
        using var terraform = new Terraform(Variables);
        var (code, output) = terraform.Plan($"-var-file={Example}", $"-var={assignment}");
        Assert.True(code != 0, output);
        Assert.Contains("Invalid value for variable", output);
        // Terraform wraps a message at about 78 columns: compare with white space folded.
        Assert.Contains(Folded(message), Folded(Unwrap(output)));
    }

    [Fact]
    public void An_alias_over_253_characters_and_a_web_acl_name_over_128_are_refused_though_every_label_is_valid()
    {
        var label = new string('a', 63);
        var alias = $"{label}.{label}.{label}.{label}.com"; // 259 characters, labels of 63
        var acl = $"arn:aws:wafv2:us-east-1:111122223333:global/webacl/{new string('w', 129)}/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d";
        using var terraform = new Terraform(Variables);
        var (code, output) = terraform.Plan($"-var-file={Example}", $"-var=aliases=[\"{alias}\"]", $"-var=web_acl_id={acl}");
        Assert.True(code != 0, output);
        Assert.Contains("aliases must be lower-case host names such as example.com or www.example.com (at most 253 characters).", Flat(output));
        Assert.Contains("web_acl_id must be empty or the ARN of a global (CLOUDFRONT) WAFv2 web ACL.", Flat(output));

        // One character less of each is taken.
        var (fits, fitsOutput) = terraform.Plan($"-var-file={Example}",
            $"-var=aliases=[\"{label}.{label}.{label}.{new string('a', 61)}\"]", $"-var=web_acl_id={acl.Replace(new string('w', 129), new string('w', 128), StringComparison.Ordinal)}");
        Assert.True(fits == 0, fitsOutput);
    }

    [Fact]
    public void Existing_api_origin_path_is_validated()
    {
        using var terraform = new Terraform(existing.Stack.Document["variable"]!);
        var (code, output) = terraform.Plan($"-var-file={Example}", "-var=api_origin_path=prod/");
        Assert.True(code != 0, output);
        Assert.Contains("api_origin_path must be empty or start with '/'", Unwrap(output));
    }

    [Fact]
    public void Aliases_without_a_certificate_are_rejected()
    {
        using var terraform = new Terraform(Variables);
        var (code, output) = terraform.Plan($"-var-file={Example}", "-var=acm_certificate_arn=");
        Assert.True(code != 0, output);
        Assert.Contains("aliases need acm_certificate_arn", Unwrap(output));
    }

    [Fact]
    public void No_aliases_no_certificate_and_no_zone_plans_with_a_warning_that_no_lookup_reaches_the_router()
    {
        using var terraform = new Terraform(Variables, checks: Checks);
        var (code, output) = terraform.Plan($"-var-file={Example}", "-var=acm_certificate_arn=", "-var=aliases=[]", "-var=route53_zone_id=");
        Assert.True(code == 0, output);
        Assert.Single(Regex.Matches(output, "Warning: Check block assertion failed"));
        Assert.Contains("aliases is empty: the distribution answers only on its *.cloudfront.net name, and WebFinger " +
            "clients ask https://example.com/.well-known/webfinger, so no lookup reaches the router. Add your domain to " +
            "aliases (with acm_certificate_arn covering it).", Flat(output));
    }

    [Fact]
    public void A_certificate_without_aliases_is_refused_because_cloudfront_would_never_present_it()
    {
        using var terraform = new Terraform(Variables, checks: Checks);
        var (code, output) = terraform.Plan($"-var-file={Example}", "-var=aliases=[]", "-var=route53_zone_id=");
        Assert.True(code != 0, output);
        Assert.Single(Regex.Matches(output, "Invalid value for variable"));
        Assert.Contains("aliases is empty while acm_certificate_arn is set: CloudFront presents your certificate only " +
            "for the alternate domain names in aliases, so it would never be used; add the names it covers to aliases, " +
            "or set acm_certificate_arn = \"\".", Flat(output));
    }

    [Fact]
    public void A_hosted_zone_without_aliases_is_refused_because_no_record_would_be_made()
    {
        using var terraform = new Terraform(Variables, checks: Checks);
        var (code, output) = terraform.Plan($"-var-file={Example}", "-var=aliases=[]", "-var=acm_certificate_arn=");
        Assert.True(code != 0, output);
        Assert.Single(Regex.Matches(output, "Invalid value for variable"));
        Assert.Contains("aliases is empty while route53_zone_id is set: records are made only for the names in aliases, " +
            "so the zone would never be used; add your domain to aliases, or set route53_zone_id = \"\".", Flat(output));
    }

    [Theory]
    [InlineData("webfinger_domain=other.example", true)]
    [InlineData("aliases=[\"www.example.com\"]", false)] // the parent of an alias: the owner may redirect the apex
    [InlineData("aliases=[\"example.com\"]", false)]
    [InlineData("aliases=[\"notexample.com\"]", true)] // a suffix, not a parent domain
    public void A_webfinger_domain_the_distribution_does_not_serve_is_a_warning(string assignment, bool warns)
    {
        using var terraform = new Terraform(Variables, checks: Checks);
        var (code, output) = terraform.Plan($"-var-file={Example}", $"-var={assignment}");
        Assert.True(code == 0, output);
        var domain = assignment.StartsWith("webfinger_domain=", StringComparison.Ordinal) ? "other.example" : "example.com";
        var message = $"webfinger_domain ({domain}) is neither in aliases nor the parent domain of one: lookups of " +
            $"acct:...@{domain} go to https://{domain}/.well-known/webfinger, which this distribution does not serve. " +
            $"Add {domain} to aliases, or correct webfinger_domain.";
        if (warns)
        {
            Assert.Single(Regex.Matches(output, "Warning: Check block assertion failed"));
            Assert.Contains(message, Flat(output));
        }
        else
        {
            Assert.DoesNotContain("Warning", output);
        }
    }

    [Fact]
    public void Without_the_router_an_empty_aliases_is_still_a_warning()
    {
        using var terraform = new Terraform(existing.Stack.Document["variable"]!, checks: existing.Stack.Document["check"]);
        var (code, output) = terraform.Plan("-var=site_bucket_name=example-com-site");
        Assert.True(code == 0, output);
        Assert.Single(Regex.Matches(output, "Warning: Check block assertion failed"));
        Assert.Contains("aliases is empty: the distribution answers only on its *.cloudfront.net name, and WebFinger " +
            "clients ask https://<your domain>/.well-known/webfinger, so no lookup reaches the router.", Flat(output));
    }

    // Terraform wraps long messages, in a box ("│ ") for errors, without one for warnings: join every line back.
    internal static string Flat(string output) => Regex.Replace(output, @"[\s│]+", " ");

    // Terraform wraps long messages in a box ("│ "); join the lines back.
    /// <summary>Every run of white space as one space.</summary>
    internal static string Folded(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\\s+", " ");

    internal static string Unwrap(string output) => BoxPrefix().Replace(output, " ").Replace("  ", " ", StringComparison.Ordinal);

    [GeneratedRegex(@"^([a-z0-9_]+)\s*=", RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^#\s?([a-z0-9_]+)\s*=", RegexOptions.CultureInvariant)]
    private static partial Regex CommentedAssignment();

    [GeneratedRegex(@"\s*\n│\s*")]
    private static partial Regex BoxPrefix();
}
