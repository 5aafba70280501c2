namespace EdgeRouter.Webfinger.Requests;

/// <summary>An HTTP request as the router sees it, whatever event format brought it.</summary>
/// <param name="Method">The HTTP method, upper case (<c>GET</c>).</param>
/// <param name="Path">The path without the query string, as received (<c>/.well-known/webfinger</c>).</param>
/// <param name="RawQueryString">The query string as the client sent it, without the leading <c>?</c>; for
/// REST (1.0) events, which carry only decoded parameters, it is rebuilt with RFC 3986 percent-encoding.</param>
public sealed record RouterRequest(string Method, string Path, string RawQueryString);
