namespace EdgeRouter.Origins;

/// <summary>
/// The API Gateway origin: a custom origin spoken to over HTTPS only, with TLS 1.2 (API Gateway offers nothing
/// older worth allowing and nothing newer that CloudFront can ask for). The viewer's <c>Host</c> header must
/// never reach it (see <see cref="Policies.ApiOriginRequestPolicy"/>): API Gateway finds the API by its own host
/// name and answers 403 <c>{"message":"Forbidden"}</c> to any other.
/// </summary>
public sealed class HttpApiOrigin : IRouterOrigin
{
    /// <summary>The origin ID the router behaviours target.</summary>
    public const string OriginId = "api";

    private readonly HttpApiOriginProps _props;

    /// <summary>Validates <paramref name="props"/>; throws <see cref="ArgumentException"/> naming the property.</summary>
    public HttpApiOrigin(HttpApiOriginProps props)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (string.IsNullOrWhiteSpace(props.DomainName))
        {
            throw new ArgumentException("HttpApiOriginProps.DomainName: give the API's host name", nameof(props));
        }

        if (props.ReadTimeoutSeconds is < 1 or > 180)
        {
            throw new ArgumentException(
                $"HttpApiOriginProps.ReadTimeoutSeconds: {props.ReadTimeoutSeconds} is outside 1-180 seconds", nameof(props));
        }

        if (props.KeepaliveTimeoutSeconds is < 1 or > 60)
        {
            throw new ArgumentException(
                $"HttpApiOriginProps.KeepaliveTimeoutSeconds: {props.KeepaliveTimeoutSeconds} is outside 1-60 seconds", nameof(props));
        }

        _props = props;
    }

    /// <inheritdoc />
    public string DomainName => _props.DomainName;

    /// <inheritdoc />
    public CloudfrontDistributionOrigin ToOrigin() => HttpsOnlyOrigin.Build(OriginId, _props.DomainName, _props.OriginPath,
        originAccessControlId: null, _props.CustomHeaders, _props.ReadTimeoutSeconds, _props.KeepaliveTimeoutSeconds);
}
