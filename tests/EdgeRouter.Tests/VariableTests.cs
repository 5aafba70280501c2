using System.Text.RegularExpressions;

namespace EdgeRouter.Tests;

public sealed partial class VariableTests(DefaultEdgeFixture fixture, ExistingApiEdgeFixture existing)
    : IClassFixture<DefaultEdgeFixture>, IClassFixture<ExistingApiEdgeFixture>
{
    internal static readonly string Example = Path.Combine(RepoRoot.Path, "terraform.tfvars.example");

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

    [Fact]
    public void Terraform_plans_the_tfvars_example_without_a_warning_for_the_default_stack()
    {
        using var terraform = new Terraform(Variables);
        var (code, output) = terraform.Plan($"-var-file={Example}");
        Assert.True(code == 0, output);
        Assert.Contains("No changes.", output);
        Assert.DoesNotContain("Warning", output);
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
    [InlineData("acm_certificate_arn=arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d", "acm_certificate_arn must be empty or an ACM certificate ARN in us-east-1")]
    [InlineData("aliases=[\"Example.COM\"]", "aliases must be lower-case host names")]
    [InlineData("minimum_protocol_version=TLSv1", "minimum_protocol_version must be TLSv1.2_2021, TLSv1.2_2025 or TLSv1.3_2025.")]
    [InlineData("price_class=PriceClass_1000", "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All.")]
    [InlineData("hsts_max_age_seconds=60", "hsts_max_age_seconds must be a whole number from 300 to 63072000.")]
    [InlineData("hsts_max_age_seconds=3600.5", "hsts_max_age_seconds must be a whole number from 300 to 63072000.")]
    [InlineData("aws_region=US-EAST-1", "aws_region must be an AWS region name")]
    [InlineData("webfinger_domain=https://example.com", "webfinger_domain must be a bare lower-case host name")]
    [InlineData("mastodon_host=https://mastodon.example.com", "mastodon_host must be empty or a bare lower-case host name")]
    [InlineData("mastodon_host=mastodon.example.com/path", "mastodon_host must be empty or a bare lower-case host name")]
    [InlineData("mastodon_accounts=[\"alice@example.com\"]", "mastodon_accounts must be user names")]
    [InlineData("oidc_issuer=http://auth.example.com", "oidc_issuer must be empty or an https URL")]
    [InlineData("oidc_issuer=https://auth.example.com/?x=1", "oidc_issuer must be empty or an https URL")]
    [InlineData("oidc_accounts=[\"bob@example.com\"]", "oidc_accounts must be user names")]
    [InlineData("webfinger_resources={\"acct:dave@example.com\"={links=[]}}", "webfinger_resources must map resource URIs")]
    [InlineData("webfinger_resources={\"dave\"={subject=\"dave\"}}", "webfinger_resources must map resource URIs")]
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
        Assert.Contains(message, Unwrap(output));
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
    public void No_aliases_and_no_certificate_is_fine()
    {
        using var terraform = new Terraform(Variables);
        var (code, output) = terraform.Plan($"-var-file={Example}", "-var=acm_certificate_arn=", "-var=aliases=[]");
        Assert.True(code == 0, output);
    }

    // Terraform wraps long messages in a box ("│ "); join the lines back.
    internal static string Unwrap(string output) => BoxPrefix().Replace(output, " ").Replace("  ", " ", StringComparison.Ordinal);

    [GeneratedRegex(@"^([a-z0-9_]+)\s*=", RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^#\s?([a-z0-9_]+)\s*=", RegexOptions.CultureInvariant)]
    private static partial Regex CommentedAssignment();

    [GeneratedRegex(@"\s*\n│\s*")]
    private static partial Regex BoxPrefix();
}
