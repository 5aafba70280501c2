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
        });

        var integration = new Apigatewayv2Integration(this, "integration", new Apigatewayv2IntegrationConfig
        {
            ApiId = Api.Id,
            IntegrationType = "AWS_PROXY",
            IntegrationUri = function.InvokeArn,
            PayloadFormatVersion = "2.0",
            TimeoutMilliseconds = 10000,
        });

        _ = new Apigatewayv2Route(this, "route", new Apigatewayv2RouteConfig
        {
            ApiId = Api.Id,
            RouteKey = RouteKey,
            Target = $"integrations/{integration.Id}",
        });

        _ = new Apigatewayv2Stage(this, "stage", new Apigatewayv2StageConfig
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
        });

        _ = new LambdaPermission(this, "invoke_permission", new LambdaPermissionConfig
        {
            StatementId = "AllowInvokeFromRouterHttpApi",
            Action = "lambda:InvokeFunction",
            FunctionName = function.FunctionName,
            Principal = "apigateway.amazonaws.com",
            // This API only, any stage and route of it: arn:aws:execute-api:region:account:api-id/stage/METHOD/path.
            SourceArn = $"{Api.ExecutionArn}/*/*",
        });

        DomainName = Fn.Trimprefix(Api.ApiEndpoint, "https://");
    }

    /// <summary>The API.</summary>
    public Apigatewayv2Api Api { get; }

    /// <summary>The API's host name (its endpoint without <c>https://</c>), for the CloudFront origin.</summary>
    public string DomainName { get; }
}
