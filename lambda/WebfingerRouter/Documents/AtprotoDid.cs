using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Documents;

/// <summary><c>/.well-known/atproto-did</c> (AT Protocol handle resolution over HTTPS): the account's DID as
/// <c>text/plain</c>, nothing else in the body. Bluesky checks it when the domain is set as a handle. The query
/// string is ignored: the document takes no parameters.</summary>
public sealed class AtprotoDid(AtprotoSettings atproto) : WellKnownDocument
{
    /// <summary>The document's path.</summary>
    public const string DocumentPath = "/.well-known/atproto-did";

    /// <summary>The content type the atproto handle spec names.</summary>
    public const string ContentType = "text/plain; charset=utf-8";

    /// <inheritdoc />
    public override string Path => DocumentPath;

    /// <inheritdoc />
    protected override RouterResponse Get(string rawQueryString, bool head) =>
        DocumentAnswers.Ok(ContentType, atproto.Did, head, RouteDecision.AtprotoDid);
}
