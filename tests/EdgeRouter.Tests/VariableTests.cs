using System.Text.RegularExpressions;

namespace EdgeRouter.Tests;

public sealed partial class VariableTests(DefaultEdgeFixture fixture) : IClassFixture<DefaultEdgeFixture>
{
    private static readonly string Example = Path.Combine(RepoRoot.Path, "terraform.tfvars.example");

    private JsonObject Variables => fixture.Stack.Document["variable"]!.AsObject();

    public static TheoryData<string, string> Types => new()
    {
        { "aws_region", "string" }, { "site_bucket_name", "string" }, { "api_domain_name", "string" },
        { "api_origin_path", "string" }, { "acm_certificate_arn", "string" }, { "aliases", "list(string)" },
        { "minimum_protocol_version", "string" }, { "price_class", "string" }, { "hsts_max_age_seconds", "number" },
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
    public void Only_the_bucket_and_the_api_domain_have_no_default() =>
        Assert.Equal(["api_domain_name", "site_bucket_name"],
            Variables.Where(v => v.Value!["default"] is null).Select(v => v.Key).Order());

    [Fact]
    public void The_tfvars_example_lists_every_variable_once()
    {
        var names = File.ReadLines(Example).Select(line => Assignment().Match(line)).Where(m => m.Success)
            .Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(Variables.Select(v => v.Key).Order(), names.Order());
    }

    [Fact]
    public void Terraform_accepts_the_tfvars_example()
    {
        using var terraform = new Terraform(Variables);
        var (code, output) = terraform.Plan($"-var-file={Example}");
        Assert.True(code == 0, output);
        Assert.Contains("No changes.", output);
    }

    [Theory]
    [InlineData("site_bucket_name=Example_Site", "site_bucket_name must be 3-63 lower-case letters")]
    [InlineData("site_bucket_name=example.com", "site_bucket_name must be 3-63 lower-case letters")]
    [InlineData("api_domain_name=https://api.example.com", "api_domain_name must be a bare lower-case host name")]
    [InlineData("api_domain_name=api.example.com/prod", "api_domain_name must be a bare lower-case host name")]
    [InlineData("api_origin_path=prod", "api_origin_path must be empty or start with '/'")]
    [InlineData("api_origin_path=/prod/", "api_origin_path must be empty or start with '/'")]
    [InlineData("acm_certificate_arn=arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d", "acm_certificate_arn must be empty or an ACM certificate ARN in us-east-1")]
    [InlineData("aliases=[\"Example.COM\"]", "aliases must be lower-case host names")]
    [InlineData("minimum_protocol_version=TLSv1", "minimum_protocol_version must be TLSv1.2_2021, TLSv1.2_2025 or TLSv1.3_2025.")]
    [InlineData("price_class=PriceClass_1000", "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All.")]
    [InlineData("hsts_max_age_seconds=60", "hsts_max_age_seconds must be a whole number from 300 to 63072000.")]
    [InlineData("hsts_max_age_seconds=3600.5", "hsts_max_age_seconds must be a whole number from 300 to 63072000.")]
    [InlineData("aws_region=US-EAST-1", "aws_region must be an AWS region name")]
    public void Terraform_rejects_a_bad_value_with_the_variables_own_message(string assignment, string message)
    {
        using var terraform = new Terraform(Variables);
        var (code, output) = terraform.Plan($"-var-file={Example}", $"-var={assignment}");
        Assert.True(code != 0, output);
        Assert.Contains("Invalid value for variable", output);
        Assert.Contains(message, Unwrap(output));
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
    private static string Unwrap(string output) => BoxPrefix().Replace(output, " ").Replace("  ", " ", StringComparison.Ordinal);

    [GeneratedRegex(@"^([a-z_]+)\s*=", RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();

    [GeneratedRegex(@"\s*\n│\s*")]
    private static partial Regex BoxPrefix();
}
