using EdgeRouter.LocalRuntimeApi;
using Xunit;

namespace EdgeRouter.Webfinger.Tests.Runtime;

/// <summary>LocalLambda (the local edge's function host) keeps the function's output bounded: a long-running edge
/// must not hold every log line the function ever wrote.</summary>
public class LogBufferTests
{
    [Fact]
    public async Task Stdout_and_stderr_keep_only_the_latest()
    {
        var script = Path.Combine(Path.GetTempPath(), "chatty-bootstrap-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(script, """
            #!/bin/sh
            seq 1 25000
            seq 1 150000 | sed 's/^/stderr line /' >&2
            exec curl -s "http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation/next"
            """.Replace("\r", "", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        try
        {
            await using var fn = await LocalLambda.StartAsync(script, new Dictionary<string, string?>());
            await fn.WaitForOutputAsync("25000", TimeSpan.FromSeconds(20));
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!fn.StandardError.Contains("stderr line 150000", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            var lines = fn.StandardOutputLines;
            Assert.InRange(lines.Count, 1, LocalLambda.MaxKeptLines);
            Assert.Equal("25000", lines[^1]);
            Assert.Contains("stderr line 150000", fn.StandardError, StringComparison.Ordinal);
            Assert.InRange(fn.StandardError.Length, 1, LocalLambda.MaxKeptErrorChars);
            Assert.DoesNotContain("stderr line 1\n", fn.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(script);
        }
    }
}
