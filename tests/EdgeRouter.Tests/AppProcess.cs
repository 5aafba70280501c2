using System.Diagnostics;

namespace EdgeRouter.Tests;

/// <summary>
/// The built app (<c>EdgeRouter.dll</c> beside the tests) run as its own process, as a user runs it: it sets up its
/// jsii host itself (this test process has one of its own, whose settings are not passed on) and writes where its
/// environment says, never where this test process's <c>CDKTF_OUTDIR</c> points.
/// </summary>
internal static class AppProcess
{
    private static readonly string[] NotInherited = ["CDKTF_OUTDIR", "JSII_RUNTIME", "EDGE_ROUTER_JSII_KERNEL", "NODE_PRESERVE_SYMLINKS"];

    /// <summary>Runs the app in <paramref name="workingDirectory"/> with <paramref name="env"/> on top; its exit code and stderr.</summary>
    public static (int Code, string Stderr) Run(string workingDirectory, IReadOnlyDictionary<string, string> env)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EdgeRouter.dll"));
        foreach (var inherited in NotInherited)
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20";
        start.Environment["EDGE_ROUTER_ROUTER_PACKAGE"] = TestRouterPackage.ZipPath;
        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        _ = stdout.Result;
        return (process.ExitCode, stderr.Result);
    }
}
