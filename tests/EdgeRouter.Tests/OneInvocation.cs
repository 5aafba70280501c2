using System.Diagnostics;
using System.Net;
using System.Text;

namespace EdgeRouter.Tests;

/// <summary>Runs the built <c>bootstrap</c> for one invocation: a Runtime API of its own on a loopback port that hands
/// out one event, takes the answer (or the init error), then the process is stopped. Not lambda/LocalRuntimeApi: that
/// brings ASP.NET Core's shared framework into this test project, whose versions the app run from here
/// (<see cref="AppProcess"/>) cannot load.</summary>
internal static class OneInvocation
{
    /// <summary>The process's stdout lines and the answer's JSON (null when it never answered).</summary>
    public static async Task<(List<string> Stdout, string? Answer)> RunAsync(string bootstrap, IReadOnlyDictionary<string, string?> environment, string eventJson)
    {
        var (listener, port) = Listen();
        using var _ = listener;
        var start = new ProcessStartInfo(bootstrap) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:" + port;
        foreach (var (k, v) in environment)
        {
            if (v is null)
            {
                start.Environment.Remove(k);
            }
            else
            {
                start.Environment[k] = v;
            }
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        string? answer = null;
        var served = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (!timeout.IsCancellationRequested)
            {
                var contextTask = listener.GetContextAsync();
                var done = await Task.WhenAny(contextTask, process.WaitForExitAsync(timeout.Token)).ConfigureAwait(false);
                if (done != contextTask)
                {
                    break; // exited (an init error) or timed out
                }

                var context = await contextTask.ConfigureAwait(false);
                var path = context.Request.Url!.AbsolutePath;
                if (path.EndsWith("/invocation/next", StringComparison.Ordinal) && !served)
                {
                    served = true;
                    context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = "contract-1";
                    context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 30_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    Write(context, 200, eventJson);
                }
                else if (path.EndsWith("/response", StringComparison.Ordinal) || path.EndsWith("/error", StringComparison.Ordinal))
                {
                    using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                    var body = await reader.ReadToEndAsync().ConfigureAwait(false);
                    Write(context, 202, "{}");
                    answer = path.EndsWith("/response", StringComparison.Ordinal) ? body : null;
                    break;
                }
                else
                {
                    Write(context, 500, "{}");
                    break;
                }
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var text = await stdout.ConfigureAwait(false);
        await stderr.ConfigureAwait(false);
        return ([.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)], answer);
    }

    private static void Write(HttpListenerContext context, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }

    /// <summary>A listener on a free loopback port (HttpListener takes no port 0: ask the OS for one, then bind it).</summary>
    private static (HttpListener Listener, int Port) Listen()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return (listener, port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }
}
