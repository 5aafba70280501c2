using System.Text.Json.Serialization;

namespace EdgeRouter.Webfinger.Responses;

/// <summary>The JSON body of every 4xx answer: <c>{"error":"not_found","message":"..."}</c>.</summary>
/// <param name="Error">A stable code: <c>invalid_request</c>, <c>not_found</c>, <c>method_not_allowed</c>.</param>
/// <param name="Message">A short English explanation; it never repeats request input.</param>
public sealed record ErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message);
