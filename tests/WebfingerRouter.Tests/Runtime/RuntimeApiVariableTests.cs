using System.Diagnostics;
using Xunit;

namespace EdgeRouter.Webfinger.Tests.Runtime;

/// <summary>A malformed or unreachable <c>AWS_LAMBDA_RUNTIME_API</c> ends the built bootstrap with the documented exit
/// code 2 and a one-line message, never an unhandled exception.</summary>
public class RuntimeApiVariableTests
{
    [Theory]
    [InlineData("bad host:9001")]
    [InlineData("127.0.0.1")]
    [InlineData("http://127.0.0.1:9001")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("[::1:9001")]
    [InlineData("::1:9001")]
    [InlineData("a/b:9001")]
    [InlineData("user@127.0.0.1:9001")]
    [InlineData("127.0.0.1:9001/x")]
    [InlineData("127.0.0.1:9001?x")]
    [InlineData(":9001")]
    [InlineData("h\u00e9:9001")]
    [InlineData("127.0.0.1:9001\r\nX: y")]
    public async Task Malformed_value_exits_2_with_the_message(string value)
    {
        var (code, stderr) = await Run(value);
        Assert.Equal(2, code);
        Assert.StartsWith("AWS_LAMBDA_RUNTIME_API must be host:port (as Lambda sets it, e.g. 127.0.0.1:9001), got \"", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Nothing_listening_exits_2_with_the_message()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var (code, stderr) = await Run("127.0.0.1:" + port);
        Assert.Equal(2, code);
        Assert.StartsWith("Runtime API failed: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stderr)> Run(string runtimeApi)
    {
        var info = new ProcessStartInfo(Artifacts.AotBootstrap) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        info.Environment["WEBFINGER_CONFIG"] = TestConfig.Json;
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stderr);
    }
}
