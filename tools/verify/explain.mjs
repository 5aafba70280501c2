// What a failed check means for this stack, in words a site owner can act on. Each answer names the place to look:
// the Terraform variable, the output, the log group. Input: what came back for one request.
//   { url, status?, headers?, body?, error?, router: true when the path is one of the router's /.well-known/ paths,
//     domain, functionName?: the router_function_name output when known,
//     stack?: what the synthesized stack does with errors (verify.mjs stackFacts: notFoundMode, notFoundPage, and
//             pageCodes, the statuses its custom error responses may answer with a page; routerOrigin, http-api or
//             function-url, which origin answers the router's paths) }
// Every explanation matches the stack this version synthesizes: only a 404 ever gets a page, in not_found_mode
// "error-page", and keeps its status; a 403 (API Gateway's Host failure among others) reaches the viewer as sent.

const TLS_CODES = new Set([
  'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED',
  'ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO',
]);

/** The innermost error with a code (fetch wraps socket errors in TypeError: fetch failed). */
export function rootCause(error) {
  let e = error;
  for (let i = 0; i < 5 && e; i++) {
    if (e.code && e.code !== 'UND_ERR_SOCKET') return e;
    e = e.cause;
  }
  return error;
}

/** One or two sentences, or undefined when nothing specific is known. */
export function explain({ url, status, headers = {}, body = '', error, router = false, domain, functionName, stack = null }) {
  const host = url ? new URL(url).hostname : domain;
  const header = (name) => (typeof headers.get === 'function' ? headers.get(name) : headers[name]) ?? '';
  if (error) {
    const cause = rootCause(error);
    const code = cause?.code ?? '';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') {
      return `DNS: ${host} does not resolve. Point it at the distribution: an alias A and AAAA record (or a CNAME for a sub-domain) to the distribution_domain_name output, or set route53_zone_id so the stack makes them; ${host} must also be in the aliases variable.`;
    }
    if (TLS_CODES.has(code) || /certificate|ssl|tls/i.test(cause?.message ?? '')) {
      return `TLS: the certificate served for ${host} was refused (${code || cause.message}). ${host} must be in the aliases variable and covered by the ACM certificate in acm_certificate_arn (issued in us-east-1, not expired); a *.cloudfront.net certificate here means ${host} is not an alias of this distribution or its DNS points at something else.`;
    }
    if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || error.name === 'TimeoutError') {
      return `nothing answered at ${url} (${code || error.name}): check that ${host}'s DNS points at the distribution (distribution_domain_name) and that the distribution is deployed and enabled.`;
    }
    return undefined;
  }
  const text = String(body).slice(0, 2000);
  const functionUrl = stack?.routerOrigin === 'function-url';
  if (router && functionUrl && status === 403 && /^\s*\{\s*"message"\s*:\s*"Forbidden\b/i.test(text)) {
    // routerOrigin = function-url: no API Gateway in this stack; Lambda's IAM check refused before the function ran.
    return 'the router\'s function URL refused the request with 403 {"Message":"Forbidden"} (Lambda\'s IAM check, before the function ran): either the viewer\'s Host header reached it (a function URL finds its function by host name, and behind Origin Access Control CloudFront signs the Host it sends): check origin_request_policy_id on each ordered_cache_behavior of the router\'s paths (AllViewerExceptHostHeader, b689b0a8-53d0-40ab-baf2-68738e2966ac, or a policy with headers allExcept Host) and the apiOriginRequestPolicy setting; or the distribution\'s request is not signed for it: the router origin must carry the stack\'s Origin Access Control of type lambda (origin_access_control_id), and the Lambda permissions must let cloudfront.amazonaws.com in with this distribution\'s ARN as source_arn (guardrail ER009 checks both at synth; terraform state show the aws_lambda_permission resources).';
  }
  if (status === 403 && !functionUrl && /^\s*\{\s*"message"\s*:\s*"Forbidden"\s*\}\s*$/.test(text)) {
    return 'API Gateway answered 403 {"message":"Forbidden"}: the viewer\'s Host header reached it, and API Gateway only knows its own host name. The router\'s behaviours (the /.well-known/ paths of routerPathPatterns) must use an origin request policy that does not forward Host (AllViewerExceptHostHeader, b689b0a8-53d0-40ab-baf2-68738e2966ac, or a policy with headers allExcept Host) and a cache policy whose key has no Host header: check origin_request_policy_id on each ordered_cache_behavior of the distribution (terraform state show), and the apiOriginRequestPolicy setting.';
  }
  if (/<Code>AccessDenied<\/Code>/.test(text)) {
    return `S3 answered AccessDenied: the bucket policy does not let this distribution read. The origin must use the stack's Origin Access Control and the policy's AWS:SourceArn must be this distribution's ARN (see the site_bucket output's bucket policy). This stack lets the distribution list the bucket, so a missing object is a 404, not this; only if that s3:ListBucket grant is gone too can it be a missing object (make publish SITE=…).`;
  }
  if (/<Code>NoSuchKey<\/Code>/.test(text) || (status === 404 && !router)) {
    const page = stack?.notFoundMode === 'error-page' || (!stack && /text\/html/i.test(header('content-type'))) ? ` (the page that came back is ${stack?.notFoundPage ?? 'not_found_page'}, which not_found_mode "error-page" serves for a missing object)` : '';
    return `the bucket has no such object${page}: publish the site folder (make publish SITE=…); the site root needs an index.html (default_root_object).`;
  }
  if (/<Code>NoSuchBucket<\/Code>/.test(text)) {
    return 'S3 says the bucket does not exist: the distribution\'s S3 origin names a bucket that is gone or in another account (site_bucket_name).';
  }
  if (/The request could not be satisfied/i.test(text) && /Bad request/i.test(text) && status === 403) {
    return `CloudFront does not serve ${host} on this distribution: add it to the aliases variable (with a certificate covering it) and apply, and check that its DNS points at this distribution.`;
  }
  if (router && (status === 502 || status === 503 || status === 504 || (status === 500 && /Internal Server Error/.test(text)))) {
    const group = functionName ? `/aws/lambda/${functionName}` : '/aws/lambda/<router_function_name output>';
    return `the router function failed (${status} from ${functionUrl ? 'its function URL' : 'API Gateway'} or CloudFront: an error, a timeout or throttling). Its logs are in CloudWatch Logs, group ${group} (aws logs tail ${group} --since 15m); a configuration error names the variable it came from.`;
  }
  if (!router && (status === 502 || status === 503 || status === 504)) {
    return `CloudFront could not reach the bucket (${status}): check the S3 origin's domain name and region (aws_region) in the distribution.`;
  }
  if (router && /text\/html/i.test(header('content-type'))) {
    // The router never answers HTML. What the distribution turns into a page depends on the stack (stackFacts).
    const mode = stack?.notFoundMode;
    const page = stack?.notFoundPage ?? 'not_found_page';
    const paged = (stack?.pageCodes ?? [404]).includes(status) && (mode ?? 'error-page') === 'error-page';
    const notRouted = 'or the path is not one of routerPathPatterns (cdktf.json) and went to the bucket, which has no such object.';
    if (status === 404 && paged) {
      return `the router answered 404 for this lookup, and in not_found_mode "error-page"${mode ? '' : ' (the default)'} the distribution answers every origin's 404 with ${page} (CloudFront's custom error responses apply to every origin), so its {"error":"not_found"} arrives as this HTML page. The router knows nothing about the resource: add the account to mastodon_accounts or oidc_accounts (or a webfinger_resources entry) and apply; ${notRouted} not_found_mode "list-bucket" keeps the router's own 404 body.`;
    }
    if (status === 403 && (stack?.pageCodes ?? []).includes(403)) {
      return 'an origin answered 403 and this distribution\'s custom error responses replaced it with a page: on a router path that is most likely ' + (functionUrl ? 'the function URL\'s 403 {"Message":"Forbidden"} (the viewer\'s Host header reached it, or the request was not signed by the Origin Access Control)' : 'API Gateway\'s 403 {"message":"Forbidden"} (the viewer\'s Host header reached it)') + ': check origin_request_policy_id on each ordered_cache_behavior (AllViewerExceptHostHeader, b689b0a8-53d0-40ab-baf2-68738e2966ac).';
    }
    if (status === 200 || status === 404) {
      return `a /.well-known/ path answered with an HTML page${mode === 'spa' ? ' (not_found_mode "spa" answers extensionless paths of the bucket with /index.html)' : ''}: the request went to the bucket, not the router: the path is not one of routerPathPatterns (cdktf.json).`;
    }
    return undefined;
  }
  if (router && status === 404 && /"error"\s*:\s*"not_found"/.test(text)) {
    return 'the router does not know this account: add it to mastodon_accounts or oidc_accounts (or webfinger_resources) and apply.';
  }
  if (router && status === 404 && header('content-type').includes('xml')) {
    return 'the request went to the bucket, not the router: the distribution has no behaviour for this /.well-known/ path (routerPathPatterns).';
  }
  return undefined;
}
