namespace EdgeRouter.Operations;

/// <summary>What stands between CloudFront and the router function; each has its own 5xx metric and alarm.</summary>
public enum RouterOriginKind
{
    /// <summary>An API Gateway HTTP API (the stack's default): AWS/ApiGateway <c>5xx</c> by <c>ApiId</c>.</summary>
    HttpApi,

    /// <summary>A Lambda function URL: AWS/Lambda <c>Url5xxCount</c> by <c>FunctionName</c>.</summary>
    FunctionUrl,
}
