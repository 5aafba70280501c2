using EdgeRouter.Webfinger.Routing;

namespace EdgeRouter.Webfinger.Responses;

/// <summary>The router's answer, independent of the event format.</summary>
/// <param name="StatusCode">HTTP status.</param>
/// <param name="Headers">Response headers, in order; names are canonical case and values never hold control
/// characters.</param>
/// <param name="Body">The body (UTF-8 text; empty for HEAD, redirects and preflights).</param>
/// <param name="Decision">Which rule answered, for the log.</param>
public sealed record RouterResponse(
    int StatusCode,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string Body,
    RouteDecision Decision)
{
    /// <summary>The first header named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        foreach (var (k, v) in Headers)
        {
            if (string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
            {
                return v;
            }
        }

        return null;
    }
}
