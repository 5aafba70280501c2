using Constructs;
using EdgeRouter.Inputs;

namespace EdgeRouter.Site;

/// <summary>
/// What a viewer gets for a missing object (<c>not_found_mode</c>), and how long CloudFront keeps error answers.
/// CloudFront's custom error responses apply to every origin of the distribution, so the only status ever given a
/// page is 404, and only in <c>error-page</c> mode, and it stays 404: a 403 (API Gateway's Host failure, a WAF
/// block, a real S3 denial), a 400, 405 or 5xx from the router or API Gateway is never rewritten, and nothing is
/// ever turned into a 200. The distribution may always <c>s3:ListBucket</c>, so S3 answers a missing key with 404
/// (without it S3 says 403, which must not be rewritten). Single-page-app routing is done before the origin, by
/// the viewer-request function (<see cref="IndexDocumentRewrite"/>), not by rewriting errors.
/// <list type="bullet">
/// <item><c>error-page</c> (default): 404 from any origin is answered with <c>not_found_page</c>, status 404.</item>
/// <item><c>list-bucket</c>: nothing rewritten; a missing key is S3's own 404 (an XML body).</item>
/// <item><c>spa</c>: nothing rewritten; extensionless paths are <c>/index.html</c> (the function); a missing file
/// with an extension is S3's 404.</item>
/// </list>
/// Every 4xx/5xx code CloudFront caches gets <c>error_caching_min_ttl = 0</c>, so an error is kept only as long as
/// the origin's <c>Cache-Control</c> allows and the behaviour's cache policy permits: never under CachingDisabled,
/// and with <c>webfinger_cache_seconds</c> only under a key holding the whole query string, so no error for one
/// WebFinger lookup can be served for another.
/// </summary>
public sealed class NotFoundResponses : Construct
{
    /// <summary>The mode that answers a 404 with <c>not_found_page</c>.</summary>
    public const string ErrorPageMode = "error-page";

    /// <summary>
    /// The status codes CloudFront caches (its "HTTP 4xx and 5xx status codes that CloudFront caches"), each given an
    /// error-caching minimum TTL of 0. 416 is left out: CloudFront never caches it.
    /// </summary>
    public static readonly int[] CachedErrorCodes = [400, 403, 404, 405, 414, 500, 501, 502, 503, 504];

    /// <summary>The only status ever answered with a page (with itself as the status).</summary>
    public const int PageErrorCode = 404;

    /// <summary>Creates the pieces for the mode the variable picks.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="inputs">The feature variables.</param>
    public NotFoundResponses(Construct scope, string id, SiteFeatureInputs inputs) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var mode = Variables.Reference(inputs.NotFoundMode);
        var page = Variables.Reference(inputs.NotFoundPage);
        // Written out element by element (no `for` expression) so that the local edge's evaluator reads it too.
        var usesPage = $"{mode} == \"{ErrorPageMode}\"";
        var elements = CachedErrorCodes.Select(code => code == PageErrorCode
            ? $"{{ error_code = {code}, response_code = {usesPage} ? {code} : null, response_page_path = {usesPage} ? {page} : null }}"
            : $"{{ error_code = {code}, response_code = null, response_page_path = null }}");
        ErrorResponses = new TerraformLocal(this, "error_responses", $"${{[{string.Join(", ", elements)}]}}");
    }

    /// <summary>The error responses, a list the distribution's dynamic block iterates.</summary>
    public TerraformLocal ErrorResponses { get; }

    /// <summary>The distribution's <c>custom_error_response</c> blocks: one per cached error code.</summary>
    public IResolvable ToDistributionBlocks()
    {
        var iterator = TerraformIterator.FromList(ErrorResponses.Expression);
        return iterator.Dynamic(new Dictionary<string, object>
        {
            ["error_code"] = iterator.GetNumber("error_code"),
            ["response_code"] = iterator.GetNumber("response_code"),
            ["response_page_path"] = iterator.GetString("response_page_path"),
            ["error_caching_min_ttl"] = 0,
        });
    }

    /// <summary>
    /// The statement that lets <paramref name="distribution"/> list <paramref name="bucketArn"/>, as a policy
    /// document the bucket policy includes in every mode (a missing key is then 404, never 403).
    /// </summary>
    public string[] ListBucketGrant(string bucketArn, CloudfrontDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        var document = new DataAwsIamPolicyDocument(this, "list_bucket", new DataAwsIamPolicyDocumentConfig
        {
            Statement = new[]
            {
                new DataAwsIamPolicyDocumentStatement
                {
                    Sid = "AllowCloudFrontListForRealNotFound",
                    Effect = "Allow",
                    Principals = new[]
                    {
                        new DataAwsIamPolicyDocumentStatementPrincipals { Type = "Service", Identifiers = ["cloudfront.amazonaws.com"] },
                    },
                    Actions = ["s3:ListBucket"],
                    Resources = [bucketArn],
                    Condition = new[]
                    {
                        new DataAwsIamPolicyDocumentStatementCondition { Test = "StringEquals", Variable = "AWS:SourceArn", Values = [distribution.Arn] },
                    },
                },
            },
        });
        return [document.Json];
    }
}
