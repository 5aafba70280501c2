// The edge-router app of main/ written again in TypeScript, for the synth benchmark (benchmarks/bench.mk). It
// builds the same two stacks with the same resources (bench-synth checks types and counts against the C# output);
// guardrails and settings validation are not repeated. `aws` is the provider's namespace: ts-whole passes the
// package itself, ts-deep an object assembled from per-resource deep imports.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { Construct } from "constructs";
import {
  App, AssetType, Fn, LocalBackend, S3Backend, TerraformAsset, TerraformIterator, TerraformLocal, TerraformOutput,
  TerraformStack, TerraformVariable,
} from "cdktf";
import type * as Aws from "@cdktf/provider-aws";

/** The provider submodules the stacks use: what ts-deep must import. */
export type Provider = Pick<typeof Aws,
  | "provider" | "s3Bucket" | "s3BucketPolicy" | "s3BucketPublicAccessBlock" | "s3BucketOwnershipControls"
  | "s3BucketServerSideEncryptionConfiguration" | "s3BucketVersioning" | "dataAwsIamPolicyDocument"
  | "cloudfrontDistribution" | "cloudfrontOriginAccessControl" | "cloudfrontResponseHeadersPolicy"
  | "cloudfrontCachePolicy" | "cloudfrontFunction" | "route53Record"
  | "lambdaFunction" | "lambdaPermission" | "iamRole" | "iamRolePolicy" | "cloudwatchLogGroup"
  | "apigatewayv2Api" | "apigatewayv2Integration" | "apigatewayv2Route" | "apigatewayv2Stage">;

type Statement = Aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocumentStatement;
const TAGS = { Project: "edge-router", ManagedBy: "cdktf" };
const HOST = "^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$";

function variable(scope: Construct, name: string, type: string, description: string, def: unknown, condition: string) {
  return new TerraformVariable(scope, name, {
    type, description, default: def, nullable: false,
    validation: [{ condition, errorMessage: `${name} is not valid.` }],
  });
}

/** Private, encrypted, versioned, never destroyed, TLS only (main/Storage/PrivateBucket.cs). */
function privateBucket(aws: Provider, scope: Construct, id: string, name: string) {
  const c = new Construct(scope, id);
  const bucket = new aws.s3Bucket.S3Bucket(c, "bucket", { bucket: name, forceDestroy: false, lifecycle: { preventDestroy: true } });
  const block = new aws.s3BucketPublicAccessBlock.S3BucketPublicAccessBlock(c, "public_access_block", {
    bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
  });
  new aws.s3BucketOwnershipControls.S3BucketOwnershipControls(c, "ownership_controls", {
    bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" },
  });
  new aws.s3BucketServerSideEncryptionConfiguration.S3BucketServerSideEncryptionConfigurationA(c, "encryption", {
    bucket: bucket.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
  });
  new aws.s3BucketVersioning.S3BucketVersioningA(c, "versioning", {
    bucket: bucket.id, versioningConfiguration: { status: "Enabled" },
  });
  const attachPolicy = (statements: Statement[] = [], sourcePolicyDocuments?: string[]) => {
    const document = new aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocument(c, "policy_document", {
      sourcePolicyDocuments,
      statement: [...statements, {
        sid: "DenyInsecureTransport", effect: "Deny", principals: [{ type: "*", identifiers: ["*"] }],
        actions: ["s3:*"], resources: [bucket.arn, `${bucket.arn}/*`],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      }],
    });
    new aws.s3BucketPolicy.S3BucketPolicy(c, "policy", { bucket: bucket.id, policy: document.json, dependsOn: [block] });
  };
  return { bucket, attachPolicy };
}

function provider(aws: Provider, scope: Construct, region: string) {
  new aws.provider.AwsProvider(scope, "aws", { region, defaultTags: [{ tags: TAGS }] });
}

/** main/State/StateBucketStack.cs */
function stateStack(aws: Provider, app: App) {
  const stack = new TerraformStack(app, "edge-router-state");
  new LocalBackend(stack, { path: "terraform.tfstate" });
  stack.addOverride("terraform.required_version", ">= 1.11.0");
  provider(aws, stack, "us-east-1");
  const state = privateBucket(aws, stack, "state", "edge-router-terraform-state");
  state.attachPolicy();
  new TerraformOutput(stack, "state_bucket", { value: state.bucket.bucket, description: "The state bucket." });
}

