using System.Text.Json;
using EdgeRouter.Webfinger.Jrd;
using EdgeRouter.Webfinger.Routing;
using EdgeRouter.Webfinger.Serialization;

namespace EdgeRouter.Webfinger.Responses;

/// <summary>Builds every kind of answer, with the headers each must carry. CORS (RFC 7033 §5): every answer has
/// <c>Access-Control-Allow-Origin: *</c>; a preflight also gets the allowed methods.</summary>
public static class Answers
{
    /// <summary>Media type of JRD bodies (RFC 7033 §10.2).</summary>
    public const string JrdContentType = "application/jrd+json";

    /// <summary>Media type of error bodies.</summary>
    public const string JsonContentType = "application/json";

    /// <summary>The methods the known paths accept.</summary>
    public const string AllowedMethods = "GET, HEAD, OPTIONS";

    /// <summary>Cache lifetime of a JRD (5 minutes: config changes show up soon).</summary>
    public const string JrdCacheControl = "public, max-age=300";

    /// <summary>Cache lifetime of a redirect (1 hour; a 301 without it may be cached for ever by browsers).</summary>
    public const string RedirectCacheControl = "public, max-age=3600";

    /// <summary>Cache lifetime of a 404 (1 minute).</summary>
    public const string NotFoundCacheControl = "public, max-age=60";

    /// <summary>Errors caused by the request itself are not cached.</summary>
    public const string NoStore = "no-store";

    private static KeyValuePair<string, string> H(string name, string value) => new(name, value);

    private static readonly KeyValuePair<string, string> AllowOrigin = H("Access-Control-Allow-Origin", "*");

    /// <summary>200 with a JRD (already filtered by rel).</summary>
    public static RouterResponse Jrd(JrdDocument jrd, bool head, RouteDecision decision) =>
        new(200,
            [H("Content-Type", JrdContentType), H("Cache-Control", JrdCacheControl), AllowOrigin],
            head ? "" : JsonSerializer.Serialize(jrd, RouterJsonContext.Output.JrdDocument),
            decision);

    /// <summary>301 to <paramref name="location"/>, which the caller built from configuration plus a validated
    /// query string.</summary>
    public static RouterResponse Redirect(string location, RouteDecision decision) =>
        new(301, [H("Location", location), H("Cache-Control", RedirectCacheControl), AllowOrigin], "", decision);

    /// <summary>400 with a JSON error body.</summary>
    public static RouterResponse BadRequest(string message, bool head) =>
        Error(400, "invalid_request", message, NoStore, head, RouteDecision.BadRequest);

    /// <summary>404 with a JSON error body.</summary>
    public static RouterResponse NotFound(bool head) =>
        Error(404, "not_found", "nothing is known about this resource", NotFoundCacheControl, head, RouteDecision.NotFound);

    /// <summary>404 for a path the router does not serve.</summary>
    public static RouterResponse NoSuchPath(bool head) =>
        Error(404, "not_found", "no such path", NotFoundCacheControl, head, RouteDecision.NotFound);

    /// <summary>403 for a request without the distribution's origin header: it reached the API's endpoint directly.
    /// The body says nothing about the header.</summary>
    public static RouterResponse NotThroughDistribution(bool head) =>
        Error(403, "forbidden", "use the site's own address", NoStore, head, RouteDecision.NotThroughDistribution);

    /// <summary>503 for a path (or resource) whose part of the configuration was disabled at start-up for a problem
    /// (<see cref="Configuration.RouterConfig.Problems"/>): the router will not guess. Not cached, so a fixed
    /// configuration shows at once; the body names no setting (the log does).</summary>
    public static RouterResponse ConfigurationError(bool head) =>
        Error(503, "configuration_error", "this part of the site's configuration is invalid; its owner's log says why", NoStore, head,
            RouteDecision.ConfigurationError);

    /// <summary>405 with <c>Allow</c>.</summary>
    public static RouterResponse MethodNotAllowed() =>
        new(405,
            [H("Allow", AllowedMethods), H("Content-Type", JsonContentType), H("Cache-Control", NoStore), AllowOrigin],
            ErrorJson("method_not_allowed", "use GET, HEAD or OPTIONS"),
            RouteDecision.MethodNotAllowed);

    /// <summary>204 answer to a CORS preflight.</summary>
    public static RouterResponse Preflight() =>
        new(204,
            [
                AllowOrigin,
                H("Access-Control-Allow-Methods", AllowedMethods),
                H("Access-Control-Allow-Headers", "*"),
                H("Access-Control-Max-Age", "86400"),
                H("Allow", AllowedMethods),
            ],
            "",
            RouteDecision.CorsPreflight);

    private static RouterResponse Error(int status, string code, string message, string cache, bool head, RouteDecision decision) =>
        new(status,
            [H("Content-Type", JsonContentType), H("Cache-Control", cache), AllowOrigin],
            head ? "" : ErrorJson(code, message),
            decision);

    private static string ErrorJson(string code, string message) =>
        JsonSerializer.Serialize(new ErrorBody(code, message), RouterJsonContext.Output.ErrorBody);
}
