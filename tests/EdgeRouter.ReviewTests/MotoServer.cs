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
    /// <param name="logFile">Where its output goes.</param>
    /// <param name="inherited">The environment it would inherit (default: this process's); the user's AWS settings in
    /// it are left out either way (<see cref="LeaveOutUserAwsSettings"/>).</param>
    public static async Task<MotoServer> Start(string logFile, IReadOnlyDictionary<string, string?>? inherited = null)
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
            if (inherited is not null)
            {
                start.Environment.Clear();
                foreach (var (name, value) in inherited)
                {
                    start.Environment[name] = value;
                }
            }

            LeaveOutUserAwsSettings(start.Environment, Path.GetDirectoryName(Path.GetFullPath(logFile))!);
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

    /// <summary>
    /// moto answers with botocore, which reads the AWS settings of whoever started it: an <c>AWS_PROFILE</c> of the
    /// user's own that moto's configuration does not hold failed API Gateway's, IAM's and SNS's calls with a 500
    /// (ProfileNotFound), which the provider retried for minutes (make test-review hung; seen with
    /// <c>AWS_PROFILE=edge-router-no-such-profile make test TEST_ONLY=review</c>). So none of them reach it, and the
    /// config and credentials files it would read are files that do not exist (ops/tests/moto.mjs does the same).
    /// </summary>
    private static void LeaveOutUserAwsSettings(IDictionary<string, string?> environment, string folder)
    {
        foreach (var name in environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            environment.Remove(name);
        }

        environment["AWS_CONFIG_FILE"] = Path.Combine(folder, "moto-no-aws-config");
        environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(folder, "moto-no-aws-credentials");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
