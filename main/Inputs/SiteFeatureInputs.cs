using Constructs;
using EdgeRouter.Naming;

namespace EdgeRouter.Inputs;

/// <summary>The variables of the optional site features: missing pages, logging, WAF, DNS, edge caching of lookups.</summary>
public sealed class SiteFeatureInputs
{
    /// <summary>The ways a missing object can be answered.</summary>
    public static readonly string[] NotFoundModes = ["error-page", "list-bucket", "spa"];

    /// <summary>Creates the variables in <paramref name="scope"/>.</summary>
    public SiteFeatureInputs(Construct scope)
    {
        NotFoundMode = Variables.Create(scope, "not_found_mode", VariableType.STRING,
            "How a missing object is answered. \"error-page\" (default): S3's 404 is answered with not_found_page, " +
            "status 404. \"list-bucket\": S3's own 404 (an XML body), nothing rewritten. \"spa\": every path without " +
            "an extension is /index.html with 200 (the viewer-request function), a missing file is S3's 404. In every " +
            "mode the distribution may list the bucket (so a missing key is 404, not 403), and no other status is ever " +
            "rewritten: a 403 from API Gateway or WAF, the router's 400/405 and any 5xx reach the viewer as sent.",
            "error-page",
            ($"${{contains([{string.Join(", ", NotFoundModes.Select(m => $"\"{m}\""))}], var.not_found_mode)}}",
                "not_found_mode must be error-page, list-bucket or spa."));

        NotFoundPage = Variables.Create(scope, "not_found_page", VariableType.STRING,
            "The page served, with status 404, for a missing object when not_found_mode is error-page. Default /404.html.",
            "/404.html",
            ("${can(regex(\"^/[A-Za-z0-9._~/-]+$\", var.not_found_page))}",
                "not_found_page must be a path in the bucket such as /404.html."));

        AccessLogBucket = Variables.Create(scope, "access_log_bucket", VariableType.STRING,
            "Name of an existing bucket for CloudFront standard access logs (it must allow ACLs, as CloudFront's " +
            "legacy logging requires). Default \"\": no access logs.",
            "",
            S3BucketNames.Validations("access_log_bucket", allowDots: true, optional: true,
                "access_log_bucket must be empty or an S3 bucket name."));

        WebAclId = Variables.Create(scope, "web_acl_id", VariableType.STRING,
            "ARN of a WAFv2 web ACL with scope CLOUDFRONT (created in us-east-1) to attach. Default \"\": none.",
            "",
            ("${var.web_acl_id == \"\" || can(regex(\"^arn:aws[a-z-]*:wafv2:us-east-1:[0-9]{12}:global/webacl/[A-Za-z0-9_-]{1,128}/[0-9a-f-]{36}$\", var.web_acl_id))}",
                "web_acl_id must be empty or the ARN of a global (CLOUDFRONT) WAFv2 web ACL."));

        Route53ZoneId = Variables.Create(scope, "route53_zone_id", VariableType.STRING,
            "ID of the Route 53 hosted zone of the aliases: A and AAAA alias records are created for each alias. " +
            "Default \"\": manage DNS yourself.",
            "",
            ("${var.route53_zone_id == \"\" || can(regex(\"^Z[A-Z0-9]{1,32}$\", var.route53_zone_id))}",
                "route53_zone_id must be empty or a hosted zone ID: Z and up to 32 upper-case letters and digits."),
            ($"${{var.route53_zone_id != \"{ExamplePlaceholders.HostedZoneId}\"}}",
                "route53_zone_id is terraform.tfvars.example's placeholder: set the ID of the hosted zone of your aliases " +
                "(aws route53 list-hosted-zones-by-name --dns-name example.com), or \"\" to manage DNS yourself."));

        WebfingerCacheSeconds = Variables.Create(scope, "webfinger_cache_seconds", VariableType.NUMBER,
            "Cache the router's answers at the edge for this many seconds, keyed on the whole query string, for fewer " +
            "Lambda invocations. Default 0: every lookup reaches the router.",
            0,
            ("${var.webfinger_cache_seconds >= 0 && var.webfinger_cache_seconds <= 3600 && floor(var.webfinger_cache_seconds) == var.webfinger_cache_seconds}",
                "webfinger_cache_seconds must be a whole number from 0 to 3600."));
    }

    /// <summary><c>not_found_mode</c>.</summary>
    public TerraformVariable NotFoundMode { get; }

    /// <summary><c>not_found_page</c>.</summary>
    public TerraformVariable NotFoundPage { get; }

    /// <summary><c>access_log_bucket</c>.</summary>
    public TerraformVariable AccessLogBucket { get; }

    /// <summary><c>web_acl_id</c>.</summary>
    public TerraformVariable WebAclId { get; }

    /// <summary><c>route53_zone_id</c>.</summary>
    public TerraformVariable Route53ZoneId { get; }

    /// <summary><c>webfinger_cache_seconds</c>.</summary>
    public TerraformVariable WebfingerCacheSeconds { get; }
}
