using Constructs;
using EdgeRouter.Behaviours;
using EdgeRouter.Configuration;
using EdgeRouter.Dns;
using EdgeRouter.Inputs;
using EdgeRouter.Origins;
using EdgeRouter.Policies;
using EdgeRouter.Router;
using EdgeRouter.Site;
using EdgeRouter.Storage;
using EdgeRouter.State;

namespace EdgeRouter;

/// <summary>
/// One CloudFront distribution in front of two origins: the private site bucket (default behaviour) and the API
/// that runs the webfinger router (the <c>/.well-known/*</c> behaviours).
/// </summary>
public sealed class EdgeStack : TerraformStack
{
    private readonly AwsProvider _provider;

    /// <summary>Builds the stack from validated <paramref name="settings"/>.</summary>
    public EdgeStack(Construct scope, string id, EdgeSettings settings) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        RemoteState.Configure(this, settings.State);

        var inputs = new EdgeInputs(this);
        _provider = ProjectProvider.Create(this, inputs.AwsRegion.StringValue);

        // The bucket name is globally unique, so it also names the account-unique CloudFront objects.
        var name = inputs.SiteBucketName.StringValue;
        var site = new PrivateBucket(this, "site", name,
            new VersionRetention(inputs.SiteNoncurrentVersionDays.NumberValue, NewerNoncurrentVersions: null));
        // Every name derived from the bucket's ends with the environment (settings.NameSuffix, "" without one, so the
        // default stack's names are unchanged), cut so that each stays within its AWS limit.
        var suffix = settings.NameSuffix;
        var siteOrigin = new StaticSiteOrigin(this, "site_origin", site, suffix.Length == 0 ? name : $"{Fn.Substr(name, 0, 64 - suffix.Length)}{suffix}");
        var apiOrigin = settings.DeploysRouter ? DeployRouter(settings, name, suffix) : UseExistingApi(settings);

        var features = new SiteFeatureInputs(this);
        var indexRewrite = new IndexDocumentRewrite(this, "index_rewrite", $"{Fn.Substr(name, 0, 50 - suffix.Length)}{suffix}-index-rewrite",
            features.NotFoundMode);
        var notFound = new NotFoundResponses(this, "not_found", features);
        var webfingerCache = new WebfingerCachePolicy(this, "webfinger_cache", $"{name}{suffix}-webfinger-cache", features.WebfingerCacheSeconds);

        var securityHeaders = new SecurityHeadersPolicy(this, "security_headers", $"{name}{suffix}-security-headers",
            inputs.HstsMaxAgeSeconds.NumberValue);
        var apiRequests = new ApiOriginRequestPolicy(this, "api_origin_request", settings.ApiOriginRequestPolicy,
            $"{name}{suffix}-api-except-host");

        // Terraform expressions written out: CDKTF's Token.NullValue() cannot cross the jsii boundary from C#.
        var certificateArn = Variables.Reference(inputs.AcmCertificateArn);
        var usesDefaultCertificate = $"{certificateArn} == \"\"";
        Distribution = new CloudfrontDistribution(this, "distribution", new CloudfrontDistributionConfig
        {
            Enabled = true,
            Comment = "edge-router: static site and webfinger router",
            DefaultRootObject = "index.html",
            Aliases = inputs.Aliases.ListValue,
            PriceClass = inputs.PriceClass.StringValue,
            HttpVersion = "http2and3",
            IsIpv6Enabled = true,
            Origin = new[] { siteOrigin.ToOrigin(), apiOrigin.ToOrigin() },
            DefaultCacheBehavior = SiteBehaviour.Create(securityHeaders.Policy.Id, indexRewrite.ToAssociation()),
            OrderedCacheBehavior = RouterBehaviours.Create(settings.RouterPathPatterns, webfingerCache.PolicyId,
                apiRequests.PolicyId, securityHeaders.Policy.Id),
            CustomErrorResponse = notFound.ToDistributionBlocks(),
            WebAclId = $"${{{Variables.Reference(features.WebAclId)} == \"\" ? null : {Variables.Reference(features.WebAclId)}}}",
            // Without a certificate of their own, viewers get *.cloudfront.net's, for which CloudFront fixes the
            // protocol policy at TLSv1; with one, SNI and the chosen TLS 1.2+ policy.
            ViewerCertificate = new CloudfrontDistributionViewerCertificate
            {
                CloudfrontDefaultCertificate = Token.AsAny($"${{{usesDefaultCertificate}}}"),
                AcmCertificateArn = $"${{{usesDefaultCertificate} ? null : {certificateArn}}}",
                SslSupportMethod = $"${{{usesDefaultCertificate} ? null : \"sni-only\"}}",
                MinimumProtocolVersion =
                    $"${{{usesDefaultCertificate} ? \"TLSv1\" : {Variables.Reference(inputs.MinimumProtocolVersion)}}}",
            },
            Restrictions = new CloudfrontDistributionRestrictions
            {
                GeoRestriction = new CloudfrontDistributionRestrictionsGeoRestriction
                {
                    RestrictionType = "none",
                    Locations = [],
                },
            },
        });
        siteOrigin.GrantReadTo(Distribution, notFound.ListBucketGrant(site.Bucket.Arn, Distribution));

