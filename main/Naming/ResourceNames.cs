using Constructs;

namespace EdgeRouter.Naming;

/// <summary>
/// Every name the edge stack gives an AWS object, built in one place from the site's key: the site bucket name
/// (globally unique, so unique in the account too) and, when the stack is one of several environments, an
/// environment suffix (<see cref="KeyExpression"/>). Terraform computes them (the key comes from variables) into <c>local.resource_names</c>;
/// resources refer to its members. Each name keeps within AWS's rule for its kind (<see cref="All"/>,
/// <c>README.md</c>): a name that fits is readable as it is, a longer one is shortened with a hash of the whole
/// key, so different keys never share a name (within the odds in <see cref="NameRule.Expression"/>).
/// </summary>
public sealed class ResourceNames
{
    /// <summary>The viewer-request CloudFront Function: 1-64 of <c>[A-Za-z0-9_-]</c>.</summary>
    public static readonly NameRule SiteFunction = new("site_function", "", "-index-rewrite", 64, "^[A-Za-z0-9_-]{1,64}$");

    /// <summary>
    /// The router's Lambda function (1-64 of <c>[A-Za-z0-9_-]</c>), and with the same name its IAM role (1-64 of
    /// <c>[\w+=,.@-]</c>), its HTTP API (1-128) and, after <c>/aws/lambda/</c>, its log group (1-512).
    /// </summary>
    public static readonly NameRule Router = new("router", "webfinger-", "", 64, "^[A-Za-z0-9_-]{1,64}$");

    /// <summary>The site bucket's origin access control: 1-64 characters.</summary>
    public static readonly NameRule OriginAccessControl = new("origin_access_control", "", "", 64, "^[A-Za-z0-9_-]{1,64}$");

    /// <summary>The WebFinger cache policy: 1-128 of <c>[A-Za-z0-9_-]</c>.</summary>
    public static readonly NameRule WebfingerCachePolicy = new("webfinger_cache_policy", "", "-webfinger-cache", 128, "^[A-Za-z0-9_-]{1,128}$");

    /// <summary>The response headers policy: 1-128 of <c>[A-Za-z0-9_-]</c>.</summary>
    public static readonly NameRule SecurityHeadersPolicy = new("security_headers_policy", "", "-security-headers", 128, "^[A-Za-z0-9_-]{1,128}$");

    /// <summary>The router behaviours' response headers policy (security headers and CORS): 1-128 of <c>[A-Za-z0-9_-]</c>.</summary>
    public static readonly NameRule RouterHeadersPolicy = new("router_headers_policy", "", "-router-headers", 128, "^[A-Za-z0-9_-]{1,128}$");

    /// <summary>The stack-owned origin request policy: 1-128 of <c>[A-Za-z0-9_-]</c>.</summary>
    public static readonly NameRule ApiOriginRequestPolicy = new("api_origin_request_policy", "", "-api-except-host", 128, "^[A-Za-z0-9_-]{1,128}$");

    /// <summary>Every rule, in the order of <c>local.resource_names</c>.</summary>
    public static IReadOnlyList<NameRule> All { get; } =
        [SiteFunction, Router, OriginAccessControl, WebfingerCachePolicy, SecurityHeadersPolicy, ApiOriginRequestPolicy, RouterHeadersPolicy];

    /// <summary>The local that holds the names.</summary>
    public const string LocalName = "resource_names";

    /// <summary>Creates <c>local.resource_names</c> in <paramref name="scope"/>.</summary>
    /// <param name="scope">The stack.</param>
    /// <param name="site">The site's name as a Terraform expression, e.g. <c>var.site_bucket_name</c>.</param>
    /// <param name="environment">
    /// Null, or a Terraform expression (a quoted literal or a variable) of an environment name (letters, digits, '-'
    /// and '_') that is added to the key, so that two environments of one site in one account get different names
    /// for everything.
    /// </param>
    public ResourceNames(Construct scope, string site, string? environment = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        Key = KeyExpression(site, environment);
        _ = new TerraformLocal(scope, LocalName, All.ToDictionary(r => r.Key, r => (object)$"${{{r.Expression(Key)}}}"));
    }

    /// <summary>The key every name is built from, as a Terraform expression.</summary>
    public string Key { get; }

    /// <summary>The name <paramref name="rule"/> gives, as a reference to its member of <c>local.resource_names</c>.</summary>
    public string this[NameRule rule] => $"${{local.{LocalName}.{rule.Key}}}";

    /// <summary>
    /// The key: the site's name, or the site's name, <c>_</c> and the environment. <c>_</c> because no bucket name
    /// holds one, so the first <c>_</c> always ends the site's name and two different (site, environment) pairs never
    /// make one key (with <c>-</c>, site <c>a-b</c> in <c>c</c> and site <c>a</c> in <c>b-c</c> would), and every
    /// name's characters allow it. The environment's own characters must be allowed in every name: letters, digits,
    /// <c>-</c> and <c>_</c>.
    /// </summary>
    public static string KeyExpression(string site, string? environment)
    {
        ArgumentException.ThrowIfNullOrEmpty(site);
        return environment is null ? site : $"format(\"%s_%s\", {site}, {environment})";
    }
}
