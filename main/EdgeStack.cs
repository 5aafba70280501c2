using Constructs;
using EdgeRouter.Behaviours;
using EdgeRouter.Configuration;
using EdgeRouter.Dns;
using EdgeRouter.Inputs;
using EdgeRouter.Naming;
using EdgeRouter.Operations;
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
    private AlarmPolicy? _alarms;
    private AlarmTopics? _topics;
    private Action<OperationsDashboard>? _routerWidgets;

    /// <summary>Builds the stack from validated <paramref name="settings"/>.</summary>
    public EdgeStack(Construct scope, string id, EdgeSettings settings) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        RemoteState.Configure(this, settings.State);

        var inputs = new EdgeInputs(this);
        _provider = ProjectProvider.Create(this, inputs.AwsRegion.StringValue);

        // The bucket name is globally unique, so it also keys the names of the account-unique objects (Naming/); the
        // alarms, topics and dashboard, whose limits it always fits, carry it as it is.
        var name = inputs.SiteBucketName.StringValue;

        // Alarms and where they go (README, "When it breaks"): made before the router, whose alarms use them.
        var usEast1 = ProjectProvider.CreateUsEast1(this);
        var operations = new OperationsInputs(this);
        _alarms = new AlarmPolicy(name, operations.PeriodSeconds.NumberValue, operations.EvaluationPeriods.NumberValue,
            operations.DatapointsToAlarm.NumberValue);
        _topics = new AlarmTopics(this, "alarm_topics", name, operations, inputs, usEast1);
        var site = new PrivateBucket(this, "site", name,
            new VersionRetention(inputs.SiteNoncurrentVersionDays.NumberValue, NewerNoncurrentVersions: null));
        // An environment joins the key of every name (Naming/), so two environments in one account never collide;
        // without one the names are what they always were.
        var names = new ResourceNames(this, Variables.Reference(inputs.SiteBucketName),
            settings.Environment is null ? null : $"\"{settings.Environment}\"");
        var siteOrigin = new StaticSiteOrigin(this, "site_origin", site, names[ResourceNames.OriginAccessControl]);
        var (apiOrigin, afterDistribution) = settings.DeploysRouter
            ? DeployRouter(settings, names, inputs.AwsRegion, name)
            : (UseExistingApi(settings), _ => { });

        var features = new SiteFeatureInputs(this);
        var indexRewrite = new IndexDocumentRewrite(this, "index_rewrite", names[ResourceNames.SiteFunction],
            features.NotFoundMode);
        var notFound = new NotFoundResponses(this, "not_found", features);
        var webfingerCache = new WebfingerCachePolicy(this, "webfinger_cache", names[ResourceNames.WebfingerCachePolicy],
            features.WebfingerCacheSeconds);

        var securityHeaders = new SecurityHeadersPolicy(this, "security_headers", names[ResourceNames.SecurityHeadersPolicy],
            inputs.HstsMaxAgeSeconds.NumberValue);
        var routerHeaders = new RouterHeadersPolicy(this, "router_headers", names[ResourceNames.RouterHeadersPolicy],
            inputs.HstsMaxAgeSeconds.NumberValue);
        var apiRequests = new ApiOriginRequestPolicy(this, "api_origin_request", settings.ApiOriginRequestPolicy,
            names[ResourceNames.ApiOriginRequestPolicy]);

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
                apiRequests.PolicyId, routerHeaders.Policy.Id),
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
        afterDistribution(Distribution);

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
        ReachabilityChecks.Add(this, settings.DeploysRouter);

        _ = new DistributionAlarms(this, "distribution_alarms", _alarms, operations, Distribution, _topics.CloudFrontArn, usEast1);
        var dashboard = new OperationsDashboard(this, "operations", name, inputs.AwsRegion.StringValue, Distribution.Id);
        _routerWidgets?.Invoke(dashboard);
        var board = dashboard.Build();
        Output("alarm_topic_arns", $"${{distinct([{_topics.RegionalArn[2..^1]}, {_topics.CloudFrontArn[2..^1]}])}}",
            "The SNS topics the alarms publish to (the second, in us-east-1, for the distribution's alarm): subscribe to them.");
        Output("dashboard_name", board.DashboardName, "The CloudWatch dashboard of this site (in aws_region).");

        Output("distribution_id", Distribution.Id, "ID of the CloudFront distribution (for invalidations).");
        Output("distribution_domain_name", Distribution.DomainName,
            "The distribution's *.cloudfront.net name: point the aliases' DNS records here.");
        Output("site_bucket", site.Bucket.Bucket, "The private bucket to upload the site to.");
        Output("api_origin_domain_name", apiOrigin.DomainName, "The API origin the router paths go to.");
    }

    // The router paths go to the webfinger router this stack deploys: Lambda behind an HTTP API, or behind its own
    // function URL (routerOrigin). The function URL's permissions name the distribution, which is made after the
    // origins: AllowOnly runs once it exists (the returned action).
    private (IRouterOrigin Origin, Action<CloudfrontDistribution> AfterDistribution) DeployRouter(EdgeSettings settings, ResourceNames names, TerraformVariable region, string siteName)
    {
        var inputs = new RouterInputs(this);
        var functionName = names[ResourceNames.Router];
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

        // Sent and checked in both shapes: with a function URL, IAM already refuses every request that is not the
        // distribution's, and the secret stays as defence in depth (a permission widened by hand, a copied origin).
        var secret = new OriginVerifySecret(this, "origin_verify");
        var router = new WebfingerRouterFunction(this, "router", package, inputs, functionName, secret.Value);

        // The router's alarms; its origin's 5xx alarm is the HTTP API's or the function URL's, as deployed.
        var routerAlarms = new RouterAlarms(this, "router_alarms", _alarms!, new RouterAlarmInputs(this),
            router.Function.FunctionName, _topics!.RegionalArn);
        var logMetrics = new RouterLogMetrics(this, "router_log_metrics", siteName, router.LogGroup.Name);
        Output("router_function_name", router.Function.FunctionName, "The router Lambda, for its logs and test invocations.");
        secret.Output(this, "origin_verify_secret");
        var customHeaders = new Dictionary<string, string> { [OriginVerifySecret.HeaderName] = secret.Value };
        if (settings.RouterOrigin == RouterOriginKind.FunctionUrl)
        {
            var url = new RouterFunctionUrl(this, "router_url", router.Function, functionName, Variables.Reference(region));
            Output("router_function_url", url.Url.FunctionUrl,
                "The router's Lambda function URL (CloudFront's router origin, signed with Origin Access Control): a direct call is refused with 403.");
            _ = routerAlarms.AddOriginAlarm(RouterOriginKind.FunctionUrl, functionName);
            _routerWidgets = dashboard => dashboard.AddRouter(router.Function.FunctionName, logMetrics.Namespace,
                routerAlarms.Origin5xxMetric(RouterOriginKind.FunctionUrl, functionName));
            return (new FunctionUrlOrigin(url.DomainName, url.AccessControl.Id, customHeaders), url.AllowOnly);
        }

        var api = new RouterHttpApi(this, "router_api", router.Function, functionName);
        _ = routerAlarms.AddOriginAlarm(RouterOriginKind.HttpApi, api.Api.Id);
        _routerWidgets = dashboard => dashboard.AddRouter(router.Function.FunctionName, logMetrics.Namespace,
            routerAlarms.Origin5xxMetric(RouterOriginKind.HttpApi, api.Api.Id));
        Output("router_api_endpoint", api.Api.ApiEndpoint, "The router's HTTP API endpoint (CloudFront's API origin).");
        // The distribution waits for the API's stage, route, integration and permission, not only the API it names.
        return (new HttpApiOrigin(new HttpApiOriginProps { DomainName = api.DomainName, CustomHeaders = customHeaders }),
            distribution => distribution.DependsOn = [.. (distribution.DependsOn ?? []), .. api.ServingParts.Select(p => $"{p.TerraformResourceType}.{p.FriendlyUniqueId}")]);
    }

    // The router paths go to an API the user already runs; the stack creates no API and no Lambda. CloudFront still
    // sends the secret header; the API must check it (README: the output origin_verify_secret).
    private IRouterOrigin UseExistingApi(EdgeSettings settings)
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