/** main/EdgeStack.cs with its default settings: the router deployed, the managed origin request policy. */
function edgeStack(aws: Provider, app: App, routerZip: string) {
  const stack = new TerraformStack(app, "edge-router");
  new S3Backend(stack, { bucket: "edge-router-terraform-state", key: "edge-router/edge.tfstate", region: "us-east-1", encrypt: true });
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
  stack.addOverride("terraform.required_version", ">= 1.11.0");

  const S = "string", L = "list(string)", N = "number";
  const region = variable(stack, "aws_region", S, "Region of the site bucket.", "us-east-1", "${can(regex(\"^[a-z]{2}(-gov)?-[a-z]+-[0-9]$\", var.aws_region))}");
  const bucketName = variable(stack, "site_bucket_name", S, "The private site bucket.", undefined, "${can(regex(\"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$\", var.site_bucket_name))}");
  const certificate = variable(stack, "acm_certificate_arn", S, "ACM certificate in us-east-1, or empty.", "", "${var.acm_certificate_arn == \"\" || can(regex(\"^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/[0-9a-f-]{36}$\", var.acm_certificate_arn))}");
  const aliases = variable(stack, "aliases", L, "Alternate domain names.", [], `\${alltrue([for alias in var.aliases : can(regex("${HOST}", alias))])}`);
  const minimumTls = variable(stack, "minimum_protocol_version", S, "Viewer TLS policy.", "TLSv1.2_2021", "${contains([\"TLSv1.2_2021\", \"TLSv1.2_2025\", \"TLSv1.3_2025\"], var.minimum_protocol_version)}");
  const priceClass = variable(stack, "price_class", S, "Edge locations.", "PriceClass_100", "${contains([\"PriceClass_100\", \"PriceClass_200\", \"PriceClass_All\"], var.price_class)}");
  const hsts = variable(stack, "hsts_max_age_seconds", N, "HSTS max-age.", 63072000, "${var.hsts_max_age_seconds >= 300 && var.hsts_max_age_seconds <= 63072000}");
  variable(stack, "not_found_mode", S, "How a missing object is answered.", "list-bucket", "${contains([\"list-bucket\", \"error-page\", \"spa\"], var.not_found_mode)}");
  variable(stack, "not_found_page", S, "The 404 page.", "/404.html", "${can(regex(\"^/[A-Za-z0-9._~/-]+$\", var.not_found_page))}");
  variable(stack, "access_log_bucket", S, "Bucket for access logs, or empty.", "", "${var.access_log_bucket == \"\" || can(regex(\"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$\", var.access_log_bucket))}");
  variable(stack, "web_acl_id", S, "WAFv2 web ACL ARN, or empty.", "", "${var.web_acl_id == \"\" || can(regex(\"^arn:aws[a-z-]*:wafv2:\", var.web_acl_id))}");
  const zone = variable(stack, "route53_zone_id", S, "Hosted zone of the aliases, or empty.", "", "${var.route53_zone_id == \"\" || can(regex(\"^Z[A-Z0-9]{1,32}$\", var.route53_zone_id))}");
  const webfingerCache = variable(stack, "webfinger_cache_seconds", N, "Edge cache of the router's answers.", 0, "${var.webfinger_cache_seconds >= 0 && var.webfinger_cache_seconds <= 3600}");
  provider(aws, stack, region.stringValue);

  const name = bucketName.stringValue;
  const site = privateBucket(aws, stack, "site", name);
  const oac = new aws.cloudfrontOriginAccessControl.CloudfrontOriginAccessControl(stack, "site_origin_access_control", {
    name, description: "Lets only the edge-router distribution read the site bucket",
    originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4",
  });

  // The webfinger router: Lambda behind an HTTP API (main/Router/).
  const domain = variable(stack, "webfinger_domain", S, "Domain of the accounts.", undefined, `\${can(regex("${HOST}", var.webfinger_domain))}`);
  const mastodonHost = variable(stack, "mastodon_host", S, "Mastodon's WEB_DOMAIN.", "", `\${var.mastodon_host == "" || can(regex("${HOST}", var.mastodon_host))}`);
  const mastodonAccounts = variable(stack, "mastodon_accounts", L, "Accounts sent to Mastodon.", [], "${alltrue([for a in var.mastodon_accounts : can(regex(\"^[A-Za-z0-9_.-]{1,64}$\", a))])}");
  const oidcIssuer = variable(stack, "oidc_issuer", S, "OIDC issuer URL.", "", "${var.oidc_issuer == \"\" || can(regex(\"^https://\", var.oidc_issuer))}");
  const oidcAccounts = variable(stack, "oidc_accounts", L, "Accounts that use the issuer.", [], "${alltrue([for a in var.oidc_accounts : can(regex(\"^[A-Za-z0-9_.+-]{1,64}$\", a))])}");
  const resources = variable(stack, "webfinger_resources", "any", "Resources answered verbatim.", {}, "${alltrue([for r, jrd in var.webfinger_resources : can(jrd.subject)])}");
  const retention = variable(stack, "router_log_retention_days", N, "Log retention in days.", 30, "${contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365], var.router_log_retention_days)}");
  const config = `jsonencode({domain = var.${domain.friendlyUniqueId}, ` +
    `mastodon = var.mastodon_host == "" ? null : { host = var.mastodon_host, accounts = var.${mastodonAccounts.friendlyUniqueId} }, ` +
    `oidc = var.oidc_issuer == "" ? null : { issuer = var.oidc_issuer, accounts = var.${oidcAccounts.friendlyUniqueId} }, ` +
    `resources = var.${resources.friendlyUniqueId}})`;
  void mastodonHost; void oidcIssuer;

  const functionName = new TerraformLocal(stack, "router_name", `webfinger-${Fn.substr(name, 0, 54)}`).asString;
  const metadata = JSON.parse(fs.readFileSync(routerZip.replace(/\.zip$/, ".json"), "utf8"));
  const router = new Construct(stack, "router");
  const asset = new TerraformAsset(router, "package", { path: routerZip, type: AssetType.FILE });
  const logGroup = new aws.cloudwatchLogGroup.CloudwatchLogGroup(router, "log_group", {
    name: `/aws/lambda/${functionName}`, retentionInDays: retention.numberValue,
  });
  const assumeRole = new aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocument(router, "assume_role", {
    statement: [{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }] }],
  });
  const role = new aws.iamRole.IamRole(router, "role", {
    name: functionName, description: "Runs the edge-router webfinger router", assumeRolePolicy: assumeRole.json,
  });
  const writeLogs = new aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocument(router, "write_logs", {
    statement: [{ sid: "WriteOwnLogs", effect: "Allow", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logGroup.arn}:*`] }],
  });
  const rolePolicy = new aws.iamRolePolicy.IamRolePolicy(router, "write_logs_policy", {
    name: "write-own-logs", role: role.id, policy: writeLogs.json,
  });
  const fn = new aws.lambdaFunction.LambdaFunction(router, "function", {
    functionName, description: "edge-router webfinger router", role: role.arn, runtime: metadata.runtime,
    handler: "bootstrap", architectures: [metadata.architecture], memorySize: 128, timeout: 5, filename: asset.path,
    sourceCodeHash: createHash("sha256").update(fs.readFileSync(routerZip)).digest("base64"),
    environment: { variables: { WEBFINGER_CONFIG: `\${${config}}` } },
    loggingConfig: { logFormat: "Text", logGroup: logGroup.name }, dependsOn: [logGroup, rolePolicy],
    lifecycle: { precondition: [{ condition: `\${length("WEBFINGER_CONFIG") + length(${config}) <= 4096}`, errorMessage: "WEBFINGER_CONFIG is over 4 KB." }] },
  });
  const routerApi = new Construct(stack, "router_api");
  const api = new aws.apigatewayv2Api.Apigatewayv2Api(routerApi, "api", {
    name: functionName, description: "edge-router: /.well-known/* behind CloudFront", protocolType: "HTTP",
  });
  const integration = new aws.apigatewayv2Integration.Apigatewayv2Integration(routerApi, "integration", {
    apiId: api.id, integrationType: "AWS_PROXY", integrationUri: fn.invokeArn, payloadFormatVersion: "2.0", timeoutMilliseconds: 10000,
  });
  new aws.apigatewayv2Route.Apigatewayv2Route(routerApi, "route", {
    apiId: api.id, routeKey: "ANY /.well-known/{proxy+}", target: `integrations/${integration.id}`,
  });
  new aws.apigatewayv2Stage.Apigatewayv2Stage(routerApi, "stage", {
    apiId: api.id, name: "$default", autoDeploy: true, defaultRouteSettings: { throttlingBurstLimit: 100, throttlingRateLimit: 50 },
  });
  new aws.lambdaPermission.LambdaPermission(routerApi, "invoke_permission", {
    statementId: "AllowInvokeFromRouterHttpApi", action: "lambda:InvokeFunction", functionName: fn.functionName,
    principal: "apigateway.amazonaws.com", sourceArn: `${api.executionArn}/*/*`,
  });
  const apiDomain = Fn.trimprefix(api.apiEndpoint, "https://");

  const headers = new aws.cloudfrontResponseHeadersPolicy.CloudfrontResponseHeadersPolicy(stack, "security_headers_policy", {
    name: `${name}-security-headers`, comment: "edge-router security headers",
    securityHeadersConfig: {
      strictTransportSecurity: { accessControlMaxAgeSec: hsts.numberValue, includeSubdomains: true, preload: false, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: "DENY", override: true },
      referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
    },
  });
  const webfingerCachePolicy = new aws.cloudfrontCachePolicy.CloudfrontCachePolicy(stack, "webfinger_cache_policy", {
    name: `${name}-webfinger-cache`, comment: "edge-router: cache WebFinger answers per query string",
    defaultTtl: Fn.max([webfingerCache.numberValue, 1]), maxTtl: Fn.max([webfingerCache.numberValue, 1]), minTtl: 0,
    parametersInCacheKeyAndForwardedToOrigin: {
      cookiesConfig: { cookieBehavior: "none" }, headersConfig: { headerBehavior: "none" },
      queryStringsConfig: { queryStringBehavior: "all" }, enableAcceptEncodingBrotli: true, enableAcceptEncodingGzip: true,
    },
  });
  const indexRewrite = new aws.cloudfrontFunction.CloudfrontFunction(stack, "index_rewrite_function", {
    name: `${Fn.substr(name, 0, 50)}-index-rewrite`, runtime: "cloudfront-js-2.0", publish: true,
    comment: "Serve /path/ and /path as /path/index.html from the private bucket",
    code: fs.readFileSync(path.resolve("main/Site/index-rewrite.js"), "utf8"),
  });
  const errorResponses = new TerraformLocal(stack, "not_found_error_responses", "${var.not_found_mode == \"spa\" ? " +
    "[{ error_code = 403, response_code = 200, response_page_path = \"/index.html\" }] : " +
    "[{ error_code = 403, response_code = 404, response_page_path = var.not_found_page }]}");
  const errors = TerraformIterator.fromList(errorResponses.asList);
  const noCertificate = `var.${certificate.friendlyUniqueId} == ""`;
  const distribution = new aws.cloudfrontDistribution.CloudfrontDistribution(stack, "distribution", {
    enabled: true, comment: "edge-router: static site and webfinger router", defaultRootObject: "index.html",
    aliases: aliases.listValue, priceClass: priceClass.stringValue, httpVersion: "http2and3", isIpv6Enabled: true,
    origin: [
      { originId: "site", domainName: site.bucket.bucketRegionalDomainName, originAccessControlId: oac.id },
      {
        originId: "api", domainName: apiDomain, originPath: "",
        customOriginConfig: {
          httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"],
          originReadTimeout: 30, originKeepaliveTimeout: 5,
        },
      },
    ],
    defaultCacheBehavior: {
      targetOriginId: "site", viewerProtocolPolicy: "redirect-to-https", allowedMethods: ["GET", "HEAD", "OPTIONS"],
      cachedMethods: ["GET", "HEAD"], cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
      responseHeadersPolicyId: headers.id, compress: true,
      functionAssociation: [{ eventType: "viewer-request", functionArn: indexRewrite.arn }],
    },
    customErrorResponse: errors.dynamic({
      error_caching_min_ttl: 10, error_code: errors.getString("error_code"), response_code: errors.getString("response_code"),
      response_page_path: errors.getString("response_page_path"),
    }),
    webAclId: "${var.web_acl_id == \"\" ? null : var.web_acl_id}",
    orderedCacheBehavior: [{
      pathPattern: "/.well-known/*", targetOriginId: "api", viewerProtocolPolicy: "redirect-to-https",
      allowedMethods: ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"], cachedMethods: ["GET", "HEAD"],
      cachePolicyId: `\${var.webfinger_cache_seconds == 0 ? "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" : ${webfingerCachePolicy.fqn}.id}`,
      originRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
      responseHeadersPolicyId: headers.id, compress: true,
    }],
    viewerCertificate: {
      cloudfrontDefaultCertificate: `\${${noCertificate}}` as unknown as boolean,
      acmCertificateArn: `\${${noCertificate} ? null : var.${certificate.friendlyUniqueId}}`,
      sslSupportMethod: `\${${noCertificate} ? null : "sni-only"}`,
      minimumProtocolVersion: `\${${noCertificate} ? "TLSv1" : var.${minimumTls.friendlyUniqueId}}`,
    },
    restrictions: { geoRestriction: { restrictionType: "none", locations: [] } },
  });
  // A single block: CDKTF renders a dynamic one only through an override.
  distribution.addOverride("dynamic.logging_config", {
    for_each: "${var.access_log_bucket == \"\" ? [] : [var.access_log_bucket]}",
    content: { bucket: "${logging_config.value}.s3.amazonaws.com", include_cookies: false, prefix: "cloudfront/" },
  });
  const fromDistribution = [{ test: "StringEquals", variable: "AWS:SourceArn", values: [distribution.arn] }];
  const cloudfront = [{ type: "Service", identifiers: ["cloudfront.amazonaws.com"] }];
  const listBucket = new aws.dataAwsIamPolicyDocument.DataAwsIamPolicyDocument(stack, "not_found_list_bucket", {
    statement: [{
      sid: "AllowCloudFrontListForRealNotFound", effect: "Allow", principals: cloudfront, actions: ["s3:ListBucket"],
      resources: [site.bucket.arn], condition: fromDistribution,
    }],
  });
  site.attachPolicy([{
    sid: "AllowCloudFrontReadThroughOAC", effect: "Allow", principals: cloudfront,
    actions: ["s3:GetObject"], resources: [`${site.bucket.arn}/*`], condition: fromDistribution,
  }], `\${var.not_found_mode == "list-bucket" ? [${listBucket.fqn}.json] : []}` as unknown as string[]);

  // Alias records for the aliases when a hosted zone is given.
  const dnsNames = new TerraformLocal(stack, "dns_names", "${var.route53_zone_id == \"\" ? [] : var.aliases}");
  for (const [id, type] of [["dns_a", "A"], ["dns_aaaa", "AAAA"]]) {
    const names = TerraformIterator.fromList(dnsNames.asList);
    new aws.route53Record.Route53Record(stack, id, {
      forEach: names, name: names.value, type, zoneId: zone.stringValue,
      alias: { name: distribution.domainName, zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false },
    });
  }

  const output = (id: string, value: string) => new TerraformOutput(stack, id, { value });
  output("distribution_id", distribution.id);
  output("distribution_domain_name", distribution.domainName);
  output("site_bucket", site.bucket.bucket);
  output("api_origin_domain_name", apiDomain);
  output("router_api_endpoint", api.apiEndpoint);
  output("router_function_name", fn.functionName);
}

/** Synthesizes both stacks into CDKTF_OUTDIR (the App reads it), as `dotnet build/main/EdgeRouter.dll` does. */
export function synth(aws: Provider): void {
  const routerZip = path.resolve(process.env.EDGE_ROUTER_ROUTER_PACKAGE ?? "build/lambda/webfinger-router.zip");
  const app = new App();
  stateStack(aws, app);
  edgeStack(aws, app, routerZip);
  app.synth();
}
