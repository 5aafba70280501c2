using System.Diagnostics;
using System.Text;
using EdgeRouter.Webfinger;
using EdgeRouter.Webfinger.Configuration;
using EdgeRouter.Webfinger.Events;

namespace EdgeRouter.Bootstrap;

/// <summary>The custom-runtime entry point: validate the configuration once, then loop on the Runtime API.</summary>
public static class Program
{
    /// <summary>Environment variable naming the Runtime API endpoint (<c>host:port</c>).</summary>
    public const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>Environment variable the trace id of the current invocation goes into.</summary>
    public const string TraceIdVariable = "_X_AMZN_TRACE_ID";

    /// <summary>Error type reported at init for a bad <c>WEBFINGER_CONFIG</c>.</summary>
    public const string InvalidConfigErrorType = "Runtime.InvalidConfig";

    /// <summary>Error type reported for an event the router failed on in a way it did not foresee (a bug): the
    /// invocation fails, the process lives on and serves the next event.</summary>
    public const string UnhandledErrorType = "Runtime.UnhandledError";

    /// <summary>Exit code after a reported init error.</summary>
    public const int InitFailedExitCode = 1;

    /// <summary>Exit code when the Runtime API is not named or fails.</summary>
    public const int RuntimeApiFailedExitCode = 2;

    /// <summary>Runs the loop until the Runtime API goes away.</summary>
    public static int Main()
    {
        var runtimeApi = Environment.GetEnvironmentVariable(RuntimeApiVariable);
        if (string.IsNullOrEmpty(runtimeApi))
        {
            Console.Error.WriteLine(RuntimeApiVariable + " is not set: this program runs inside AWS Lambda (provided.al2023) or under LocalRuntimeApi.");
            return RuntimeApiFailedExitCode;
        }

        if (!RuntimeApiClient.IsHostAndPort(runtimeApi))
        {
            Console.Error.WriteLine(RuntimeApiVariable + " must be host:port (as Lambda sets it, e.g. 127.0.0.1:9001), got " +
                WebfingerFunction.Quote(runtimeApi) + ".");
            return RuntimeApiFailedExitCode;
        }

        using var client = new RuntimeApiClient(runtimeApi);
        WebfingerFunction function;
        try
        {
            function = WebfingerFunction.FromEnvironment();
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine("init failed: " + e.Message);
            try
            {
                client.PostInitError(InvalidConfigErrorType, WebfingerFunction.ErrorReport(InvalidConfigErrorType, e.Message));
            }
            catch (HttpRequestException post)
            {
                Console.Error.WriteLine("could not report the init error: " + post.Message);
            }

            return InitFailedExitCode;
        }

        using var stdout = Console.OpenStandardOutput();
        // A section with a problem is off and its paths answer 503; each problem is one error line in the log, and
        // every other path is served.
        foreach (var line in function.ConfigProblemLogLines())
        {
            WriteLine(stdout, line);
        }

        try
        {
            while (true)
            {
                var next = client.Next();
                Serve(client, function, next, stdout);
            }
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine("Runtime API failed: " + e.Message);
            return RuntimeApiFailedExitCode;
        }
    }

    /// <summary>Handles one invocation: answer, or report an invocation error for a payload that is no HTTP event
    /// (or, for a bug, any other failure); the caller then serves the next one.</summary>
    internal static void Serve(RuntimeApiClient client, WebfingerFunction function, NextInvocation next, Stream log)
    {
        // Lambda's contract: the current invocation's trace id is in _X_AMZN_TRACE_ID (unset when none was sent).
        Environment.SetEnvironmentVariable(TraceIdVariable, next.TraceId);
        var started = Stopwatch.GetTimestamp();
        FunctionResult invocation;
        try
        {
            invocation = function.Invoke(next.Payload);
        }
        catch (InvalidEventException e)
        {
            Fail(client, next, InvalidEventException.ErrorType, e.Message, started, log);
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Every event ends in a response or an invocation error, and the process serves the next one: an exit here
            // would be Runtime.ExitError, a 500 and a cold start for the next viewer. The type name, not the message:
            // the AOT build strips framework messages, and a message could echo the event.
            Fail(client, next, UnhandledErrorType, "the router failed on this event (" + e.GetType().Name + ")", started, log);
            return;
        }

        client.PostResponse(next.RequestId, invocation.ResponseJson);
        WriteLine(log, WebfingerFunction.LogLine(invocation, next.RequestId, Environment.GetEnvironmentVariable(TraceIdVariable),
            next.RemainingMs(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
    }

    private static void Fail(RuntimeApiClient client, NextInvocation next, string errorType, string message, long started, Stream log)
    {
        client.PostInvocationError(next.RequestId, errorType, WebfingerFunction.ErrorReport(errorType, message));
        WriteLine(log, WebfingerFunction.InvalidEventLogLine(new InvalidEventException(message), next.RequestId,
            Environment.GetEnvironmentVariable(TraceIdVariable), Stopwatch.GetElapsedTime(started)));
    }

    private static void WriteLine(Stream log, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        log.Write(bytes);
        log.Flush();
    }
}
