using EdgeRouter.Webfinger.Requests;
using EdgeRouter.Webfinger.Responses;

namespace EdgeRouter.Webfinger.Documents;

/// <summary>A document the router serves at one fixed path besides WebFinger (<c>/.well-known/atproto-did</c>,
/// <c>/.well-known/matrix/server</c>, …), with the same methods as the other router paths: GET and HEAD are
/// answered, OPTIONS is a CORS preflight (204), anything else is 405 with <c>Allow</c>. A document never redirects.</summary>
public abstract class WellKnownDocument
{
    /// <summary>The exact path, compared case-sensitively as CloudFront's path patterns are.</summary>
    public abstract string Path { get; }

    /// <summary>Answers a request for <see cref="Path"/>. Never throws for any input.</summary>
    public virtual RouterResponse Answer(RouterRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Method switch
        {
            "GET" => Get(request.RawQueryString, head: false),
            "HEAD" => Get(request.RawQueryString, head: true),
            "OPTIONS" => Answers.Preflight(),
            _ => Answers.MethodNotAllowed(),
        };
    }

    /// <summary>The answer to GET (or HEAD: same status and headers, empty body).</summary>
    protected abstract RouterResponse Get(string rawQueryString, bool head);
}
