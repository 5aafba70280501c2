namespace EdgeRouter.Configuration;

/// <summary>
/// Which origin request policy the router behaviours use. Both forward everything the viewer sent except
/// <c>Host</c>: API Gateway routes on its own host name and answers 403 <c>{"message":"Forbidden"}</c> when
/// CloudFront forwards the viewer's.
/// </summary>
public enum ApiOriginRequestPolicyKind
{
    /// <summary>The AWS managed <c>Managed-AllViewerExceptHostHeader</c> policy (the default).</summary>
    Managed,

    /// <summary>
    /// A policy this stack owns: headers <c>allExcept</c> <c>Host</c>, all cookies, all query strings, as the
    /// original CloudFormation setup had. Choose it to see (and change) every forwarded value in the plan.
    /// </summary>
    StackOwned,
}
