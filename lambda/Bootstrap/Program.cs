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

    /// <summary>Handles one invocation: answer, or report an invocation error for a payload that is no HTTP event.</summary>
    internal static void Serve(RuntimeApiClient client, WebfingerFunction function, NextInvocation next, Stream log)
    {
        // Lambda's contract: the current invocation's trace id is in _X_AMZN_TRACE_ID (unset when none was sent).
        Environment.SetEnvironmentVariable(TraceIdVariable, next.TraceId);
        var started = Stopwatch.GetTimestamp();
        string line;
        try
        {
            var invocation = function.Invoke(next.Payload);
            client.PostResponse(next.RequestId, invocation.ResponseJson);
            line = WebfingerFunction.LogLine(invocation, next.RequestId, Environment.GetEnvironmentVariable(TraceIdVariable),
                next.RemainingMs(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        }
        catch (InvalidEventException e)
        {
            client.PostInvocationError(next.RequestId, InvalidEventException.ErrorType,
                WebfingerFunction.ErrorReport(InvalidEventException.ErrorType, e.Message));
            line = WebfingerFunction.InvalidEventLogLine(e, next.RequestId, Environment.GetEnvironmentVariable(TraceIdVariable),
                Stopwatch.GetElapsedTime(started));
        }

        WriteLine(log, line);
    }

    private static void WriteLine(Stream log, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        log.Write(bytes);
        log.Flush();
    }
}