        // Standard access logs only when a log bucket is named: a dynamic block with zero or one element.
        var logBucket = Variables.Reference(features.AccessLogBucket);
        Distribution.AddOverride("dynamic.logging_config", new Dictionary<string, object>
        {
            ["for_each"] = $"${{{logBucket} == \"\" ? [] : [{logBucket}]}}",
            ["content"] = new Dictionary<string, object>
            {
                ["bucket"] = "${logging_config.value}.s3.amazonaws.com",
                ["prefix"] = "cloudfront/",
                ["include_cookies"] = false,
            },
        });
        _ = new AliasRecords(this, "dns", inputs, features, Distribution);

        Output("distribution_id", Distribution.Id, "ID of the CloudFront distribution (for invalidations).");
        Output("distribution_domain_name", Distribution.DomainName,
            "The distribution's *.cloudfront.net name: point the aliases' DNS records here.");
        Output("site_bucket", site.Bucket.Bucket, "The private bucket to upload the site to.");
        Output("api_origin_domain_name", apiOrigin.DomainName, "The API origin the router paths go to.");
    }

    // The router paths go to the webfinger router this stack deploys: Lambda behind an HTTP API.
    private HttpApiOrigin DeployRouter(EdgeSettings settings, string name, string suffix)
    {
        var inputs = new RouterInputs(this);
        var functionName = new TerraformLocal(this, "router_name",
            $"webfinger-{Fn.Substr(name, 0, 54 - suffix.Length)}{suffix}").AsString;
        var package = RouterPackage.Load(settings.RouterPackage);
        // CDKTF's bindings pin hashicorp/aws 6.25.0, whose validation rejects runtime "dotnet10" ("expected runtime to
        // be one of [...]"): a stack with the managed package needs the first version that knows it. CDK Terrain's
        // pin (6.66.0) already does, and is never lowered.
        var pinned = _provider.TerraformGeneratorMetadata?.ProviderVersion;
        if (package.IsManaged && (pinned is null
            || Version.Parse(pinned) < Version.Parse(RouterPackage.ManagedRuntimeProviderVersion)))
        {
            AddOverride("terraform.required_providers.aws.version", RouterPackage.ManagedRuntimeProviderVersion);
        }

        var secret = new OriginVerifySecret(this, "origin_verify");
        var router = new WebfingerRouterFunction(this, "router", package, inputs, functionName, secret.Value);
        var api = new RouterHttpApi(this, "router_api", router.Function, functionName);
        Output("router_api_endpoint", api.Api.ApiEndpoint, "The router's HTTP API endpoint (CloudFront's API origin).");
        Output("router_function_name", router.Function.FunctionName, "The router Lambda, for its logs and test invocations.");
        secret.Output(this, "origin_verify_secret");
        return new HttpApiOrigin(new HttpApiOriginProps
        {
            DomainName = api.DomainName,
            CustomHeaders = new Dictionary<string, string> { [OriginVerifySecret.HeaderName] = secret.Value },
        });
    }

    // The router paths go to an API the user already runs; the stack creates no API and no Lambda. CloudFront still
    // sends the secret header; the API must check it (README: the output origin_verify_secret).
    private HttpApiOrigin UseExistingApi(EdgeSettings settings)
    {
        var inputs = new ExistingApiInputs(this);
        var secret = new OriginVerifySecret(this, "origin_verify");
        secret.Output(this, "origin_verify_secret");
        return new HttpApiOrigin(new HttpApiOriginProps
        {
            DomainName = settings.ExistingApiDomainName!,
            OriginPath = inputs.ApiOriginPath.StringValue,
            CustomHeaders = new Dictionary<string, string> { [OriginVerifySecret.HeaderName] = secret.Value },
        });
    }

    /// <summary>The distribution.</summary>
    public CloudfrontDistribution Distribution { get; }

    private void Output(string id, string value, string description) =>
        _ = new TerraformOutput(this, id, new TerraformOutputConfig { Value = value, Description = description });
}
