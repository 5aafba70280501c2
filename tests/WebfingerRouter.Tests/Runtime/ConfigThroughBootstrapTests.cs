using System.Text.Json;
using EdgeRouter.LocalRuntimeApi;
using Xunit;

namespace EdgeRouter.Webfinger.Tests.Runtime;

/// <summary>Each bad <c>WEBFINGER_CONFIG</c> of <see cref="ConfigParserTests.BadConfigurations"/> through the built
/// Native AOT bootstrap, whose framework message texts are stripped (UseSystemResourceKeys). A configuration that is
/// not a JSON object stops init: the init error posted to /runtime/init/error and the line on stderr carry exactly the
/// message the library gives in the test host. Any other problem disables its section only: the process starts, logs
/// the same message as a structured error line, and answers.</summary>
public class ConfigThroughBootstrapTests
{
    [Theory]
    [MemberData(nameof(ConfigParserTests.BadConfigurations), MemberType = typeof(ConfigParserTests))]
    public async Task The_built_bootstrap_reports_the_documented_message(string? config, string message)
    {
        if (config is not null && config.Contains('\0', StringComparison.Ordinal))
        {
            return; // an environment variable cannot hold NUL
        }

        if (!ConfigProblems.IsFatal(message))
        {
            await using var running = await ConfigProblems.StartsAndLogsAsync(Artifacts.AotBootstrap, config!, message);
            return;
        }

        var e = await Assert.ThrowsAsync<LocalLambdaInitException>(() => LocalLambda.StartAsync(Artifacts.AotBootstrap, Artifacts.Env(config)));
        Assert.NotNull(e.Report);
        Assert.Equal("Runtime.InvalidConfig", e.Report.ErrorType);
        var report = JsonDocument.Parse(e.Report.Payload).RootElement;
        Assert.Equal(message, report.GetProperty("errorMessage").GetString());
        Assert.Equal("Runtime.InvalidConfig", report.GetProperty("errorType").GetString());
        Assert.Equal(1, e.ExitCode);
        Assert.Equal("init failed: " + message + "\n", e.StandardError);
    }
}
