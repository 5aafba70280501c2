using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace EdgeRouter.LocalRuntimeApi;

/// <summary>A function process (a Native AOT <c>bootstrap</c>, or a <c>bootstrap.dll</c> run with <c>dotnet</c>)
/// wired to its own <see cref="RuntimeApiServer"/> on loopback.</summary>
/// <example><code>
/// await using var fn = await LocalLambda.StartAsync("build/lambda/publish/bootstrap",
///     new Dictionary&lt;string, string&gt; { ["WEBFINGER_CONFIG"] = config });
/// var result = await fn.InvokeAsync(eventJson, ct);
/// </code></example>
public sealed class LocalLambda : IAsyncDisposable
{
    private readonly Process _process;
    /// <summary>The most recent stdout lines kept (<see cref="StandardOutputLines"/>).</summary>
    public const int MaxKeptLines = 10_000;

    /// <summary>The most stderr characters kept (<see cref="StandardError"/>): past it, the oldest half goes.</summary>
    public const int MaxKeptErrorChars = 1 << 20;

    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LocalLambda(RuntimeApiServer server, Process process)
    {
        RuntimeApi = server;
        _process = process;
    }

    /// <summary>The fake Runtime API the process talks to.</summary>
    public RuntimeApiServer RuntimeApi { get; }

    /// <summary>The process id of the function.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Completes with the exit code when the process exits.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>Lines the function wrote to stdout so far (its log).</summary>
    public IReadOnlyList<string> StandardOutputLines => [.. _stdout];

    /// <summary>What the function wrote to stderr so far.</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts a Runtime API fake and the function, and waits until the function asks for its first
    /// invocation. A function that reports an init error or exits first makes this throw
    /// <see cref="LocalLambdaInitException"/>.</summary>
    /// <param name="bootstrapPath">An executable, or a <c>.dll</c> to run with <c>dotnet</c>.</param>
    /// <param name="environment">Variables added to (or, when null, removed from) the inherited environment.</param>
    /// <param name="startTimeout">How long init may take (default 30 s).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<LocalLambda> StartAsync(
        string bootstrapPath,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? startTimeout = null,
        CancellationToken cancellationToken = default)
    {
        var server = await RuntimeApiServer.StartAsync(cancellationToken).ConfigureAwait(false);
        LocalLambda? fn = null;
        try
        {
            var process = new Process { StartInfo = CreateStartInfo(bootstrapPath, server.Address, environment), EnableRaisingEvents = true };
            fn = new LocalLambda(server, process);
            fn.Start();
            var timeout = Task.Delay(startTimeout ?? TimeSpan.FromSeconds(30), cancellationToken);
            var first = await Task.WhenAny(server.FirstPoll, server.InitError, fn.Exited, timeout).ConfigureAwait(false);
            if (first == server.FirstPoll && server.FirstPoll.IsCompletedSuccessfully)
            {
                return fn;
            }

            InitErrorReport? report = server.InitError.IsCompletedSuccessfully ? server.InitError.Result : null;
            int? exitCode = null;
            if (first != timeout)
            {
                // Give the process a moment to exit after reporting, so the caller sees its exit code.
                // WaitForExitAsync also waits until stdout and stderr are read to the end.
                using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await fn._process.WaitForExitAsync(drain.Token).ConfigureAwait(false);
                    exitCode = fn._process.ExitCode;
                }
                catch (OperationCanceledException)
                {
                    exitCode = null;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            var message = report is not null ? "the function reported an init error: " + report.Payload
                : exitCode is not null ? "the function exited with code " + exitCode + " before asking for an invocation"
                : "the function did not ask for an invocation in time";
            throw new LocalLambdaInitException(message, report, exitCode, fn.StandardError);
        }
        catch
        {
            if (fn is not null)
            {
                await fn.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>The start info for running <paramref name="bootstrapPath"/> against <paramref name="runtimeApiAddress"/>
    /// (a <c>.dll</c> runs under <c>dotnet</c>). Public so that benchmarks can start the process themselves.</summary>
    public static ProcessStartInfo CreateStartInfo(string bootstrapPath, string runtimeApiAddress, IReadOnlyDictionary<string, string?>? environment)
    {
        ArgumentException.ThrowIfNullOrEmpty(bootstrapPath);
        var full = Path.GetFullPath(bootstrapPath);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException("no function at " + full + " (run `make lambda`)", full);
        }

        var isDll = full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo(isDll ? "dotnet" : full)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(full)!,
        };
        if (isDll)
        {
            info.ArgumentList.Add(full);
        }

        info.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApiAddress;
        info.Environment["_HANDLER"] = "bootstrap";
        info.Environment["LAMBDA_TASK_ROOT"] = Path.GetDirectoryName(full)!;
        info.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "webfinger-router";
        info.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "128";
        info.Environment["AWS_REGION"] = "us-east-1";
        info.Environment.Remove("_X_AMZN_TRACE_ID");
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                if (v is null)
                {
                    info.Environment.Remove(k);
                }
                else
                {
                    info.Environment[k] = v;
                }
            }
        }

        return info;
    }

    private void Start()
    {
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                // Bounded: a long-running host (the local edge) must not keep every log line of the function.
                _stdout.Enqueue(e.Data);
                while (_stdout.Count > MaxKeptLines && _stdout.TryDequeue(out string? _))
                {
                }
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                    if (_stderr.Length > MaxKeptErrorChars)
                    {
                        _stderr.Remove(0, _stderr.Length - MaxKeptErrorChars / 2); // keep the latest half
                    }
                }
            }
        };
        _process.Exited += (_, _) =>
        {
            int code;
            try
            {
                code = _process.ExitCode;
            }
            catch (InvalidOperationException)
            {
                code = -1;
            }

            _exited.TrySetResult(code);
            RuntimeApi.FailAll(new IOException("the function process exited with code " + code));
        };
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Sends <paramref name="eventJson"/> to the function and waits for its answer.</summary>
    public Task<InvocationResult> InvokeAsync(string eventJson, CancellationToken cancellationToken = default) =>
        RuntimeApi.InvokeAsync(new Invocation(eventJson), cancellationToken);

    /// <summary>Sends <paramref name="invocation"/> (with chosen request id, deadline, trace id) and waits.</summary>
    public Task<InvocationResult> InvokeAsync(Invocation invocation, CancellationToken cancellationToken = default) =>
        RuntimeApi.InvokeAsync(invocation, cancellationToken);

    /// <summary>Waits until the function's stdout holds a line containing <paramref name="text"/> (log lines are
    /// written just after the response is posted).</summary>
    public async Task<string> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var stop = Stopwatch.StartNew();
        while (true)
        {
            foreach (var line in _stdout)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return line;
                }
            }

            if (stop.Elapsed > timeout)
            {
                throw new TimeoutException("no output line containing " + text + " within " + timeout);
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the process (its id only) and stops the Runtime API.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already gone
        }

        _process.Dispose();
        await RuntimeApi.DisposeAsync().ConfigureAwait(false);
    }
}
