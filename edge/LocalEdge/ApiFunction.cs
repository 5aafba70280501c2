using EdgeRouter.LocalRuntimeApi;

namespace EdgeRouter.LocalEdge;

/// <summary>The router function behind the API origin: the real <c>bootstrap</c> on a loopback Runtime API,
/// started again if its process ends or an invocation times out (as Lambda starts a new execution environment).</summary>
public sealed class ApiFunction : IAsyncDisposable
{
    private readonly string _bootstrap;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LocalLambda? _fn;

    private ApiFunction(string bootstrap, IReadOnlyDictionary<string, string?> environment)
    {
        _bootstrap = bootstrap;
        _environment = environment;
    }

    /// <summary>The running function's process id.</summary>
    public int ProcessId => _fn?.ProcessId ?? 0;

    /// <summary>Starts the function; an init error (a bad <c>WEBFINGER_CONFIG</c>) throws
    /// <see cref="LocalLambdaInitException"/>.</summary>
    public static async Task<ApiFunction> StartAsync(string bootstrap, IReadOnlyDictionary<string, string?> environment, CancellationToken ct)
    {
        var f = new ApiFunction(bootstrap, environment);
        f._fn = await LocalLambda.StartAsync(bootstrap, environment, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        return f;
    }

    /// <summary>Invokes the function with <paramref name="eventJson"/> within <paramref name="timeout"/>.
    /// Null when it timed out.</summary>
    public async Task<InvocationResult?> InvokeAsync(string eventJson, TimeSpan timeout, CancellationToken ct)
    {
        var fn = await RunningAsync(ct).ConfigureAwait(false);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            return await fn.InvokeAsync(new Invocation(eventJson) { Deadline = DateTimeOffset.UtcNow + timeout }, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Lambda discards an execution environment whose invocation timed out; the next request gets a fresh
            // one instead of queueing behind the hung process.
            await DiscardAsync(fn).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await DiscardAsync(fn).ConfigureAwait(false);
            throw;
        }
    }

    private async Task DiscardAsync(LocalLambda fn)
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (ReferenceEquals(_fn, fn))
            {
                _fn = null;
            }
        }
        finally
        {
            _gate.Release();
        }

        await fn.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<LocalLambda> RunningAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_fn is null || _fn.Exited.IsCompleted)
            {
                if (_fn is not null)
                {
                    await _fn.DisposeAsync().ConfigureAwait(false);
                }

                _fn = await LocalLambda.StartAsync(_bootstrap, _environment, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            }

            return _fn;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the function process.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_fn is not null)
        {
            await _fn.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}
