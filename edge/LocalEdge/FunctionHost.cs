using System.Diagnostics;
using System.Text.Json.Nodes;

namespace EdgeRouter.LocalEdge;

/// <summary>The distribution's CloudFront Functions, run by Node (<c>cloudfront-functions.mjs</c>, shipped next
/// to this program) one call at a time.</summary>
public sealed class FunctionHost : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<CloudFrontFunction> _functions;
    private Process _node;
    private long _next;

    private FunctionHost(Process node, List<CloudFrontFunction> functions)
    {
        _node = node;
        _functions = functions;
    }

    /// <summary>How many times Node was started again after it died.</summary>
    public int Restarts { get; private set; }

    /// <summary>Node's process id.</summary>
    public int ProcessId => _node.Id;

    /// <summary>Starts Node and loads <paramref name="functions"/>.</summary>
    public static async Task<FunctionHost> StartAsync(IEnumerable<CloudFrontFunction> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var host = new FunctionHost(StartNode(), [.. functions]);
        try
        {
            await host.LoadAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw new EdgeConfigurationException(e.Message);
        }

        return host;
    }

    private static Process StartNode()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "cloudfront-functions.mjs");
        var info = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
        };
        info.ArgumentList.Add(script);
        try
        {
            return Process.Start(info) ?? throw new EdgeConfigurationException("could not start node for the CloudFront Functions");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new EdgeConfigurationException("the distribution has CloudFront Functions, which the local edge runs with Node: " + e.Message);
        }
    }

    // Called with the gate held, or before the host is shared.
    private async Task LoadAsync()
    {
        foreach (var f in _functions)
        {
            var answer = await ExchangeAsync(new JsonObject { ["op"] = "load", ["name"] = f.Name, ["code"] = f.Code }).ConfigureAwait(false);
            if (answer["ok"]?.GetValue<bool>() != true)
            {
                throw new InvalidOperationException($"CloudFront function {f.Name}: {answer["error"]}");
            }
        }
    }

    /// <summary>Runs <paramref name="function"/> on <paramref name="ev"/>: the returned request or response
    /// object, or an exception with the function's error.</summary>
    public async Task<JsonObject> RunAsync(CloudFrontFunction function, JsonObject ev)
    {
        ArgumentNullException.ThrowIfNull(function);
        var answer = await CallAsync(new JsonObject { ["op"] = "run", ["name"] = function.Name, ["event"] = ev }).ConfigureAwait(false);
        if (answer["ok"]?.GetValue<bool>() != true)
        {
            throw new InvalidOperationException(answer["error"]?.ToString() ?? "the function failed");
        }

        return answer["result"] as JsonObject ?? throw new InvalidOperationException("the function returned no object");
    }

    private async Task<JsonObject> CallAsync(JsonObject message)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_node.HasExited)
            {
                // Node died (killed, out of memory): start it again and reload the functions, so that one failure
                // is one 503 (CloudFront's answer when a function fails), not every later request's.
                _node.Dispose();
                _node = StartNode();
                Restarts++;
                await LoadAsync().ConfigureAwait(false);
            }

            return await ExchangeAsync(message).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<JsonObject> ExchangeAsync(JsonObject message)
    {
        var id = ++_next;
        message["id"] = id;
        try
        {
            await _node.StandardInput.WriteLineAsync(message.ToJsonString()).ConfigureAwait(false);
            await _node.StandardInput.FlushAsync().ConfigureAwait(false);
            while (true)
            {
                var line = await _node.StandardOutput.ReadLineAsync().ConfigureAwait(false)
                    ?? throw new InvalidOperationException("the CloudFront Functions host (node) exited");
                if (JsonNode.Parse(line) is JsonObject answer && answer["id"]?.GetValue<long>() == id)
                {
                    return answer;
                }
            }
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or ObjectDisposedException)
        {
            throw new InvalidOperationException("the CloudFront Functions host (node) failed: " + e.GetType().Name, e);
        }
    }

    /// <summary>Stops Node (its process only).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _node.StandardInput.Close();
            if (!_node.WaitForExit(2000))
            {
                _node.Kill();
            }

            await _node.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _node.Dispose();
        _gate.Dispose();
    }
}
