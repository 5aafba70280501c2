using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeRouter.LocalRuntimeApi;

/// <summary>A fake of the Lambda Runtime API (2018-06-01) on 127.0.0.1 and a free port. Queue events with
/// <see cref="InvokeAsync(Invocation, CancellationToken)"/>; a function process polls <c>invocation/next</c> and
/// posts its answer. Endpoints: GET <c>/2018-06-01/runtime/invocation/next</c>, POST
/// <c>.../invocation/{id}/response</c>, POST <c>.../invocation/{id}/error</c>, POST <c>/2018-06-01/runtime/init/error</c>.</summary>
public sealed class RuntimeApiServer : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";
    private readonly WebApplication _app;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly ConcurrentDictionary<string, Pending> _handedOut = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<InitErrorReport> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstPoll = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();

    private RuntimeApiServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The value for <c>AWS_LAMBDA_RUNTIME_API</c>: <c>127.0.0.1:port</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>Completes when the function posts to the init-error endpoint.</summary>
    public Task<InitErrorReport> InitError => _initError.Task;

    /// <summary>Completes when the function first asks for an invocation (it has finished its init).</summary>
    public Task FirstPoll => _firstPoll.Task;

    /// <summary>Starts the server on 127.0.0.1 and a port the system picks.</summary>
    public static async Task<RuntimeApiServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        var server = new RuntimeApiServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        server.Address = new Uri(address).Authority;
        return server;
    }

    /// <summary>Queues <paramref name="eventJson"/> and waits for the function's answer.</summary>
    public Task<InvocationResult> InvokeAsync(string eventJson, CancellationToken cancellationToken = default) =>
        InvokeAsync(new Invocation(eventJson), cancellationToken);

    /// <summary>Queues <paramref name="invocation"/> and waits for the function's answer (response or error).</summary>
    public async Task<InvocationResult> InvokeAsync(Invocation invocation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var pending = new Pending(invocation);
        await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        using var registration = cancellationToken.Register(() => pending.Result.TrySetCanceled(cancellationToken));
        return await pending.Result.Task.ConfigureAwait(false);
    }

    /// <summary>Fails every invocation that is queued or handed out (used when the function process dies).</summary>
    public void FailAll(Exception error)
    {
        foreach (var (_, p) in _handedOut)
        {
            p.Result.TrySetException(error);
        }

        while (_queue.Reader.TryRead(out var p))
        {
            p.Result.TrySetException(error);
        }

        _initError.TrySetException(error);
        _firstPoll.TrySetException(error);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var rest = path[Prefix.Length..];
        if (rest == "invocation/next" && HttpMethods.IsGet(request.Method))
        {
            await NextAsync(context).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.StatusCode = 405;
            return;
        }

        var body = await new StreamReader(request.Body).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        var errorType = request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault();
        if (rest == "init/error")
        {
            _initError.TrySetResult(new InitErrorReport(body, errorType));
            await AcceptedAsync(context).ConfigureAwait(false);
            return;
        }

        var parts = rest.Split('/');
        if (parts.Length == 3 && parts[0] == "invocation" && parts[2] is "response" or "error")
        {
            var id = Uri.UnescapeDataString(parts[1]);
            if (!_handedOut.TryRemove(id, out var pending))
            {
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}").ConfigureAwait(false);
                return;
            }

            pending.Result.TrySetResult(new InvocationResult(id, parts[2] == "error", body, errorType,
                Stopwatch.GetElapsedTime(pending.HandedOutAt)));
            await AcceptedAsync(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = 404;
    }

    private async Task NextAsync(HttpContext context)
    {
        _firstPoll.TrySetResult();
        Pending pending;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            pending = await _queue.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (ChannelClosedException)
        {
            return;
        }

        var invocation = pending.Invocation;
        var deadline = invocation.Deadline ?? DateTimeOffset.UtcNow.AddSeconds(30);
        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.FunctionArn;
        if (invocation.TraceId is not null)
        {
            headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        }

        context.Response.ContentType = "application/json";
        pending.HandedOutAt = Stopwatch.GetTimestamp();
        _handedOut[invocation.RequestId] = pending;
        try
        {
            if (invocation.EventBytes is { } raw)
            {
                await context.Response.Body.WriteAsync(raw).ConfigureAwait(false);
            }
            else
            {
                await context.Response.WriteAsync(invocation.EventJson).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            _handedOut.TryRemove(invocation.RequestId, out _);
            pending.Result.TrySetException(new IOException("the function dropped the connection while taking the event", e));
        }
    }

    private static Task AcceptedAsync(HttpContext context)
    {
        context.Response.StatusCode = 202;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("{\"status\":\"OK\"}");
    }

    /// <summary>Stops the server; queued and handed-out invocations fail.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        FailAll(new ObjectDisposedException(nameof(RuntimeApiServer)));
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private sealed class Pending(Invocation invocation)
    {
        public Invocation Invocation { get; } = invocation;
        public TaskCompletionSource<InvocationResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public long HandedOutAt { get; set; }
    }
}
