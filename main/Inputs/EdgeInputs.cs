using Constructs;
using EdgeRouter.Naming;

namespace EdgeRouter.Inputs;

/// <summary>
/// The deploy-time inputs of the edge stack: one Terraform variable each, with a type, a description, a default
/// where one is safe and a validation that rejects a bad value at <c>terraform plan</c>, before anything changes.
/// <c>terraform.tfvars.example</c> lists every one.
/// </summary>
public sealed class EdgeInputs
{
    /// <summary>Creates the variables in <paramref name="scope"/>.</summary>
    public EdgeInputs(Construct scope)
    {
        AwsRegion = Variables.Create(scope, "aws_region", VariableType.STRING,
            "Region of the site bucket (CloudFront itself is global). Default us-east-1.",
            "us-east-1",
            ("${can(regex(\"^[a-z]{2}(-gov)?-[a-z]+-[0-9]$\", var.aws_region))}",
                "aws_region must be an AWS region name such as us-east-1 or eu-central-1."));

        SiteBucketName = Variables.Create(scope, "site_bucket_name", VariableType.STRING,
            "Name of the private S3 bucket that holds the static site. Required; globally unique.",
            null,
            S3BucketNames.Validations("site_bucket_name", allowDots: false, optional: false,
                "site_bucket_name must be 3-63 lower-case letters, digits and hyphens, starting and ending with a " +
                "letter or digit (no dots: they break TLS to the bucket's virtual-hosted name)."));

        AcmCertificateArn = Variables.Create(scope, "acm_certificate_arn", VariableType.STRING,
            "ARN of an ACM certificate in us-east-1 covering every alias. Default \"\": the *.cloudfront.net certificate.",
            "",
            ("${var.acm_certificate_arn == \"\" || can(regex(\"^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/[0-9a-f-]{36}$\", var.acm_certificate_arn))}",
                "acm_certificate_arn must be empty or an ACM certificate ARN in us-east-1 (CloudFront reads certificates only there)."),
            ($"${{var.acm_certificate_arn != \"{ExamplePlaceholders.CertificateArn}\"}}",
                "acm_certificate_arn is terraform.tfvars.example's placeholder (account 123456789012 is AWS's documentation " +
                "account): set the ARN of your certificate in us-east-1 (aws acm list-certificates --region us-east-1), or " +
                "\"\" together with aliases = [] to serve only the distribution's *.cloudfront.net name."));

        Aliases = Variables.Create(scope, "aliases", VariableType.LIST_STRING,
            "Alternate domain names (CNAMEs) of the distribution, e.g. [\"example.com\"]. Default []. Needs acm_certificate_arn.",
            Array.Empty<string>(),
            ($"${{alltrue([for alias in var.aliases : can(regex(\"{Variables.HostNamePattern}\", alias)) && length(alias) <= 253])}}",
                "aliases must be lower-case host names such as example.com or www.example.com (at most 253 characters)."),
            ("${length(var.aliases) == 0 || var.acm_certificate_arn != \"\"}",
                "aliases need acm_certificate_arn: CloudFront serves an alternate domain name only with a certificate that covers it."),
            // These two are here rather than on acm_certificate_arn and route53_zone_id: Terraform refuses validations of
            // two variables that refer to each other, and checks no variable whose validations refer to one that failed,
            // so those two keep theirs self-contained and a user sees both placeholders of the example at once.
            ("${length(var.aliases) > 0 || var.acm_certificate_arn == \"\"}",
                "aliases is empty while acm_certificate_arn is set: CloudFront presents your certificate only for the " +
                "alternate domain names in aliases, so it would never be used; add the names it covers to aliases, or " +
                "set acm_certificate_arn = \"\"."),
            ("${length(var.aliases) > 0 || var.route53_zone_id == \"\"}",
                "aliases is empty while route53_zone_id is set: records are made only for the names in aliases, so the " +
                "zone would never be used; add your domain to aliases, or set route53_zone_id = \"\"."));

        MinimumProtocolVersion = Variables.Create(scope, "minimum_protocol_version", VariableType.STRING,
            "Oldest TLS policy offered to viewers when acm_certificate_arn is set. Default TLSv1.2_2021.",
            "TLSv1.2_2021",
            ("${contains([\"TLSv1.2_2021\", \"TLSv1.2_2025\", \"TLSv1.3_2025\"], var.minimum_protocol_version)}",
                "minimum_protocol_version must be TLSv1.2_2021, TLSv1.2_2025 or TLSv1.3_2025."));

        PriceClass = Variables.Create(scope, "price_class", VariableType.STRING,
            "Which edge locations serve viewers. Default PriceClass_100 (North America and Europe).",
            "PriceClass_100",
            ("${contains([\"PriceClass_100\", \"PriceClass_200\", \"PriceClass_All\"], var.price_class)}",
                "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."));

        HstsMaxAgeSeconds = Variables.Create(scope, "hsts_max_age_seconds", VariableType.NUMBER,
            "max-age of the Strict-Transport-Security header. Default 63072000 (two years, the preload list's minimum is one).",
            63072000,
            ("${var.hsts_max_age_seconds >= 300 && var.hsts_max_age_seconds <= 63072000 && floor(var.hsts_max_age_seconds) == var.hsts_max_age_seconds}",
                "hsts_max_age_seconds must be a whole number from 300 to 63072000."));

        SiteNoncurrentVersionDays = Variables.Create(scope, "site_noncurrent_version_days", VariableType.NUMBER,
            "Days an overwritten or deleted object of the site bucket stays recoverable as a noncurrent version before " +
            "S3 expires it. Default 30.",
            30,
            ("${var.site_noncurrent_version_days >= 1 && var.site_noncurrent_version_days <= 3650 && floor(var.site_noncurrent_version_days) == var.site_noncurrent_version_days}",
                "site_noncurrent_version_days must be a whole number from 1 to 3650."));
    }

    /// <summary><c>site_noncurrent_version_days</c>: how long an overwritten or deleted page stays recoverable.</summary>
    public TerraformVariable SiteNoncurrentVersionDays { get; }

    /// <summary><c>aws_region</c>: region of the site bucket.</summary>
    public TerraformVariable AwsRegion { get; }

    /// <summary><c>site_bucket_name</c>: the private site bucket.</summary>
    public TerraformVariable SiteBucketName { get; }

    /// <summary><c>acm_certificate_arn</c>: the viewer certificate, or empty.</summary>
    public TerraformVariable AcmCertificateArn { get; }

    /// <summary><c>aliases</c>: alternate domain names.</summary>
    public TerraformVariable Aliases { get; }

    /// <summary><c>minimum_protocol_version</c>: viewer TLS policy with a custom certificate.</summary>
    public TerraformVariable MinimumProtocolVersion { get; }

    /// <summary><c>price_class</c>: edge locations.</summary>
    public TerraformVariable PriceClass { get; }

    /// <summary><c>hsts_max_age_seconds</c>: HSTS max-age.</summary>
    public TerraformVariable HstsMaxAgeSeconds { get; }
}
