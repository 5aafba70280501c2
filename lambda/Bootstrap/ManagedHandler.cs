using EdgeRouter.Webfinger;

namespace EdgeRouter.Bootstrap;

/// <summary>The handler for AWS's managed <c>dotnet10</c> runtime, which needs no Amazon.Lambda.* package when
/// input and output are streams. Handler string: <c>bootstrap::EdgeRouter.Bootstrap.ManagedHandler::Handle</c>.
/// The constructor validates <c>WEBFINGER_CONFIG</c>: a configuration that is not a JSON object fails the function at init;
/// a section with a problem is disabled and logged.</summary>
public sealed class ManagedHandler
{
    private readonly WebfingerFunction _function;

    /// <summary>Reads and validates the configuration from the environment.</summary>
    public ManagedHandler()
    {
        _function = WebfingerFunction.FromEnvironment();
        foreach (var line in _function.ConfigProblemLogLines())
        {
            Console.WriteLine(line);
        }
    }

    /// <summary>Handles one event; an event that is not an HTTP event throws, and the runtime reports the error.</summary>
    public Stream Handle(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        var invocation = _function.Invoke(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        Console.WriteLine(WebfingerFunction.LogLine(invocation, null, Environment.GetEnvironmentVariable(Program.TraceIdVariable), null));
        return new MemoryStream(invocation.ResponseJson, writable: false);
    }
}
