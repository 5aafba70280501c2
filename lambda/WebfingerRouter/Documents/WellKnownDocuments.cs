using EdgeRouter.Webfinger.Configuration;

namespace EdgeRouter.Webfinger.Documents;

/// <summary>The documents a configuration enables, by path. A section that is not configured adds no path, so its
/// path is the router's plain 404 <c>no such path</c>.</summary>
public static class WellKnownDocuments
{
    /// <summary>Every path a document can have, whether configured or not (for the distribution's behaviours).</summary>
    public static IReadOnlyList<string> AllPaths { get; } =
        [AtprotoDid.DocumentPath, MatrixServer.DocumentPath, MatrixClient.DocumentPath, NostrJson.DocumentPath];

    /// <summary>The documents of <paramref name="config"/>, keyed by their exact path.</summary>
    public static IReadOnlyDictionary<string, WellKnownDocument> For(RouterConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var documents = new List<WellKnownDocument>();
        if (config.Atproto is { } atproto)
        {
            documents.Add(new AtprotoDid(atproto));
        }

        if (config.Matrix?.Server is { } server)
        {
            documents.Add(new MatrixServer(server));
        }

        if (config.Matrix?.ClientBaseUrl is { } baseUrl)
        {
            documents.Add(new MatrixClient(baseUrl));
        }

        if (config.Nostr is { } nostr)
        {
            documents.Add(new NostrJson(nostr));
        }

        // A section disabled for a problem keeps its paths, answered 503, so the fault shows where it is.
        if (config.Disabled.Contains("atproto"))
        {
            documents.Add(new DisabledDocument(AtprotoDid.DocumentPath));
        }

        if (config.Disabled.Contains("matrix"))
        {
            documents.Add(new DisabledDocument(MatrixServer.DocumentPath));
            documents.Add(new DisabledDocument(MatrixClient.DocumentPath));
        }

        if (config.Disabled.Contains("nostr"))
        {
            documents.Add(new DisabledDocument(NostrJson.DocumentPath));
        }

        return documents.ToDictionary(d => d.Path, StringComparer.Ordinal);
    }
}
