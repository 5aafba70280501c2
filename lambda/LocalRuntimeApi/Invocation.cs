namespace EdgeRouter.LocalRuntimeApi;

/// <summary>One event to hand to the function, with the headers the Runtime API sends along.</summary>
/// <param name="EventJson">The event payload (see <see cref="EventBytes"/> for raw bytes).</param>
public sealed record Invocation(string EventJson)
{
    /// <summary>The payload as raw bytes, sent instead of <see cref="EventJson"/> when set: events no JSON writer
    /// emits (invalid UTF-8, lone surrogate escapes), for tests.</summary>
    public ReadOnlyMemory<byte>? EventBytes { get; init; }

    /// <summary><c>Lambda-Runtime-Aws-Request-Id</c>; a fresh GUID when not set.</summary>
    public string RequestId { get; init; } = Guid.NewGuid().ToString();

    /// <summary>Becomes <c>Lambda-Runtime-Deadline-Ms</c>; 30 seconds from the hand-out when not set.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary><c>Lambda-Runtime-Trace-Id</c>; none is sent when null.</summary>
    public string? TraceId { get; init; }

    /// <summary><c>Lambda-Runtime-Invoked-Function-Arn</c>.</summary>
    public string FunctionArn { get; init; } = "arn:aws:lambda:us-east-1:000000000000:function:webfinger-router";
}

/// <summary>What the function posted for an invocation: its response, or an invocation error.</summary>
/// <param name="RequestId">The invocation's request id.</param>
/// <param name="IsError">True when the function posted to <c>/invocation/{id}/error</c>.</param>
/// <param name="Payload">The posted body (the response, or the error JSON).</param>
/// <param name="ErrorType">The <c>Lambda-Runtime-Function-Error-Type</c> header of an error, if any.</param>
/// <param name="Elapsed">From hand-out (GET next answered) to the post.</param>
public sealed record InvocationResult(string RequestId, bool IsError, string Payload, string? ErrorType, TimeSpan Elapsed);

/// <summary>What the function posted to <c>/runtime/init/error</c>.</summary>
/// <param name="Payload">The posted body, normally <c>{"errorMessage":"...","errorType":"..."}</c>.</param>
/// <param name="ErrorType">The <c>Lambda-Runtime-Function-Error-Type</c> header, if any.</param>
public sealed record InitErrorReport(string Payload, string? ErrorType);

/// <summary>The function failed before it asked for its first invocation.</summary>
public sealed class LocalLambdaInitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LocalLambdaInitException(string message, InitErrorReport? report, int? exitCode, string standardError)
        : base(message)
    {
        Report = report;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>What was posted to the init-error endpoint, if anything.</summary>
    public InitErrorReport? Report { get; }

    /// <summary>The process's exit code, if it exited.</summary>
    public int? ExitCode { get; }

    /// <summary>What the process wrote to stderr.</summary>
    public string StandardError { get; }
}
