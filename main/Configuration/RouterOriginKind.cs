namespace EdgeRouter.Configuration;

/// <summary>
/// What CloudFront's router behaviours reach the router function through (<c>routerOrigin</c>). Both keep the
/// viewer's <c>Host</c> away from the origin and both send the <c>X-Origin-Verify</c> secret, which the router checks.
/// </summary>
public enum RouterOriginKind
{
    /// <summary>
    /// <c>http-api</c> (the default, as the design names API Gateway): an API Gateway HTTP API with a throttled
    /// <c>$default</c> stage. Its <c>execute-api</c> endpoint is public: the router refuses a request without the
    /// secret, but API Gateway has already counted (and billed) it against the stage throttle that real lookups share.
    /// </summary>
    HttpApi,

    /// <summary>
    /// <c>function-url</c>: a Lambda function URL with <c>AWS_IAM</c> auth behind a CloudFront Origin Access Control of
    /// type <c>lambda</c>, invokable only by this distribution. A direct call is refused by Lambda before the function
    /// runs; no API Gateway resources at all.
    /// </summary>
    FunctionUrl,
}
