using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeRouter.ReviewTests;

/// <summary>
/// One moto server (<c>moto_server -H 127.0.0.1 -p PORT</c>) on a loopback port the OS picked, for one fixture, so
/// that fixtures running at once never share state. Stopped (by its own process ID) on disposal.
/// </summary>
public sealed class MotoServer : IDisposable
{
    private readonly Process _process;

    private MotoServer(Process process, int port, string log)
    {
        _process = process;
        Port = port;
        Log = log;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>Its endpoint, for every AWS service.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Where its output goes.</summary>
    public string Log { get; }

    /// <summary>Starts one and waits (at most 30 s) until it answers.</summary>
    public static async Task<MotoServer> Start(string logFile)
    {
        Suite.Current.RequireTools();
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var start = new ProcessStartInfo(Suite.Current.MotoServer!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start moto_server");
            var log = File.CreateText(logFile);
            process.OutputDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var until = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < until && !process.HasExited)
            {
                try
                {
                    using var answer = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/moto-api/")).ConfigureAwait(false);
                    if (answer.StatusCode == HttpStatusCode.OK)
                    {
                        return new MotoServer(process, port, logFile);
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                await Task.Delay(200).ConfigureAwait(false);
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"moto_server did not answer on 127.0.0.1 within 30 s, three times; see {logFile}");
            }
        }
    }

    /// <summary>Stops it.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
