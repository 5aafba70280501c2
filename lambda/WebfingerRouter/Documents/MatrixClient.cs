using EdgeRouter.Webfinger.Requests;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Documents;

/// <summary><c>/.well-known/matrix/client</c> (Matrix client-server API, server discovery):
/// <c>{"m.homeserver":{"base_url":"https://matrix.example.com"}}</c>. Web clients fetch it from the browser, so
/// every answer on this path (also 405 and the preflight) carries the CORS headers the client-server API's "Web
/// Browser Clients" section lists.</summary>
public sealed class MatrixClient : WellKnownDocument
{
    /// <summary>The document's path.</summary>
    public const string DocumentPath = "/.well-known/matrix/client";

    /// <summary>The methods the Matrix spec's CORS headers name (for its whole API, not only this document).</summary>
    public const string CorsMethods = "GET, POST, PUT, DELETE, OPTIONS";

    /// <summary>The request headers the Matrix spec's CORS headers name.</summary>
    public const string CorsHeaders = "X-Requested-With, Content-Type, Authorization";

    private readonly string _body;

    /// <summary>Creates the document for <paramref name="baseUrl"/> (a validated https URL).</summary>
    public MatrixClient(string baseUrl)
    {
        _body = DocumentAnswers.Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("m.homeserver");
            w.WriteString("base_url", baseUrl);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <inheritdoc />
    public override string Path => DocumentPath;

    /// <inheritdoc />
    public override RouterResponse Answer(RouterRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method == "OPTIONS")
        {
            return new RouterResponse(204,
                [
                    DocumentAnswers.AllowAnyOrigin,
                    new("Access-Control-Allow-Methods", CorsMethods),
                    new("Access-Control-Allow-Headers", CorsHeaders),
                    new("Access-Control-Max-Age", "86400"),
                    new("Allow", Answers.AllowedMethods),
                ],
                "",
                RouteDecision.CorsPreflight);
        }

        var answer = base.Answer(request);
        return answer with
        {
            Headers = [.. answer.Headers, new("Access-Control-Allow-Methods", CorsMethods), new("Access-Control-Allow-Headers", CorsHeaders)],
        };
    }

    /// <inheritdoc />
    protected override RouterResponse Get(string rawQueryString, bool head) =>
        DocumentAnswers.Ok(Answers.JsonContentType, _body, head, RouteDecision.MatrixClient);
}
