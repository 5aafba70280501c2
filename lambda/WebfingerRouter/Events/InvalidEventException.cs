namespace EdgeRouter.Webfinger.Events;

/// <summary>The invocation's payload is not an HTTP event the router understands (not JSON, not an object, no
/// method or path). It is not an HTTP request, so there is no HTTP answer: the host reports it through the Runtime
/// API's invocation-error endpoint with the error type <see cref="ErrorType"/>.</summary>
public sealed class InvalidEventException(string message) : Exception(message)
{
    /// <summary>The Lambda error type reported for such payloads.</summary>
    public const string ErrorType = "InvalidEvent";
}
