using Constructs;

namespace EdgeRouter.Router;

/// <summary>
/// The router's origin with no public door (<c>routerOrigin</c> = <c>function-url</c>): a Lambda function URL with
/// <c>AWS_IAM</c> auth, a CloudFront Origin Access Control of type <c>lambda</c> with which the distribution signs
/// every request to it (SigV4, always), and resource-based permissions that let the CloudFront service invoke it only
/// on behalf of this distribution (<c>AWS:SourceArn</c>). A request that does not come through the distribution is
/// unsigned (or signed by someone without the permission) and Lambda refuses it with 403 before the function runs:
/// it is never invoked, so it is not billed as an invocation and takes no concurrency from real lookups.
/// <para>AWS documents two permissions for function URLs since October 2025: <c>lambda:InvokeFunctionUrl</c> and
/// <c>lambda:InvokeFunction</c> (Lambda developer guide, "Control access to Lambda function URLs"). Both are granted to
/// <c>cloudfront.amazonaws.com</c> for this distribution's ARN only. The API's <c>InvokedViaFunctionUrl</c> condition,
/// which would narrow the second to calls through the URL, is unknown to hashicorp/aws 5.100.0 and to the 6.25.0
/// binding; without it the grant still names only this distribution, and CloudFront invokes Lambda for a distribution
/// only through an origin like this one.</para>
/// </summary>
public sealed class RouterFunctionUrl : Construct
{
    /// <summary>The function URL's auth type: requests must be SigV4-signed by a principal the function's policy allows.</summary>
    public const string AuthType = "AWS_IAM";

    /// <summary>The service principal the distribution signs as.</summary>
    public const string CloudFrontPrincipal = "cloudfront.amazonaws.com";

    /// <summary>
    /// Regions where Lambda offers no function URLs (Lambda developer guide, "Creating and managing Lambda function
    /// URLs", read 2026-12-04). AWS refuses the URL there at apply, after the function exists: the plan refuses first.
    /// </summary>
    public static readonly string[] UnsupportedRegions =
    [
        "ap-south-2", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ap-east-2",
        "ca-west-1", "eu-south-2", "eu-central-2", "il-central-1", "me-central-1",
    ];

    private readonly LambdaFunction _function;

    /// <summary>Creates the function URL and its origin access control.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="function">The router function.</param>
    /// <param name="name">Name of the origin access control: unique in the account, at most 64 characters (the stack
    /// passes the router's name, which Lambda already limits to 64).</param>
    /// <param name="region">The function's region as a Terraform expression (<c>var.aws_region</c>), checked against
    /// <see cref="UnsupportedRegions"/> at plan time.</param>
    public RouterFunctionUrl(Construct scope, string id, LambdaFunction function, string name, string region) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(function);
        _function = function;
        Url = new LambdaFunctionUrl(this, "url", new LambdaFunctionUrlConfig
        {
            FunctionName = function.FunctionName,
            AuthorizationType = AuthType,
            // The router answers small JSON documents: the whole answer at once, as API Gateway would pass it.
            InvokeMode = "BUFFERED",
            // Destroyed after the distribution's update when routerOrigin switches back to http-api (RouterHttpApi).
            Lifecycle = new TerraformResourceLifecycle
            {
                CreateBeforeDestroy = true,
                Precondition = new[]
                {
                    new Precondition
                    {
                        Condition = $"${{!contains([{string.Join(", ", UnsupportedRegions.Select(r => $"\"{r}\""))}], {region})}}",
                        ErrorMessage = "aws_region: Lambda offers no function URLs in this region; choose another region, " +
                            "or routerOrigin (EDGE_ROUTER_ROUTER_ORIGIN) = http-api.",
                    },
                },
            },
        });

        AccessControl = new CloudfrontOriginAccessControl(this, "access_control", new CloudfrontOriginAccessControlConfig
        {
            Name = name,
            Description = "Lets only the edge-router distribution invoke the router's function URL",
            OriginAccessControlOriginType = "lambda",
            // "always": CloudFront signs every request, replacing an Authorization header the viewer sent.
            SigningBehavior = "always",
            SigningProtocol = "sigv4",
            Lifecycle = RouterHttpApi.ReplacedAfterTheDistribution,
        });

        // https://<url-id>.lambda-url.<region>.on.aws/ -> the host name alone, as CDK's FunctionUrlOrigin makes it.
        DomainName = Fn.Trimsuffix(Fn.Trimprefix(Url.FunctionUrl, "https://"), "/");
    }

    /// <summary>The function URL.</summary>
    public LambdaFunctionUrl Url { get; }

    /// <summary>The origin access control the distribution signs with.</summary>
    public CloudfrontOriginAccessControl AccessControl { get; }

    /// <summary>The URL's host name, for the CloudFront origin.</summary>
    public string DomainName { get; }

    /// <summary>
    /// Lets <paramref name="distribution"/>, and nothing else, invoke the function through its URL: both permissions
    /// Lambda requires, each for the CloudFront service on condition <c>AWS:SourceArn</c> = the distribution's ARN.
    /// </summary>
    public void AllowOnly(CloudfrontDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        _ = new LambdaPermission(this, "invoke_url_permission", new LambdaPermissionConfig
        {
            StatementId = "AllowInvokeFunctionUrlFromDistribution",
            Action = "lambda:InvokeFunctionUrl",
            FunctionName = _function.FunctionName,
            Principal = CloudFrontPrincipal,
            SourceArn = distribution.Arn,
            FunctionUrlAuthType = AuthType,
            Lifecycle = RouterHttpApi.ReplacedAfterTheDistribution,
        });
        _ = new LambdaPermission(this, "invoke_permission", new LambdaPermissionConfig
        {
            StatementId = "AllowInvokeFunctionFromDistribution",
            Action = "lambda:InvokeFunction",
            FunctionName = _function.FunctionName,
            Principal = CloudFrontPrincipal,
            SourceArn = distribution.Arn,
            Lifecycle = RouterHttpApi.ReplacedAfterTheDistribution,
        });
    }
}
