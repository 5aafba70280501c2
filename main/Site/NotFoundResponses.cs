using Constructs;
using EdgeRouter.Inputs;

namespace EdgeRouter.Site;

/// <summary>
/// What a viewer gets for a missing object (<c>not_found_mode</c>). Behind OAC without <c>s3:ListBucket</c>, S3
/// answers 403 for a key that does not exist, so a missing page looks like "Access Denied". Either the
/// distribution may list the bucket (S3 then says 404), or CloudFront turns the 403 into a 404 page, or, for a
/// single-page app, into <c>/index.html</c> with 200. Only 403 is rewritten: CloudFront's error responses apply
/// to every origin, and the router's 404s must reach WebFinger clients as the router wrote them.
/// </summary>
public sealed class NotFoundResponses : Construct
{
    /// <summary>Creates the pieces for the mode the variable picks.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="inputs">The feature variables.</param>
    public NotFoundResponses(Construct scope, string id, SiteFeatureInputs inputs) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var mode = Variables.Reference(inputs.NotFoundMode);
        var page = Variables.Reference(inputs.NotFoundPage);
        ErrorResponses = new TerraformLocal(this, "error_responses", $$"""
            ${{{mode}} == "spa" ? [{ error_code = 403, response_code = 200, response_page_path = "/index.html" }] : [{ error_code = 403, response_code = 404, response_page_path = {{page}} }]}
            """.Trim());
        _mode = inputs.NotFoundMode;
    }

    private readonly TerraformVariable _mode;

    /// <summary>The error responses, a list the distribution's dynamic block iterates.</summary>
    public TerraformLocal ErrorResponses { get; }

    /// <summary>
    /// The distribution's <c>custom_error_response</c> blocks. In list-bucket mode S3 already answers 404, so only a
    /// 403 (a real denial) is mapped, to the 404 page; in the other modes the 403 for a missing key is.
    /// </summary>
    public IResolvable ToDistributionBlocks()
    {
        var iterator = TerraformIterator.FromList(ErrorResponses.Expression);
        return iterator.Dynamic(new Dictionary<string, object>
        {
            ["error_code"] = iterator.GetNumber("error_code"),
            ["response_code"] = iterator.GetNumber("response_code"),
            ["response_page_path"] = iterator.GetString("response_page_path"),
            ["error_caching_min_ttl"] = 10,
        });
    }

    /// <summary>
    /// The statement that lets <paramref name="distribution"/> list <paramref name="bucketArn"/>, as a policy
    /// document the bucket policy includes only in list-bucket mode.
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
        // Written out: a CDKTF conditional built from C# cannot cross the jsii boundary (see EdgeStack's certificate).
        var json = $"{document.TerraformResourceType}.{document.FriendlyUniqueId}.json";
        return Token.AsList($"${{{Variables.Reference(_mode)} == \"list-bucket\" ? [data.{json}] : []}}");
    }
}
