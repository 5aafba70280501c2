using Constructs;

namespace EdgeRouter.Router;

/// <summary>
/// The HTTP API in front of the router: one route, <c>ANY /.well-known/{proxy+}</c>, a Lambda proxy integration
/// with payload format 2.0, the auto-deployed <c>$default</c> stage (so the origin needs no path) with a
/// throttle, and a permission that lets only this API invoke the function.
/// </summary>
public sealed class RouterHttpApi : Construct
{
    /// <summary>The one route: every method, so the router itself answers OPTIONS and 405.</summary>
    public const string RouteKey = "ANY /.well-known/{proxy+}";

    /// <summary>Creates the API for <paramref name="function"/>.</summary>
    /// <param name="scope">Parent construct.</param>
    /// <param name="id">Construct ID.</param>
    /// <param name="function">The router function.</param>
    /// <param name="name">The API's name.</param>
    public RouterHttpApi(Construct scope, string id, LambdaFunction function, string name) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(function);
        Api = new Apigatewayv2Api(this, "api", new Apigatewayv2ApiConfig
        {
            Name = name,
            Description = "edge-router: /.well-known/* behind CloudFront",
            ProtocolType = "HTTP",
            Lifecycle = ReplacedAfterTheDistribution,
        });

        var integration = new Apigatewayv2Integration(this, "integration", new Apigatewayv2IntegrationConfig
        {
            ApiId = Api.Id,
            IntegrationType = "AWS_PROXY",
            IntegrationUri = function.InvokeArn,
            PayloadFormatVersion = "2.0",
            TimeoutMilliseconds = 10000,
            Lifecycle = ReplacedAfterTheDistribution,
        });

        var route = new Apigatewayv2Route(this, "route", new Apigatewayv2RouteConfig
        {
            ApiId = Api.Id,
            RouteKey = RouteKey,
            Target = $"integrations/{integration.Id}",
            Lifecycle = ReplacedAfterTheDistribution,
        });

        var stage = new Apigatewayv2Stage(this, "stage", new Apigatewayv2StageConfig
        {
            ApiId = Api.Id,
            Name = "$default",
            AutoDeploy = true,
            // A lookup storm (or a scan) costs Lambda invocations; CloudFront retries nothing on 429.
            DefaultRouteSettings = new Apigatewayv2StageDefaultRouteSettings
            {
                ThrottlingBurstLimit = 100,
                ThrottlingRateLimit = 50,
            },
            Lifecycle = ReplacedAfterTheDistribution,
        });

        var permission = new LambdaPermission(this, "invoke_permission", new LambdaPermissionConfig
        {
            StatementId = "AllowInvokeFromRouterHttpApi",
            Action = "lambda:InvokeFunction",
            FunctionName = function.FunctionName,
            Principal = "apigateway.amazonaws.com",
            // This API only, any stage and route of it: arn:aws:execute-api:region:account:api-id/stage/METHOD/path.
            SourceArn = $"{Api.ExecutionArn}/*/*",
            Lifecycle = ReplacedAfterTheDistribution,
        });

        DomainName = Fn.Trimprefix(Api.ApiEndpoint, "https://");
        ServingParts = [integration, route, stage, permission];
    }

    /// <summary>
    /// What must exist before the distribution sends lookups here, besides the API it references: the distribution
    /// <c>depends_on</c> these, so a switch of <c>routerOrigin</c> to <c>http-api</c> completes the API before the
    /// distribution's update, and (with <see cref="ReplacedAfterTheDistribution"/>) a switch away destroys them only
    /// after the distribution's update has deployed.
    /// </summary>
    public IReadOnlyList<TerraformResource> ServingParts { get; }

    /// <summary>
    /// <c>create_before_destroy</c>: Terraform otherwise destroys a resource the distribution depends on before it
    /// updates the distribution, and that update returns only once CloudFront has deployed it (minutes), so switching
    /// <c>routerOrigin</c> left every router path failing for the whole roll-out (README, <i>The router's door</i>).
    /// The statement ID stays fixed: a permission is replaced only with a new API or function, whose policy is new.
    /// </summary>
    internal static TerraformResourceLifecycle ReplacedAfterTheDistribution => new() { CreateBeforeDestroy = true };

    /// <summary>The API.</summary>
    public Apigatewayv2Api Api { get; }

    /// <summary>The API's host name (its endpoint without <c>https://</c>), for the CloudFront origin.</summary>
    public string DomainName { get; }
}
