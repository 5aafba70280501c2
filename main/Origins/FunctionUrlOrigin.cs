namespace EdgeRouter.Origins;

/// <summary>
/// The router's Lambda function URL as a custom origin: HTTPS only with TLS 1.2, signed by the distribution with
/// its Origin Access Control of type <c>lambda</c> (<see cref="Router.RouterFunctionUrl"/>), with the same origin ID
/// as the API Gateway origin so the router behaviours do not change. The viewer's <c>Host</c> must never reach it,
/// as with API Gateway (<see cref="Policies.ApiOriginRequestPolicy"/>): a function URL finds its function by host
/// name, and CloudFront signs the <c>Host</c> it sends, so a foreign one fails either way with 403.
/// </summary>
public sealed class FunctionUrlOrigin : IRouterOrigin
{
    /// <summary>How long CloudFront waits for the function: CloudFront's default 30 seconds, far above the router's timeout.</summary>
    public const int ReadTimeoutSeconds = 30;

    /// <summary>How long CloudFront keeps an idle connection open: CloudFront's default 5 seconds.</summary>
    public const int KeepaliveTimeoutSeconds = 5;

    private readonly string _originAccessControlId;
    private readonly IReadOnlyDictionary<string, string> _customHeaders;

    /// <summary>Creates the origin.</summary>
    /// <param name="domainName">The function URL's host name (an expression; never empty).</param>
    /// <param name="originAccessControlId">The ID of the origin access control of type <c>lambda</c>.</param>
    /// <param name="customHeaders">Origin custom headers (name to value), such as the <c>X-Origin-Verify</c> secret.</param>
    public FunctionUrlOrigin(string domainName, string originAccessControlId, IReadOnlyDictionary<string, string> customHeaders)
    {
        if (string.IsNullOrWhiteSpace(domainName))
        {
            throw new ArgumentException("FunctionUrlOrigin: give the function URL's host name", nameof(domainName));
        }

        if (string.IsNullOrWhiteSpace(originAccessControlId))
        {
            throw new ArgumentException("FunctionUrlOrigin: an AWS_IAM function URL needs the distribution's origin access control", nameof(originAccessControlId));
        }

        DomainName = domainName;
        _originAccessControlId = originAccessControlId;
        _customHeaders = customHeaders ?? throw new ArgumentNullException(nameof(customHeaders));
    }

    /// <inheritdoc />
    public string DomainName { get; }

    /// <inheritdoc />
    public CloudfrontDistributionOrigin ToOrigin() => HttpsOnlyOrigin.Build(HttpApiOrigin.OriginId, DomainName, originPath: null,
        _originAccessControlId, _customHeaders, ReadTimeoutSeconds, KeepaliveTimeoutSeconds);
}
