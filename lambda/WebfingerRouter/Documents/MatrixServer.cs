using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Responses;
using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Documents;

/// <summary><c>/.well-known/matrix/server</c> (Matrix server-server API, server discovery):
/// <c>{"m.server":"matrix.example.com:443"}</c>, which tells other homeservers where federation traffic for the
/// domain goes.</summary>
public sealed class MatrixServer : WellKnownDocument
{
    /// <summary>The document's path.</summary>
    public const string DocumentPath = "/.well-known/matrix/server";

    private readonly string _body;

    /// <summary>Creates the document for <paramref name="server"/> (a validated server name).</summary>
    public MatrixServer(string server)
    {
        _body = DocumentAnswers.Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("m.server", server);
            w.WriteEndObject();
        });
    }

    /// <inheritdoc />
    public override string Path => DocumentPath;

    /// <inheritdoc />
    protected override RouterResponse Get(string rawQueryString, bool head) =>
        DocumentAnswers.Ok(Answers.JsonContentType, _body, head, RouteDecision.MatrixServer);
}
