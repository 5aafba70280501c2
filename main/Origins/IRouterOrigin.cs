namespace EdgeRouter.Origins;

/// <summary>
/// The origin the router behaviours target (origin ID <see cref="HttpApiOrigin.OriginId"/>): an API Gateway API
/// (<see cref="HttpApiOrigin"/>) or the router's Lambda function URL (<see cref="FunctionUrlOrigin"/>).
/// </summary>
public interface IRouterOrigin
{
    /// <summary>The origin's host name (a Terraform expression is fine).</summary>
    string DomainName { get; }

    /// <summary>The distribution's origin block.</summary>
    CloudfrontDistributionOrigin ToOrigin();
}
