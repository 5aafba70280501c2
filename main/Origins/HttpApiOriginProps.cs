namespace EdgeRouter.Origins;

/// <summary>Properties of <see cref="HttpApiOrigin"/>.</summary>
public sealed record HttpApiOriginProps
{
    /// <summary>
    /// The API's host name, without scheme or path: an <c>execute-api</c> endpoint or a custom domain. Required.
    /// Usually a Terraform reference (a variable or the API's endpoint), so its form is checked at plan time by
    /// the <c>api_domain_name</c> variable's validation.
    /// </summary>
    public required string DomainName { get; init; }

    /// <summary>
    /// Path prepended to every origin request, such as a REST API's stage (<c>/prod</c>). Default empty: an HTTP
    /// API's <c>$default</c> stage needs none.
    /// </summary>
    public string OriginPath { get; init; } = "";

    /// <summary>
    /// How long CloudFront waits for a response. Default 30 seconds, API Gateway's own integration timeout.
    /// Valid 1-180 (above 60 needs a quota increase).
    /// </summary>
    public int ReadTimeoutSeconds { get; init; } = 30;

    /// <summary>
    /// Origin custom headers CloudFront adds to every request to the API (name to value; a Terraform expression is
    /// fine). They replace a viewer's header of the same name. Default none.
    /// </summary>
    public IReadOnlyDictionary<string, string> CustomHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>How long CloudFront keeps an idle connection to the API open. Default 5 seconds. Valid 1-60.</summary>
    public int KeepaliveTimeoutSeconds { get; init; } = 5;
}
