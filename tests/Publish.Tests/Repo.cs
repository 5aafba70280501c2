using System.Diagnostics;

namespace EdgeRouter.Publish.Tests;

/// <summary>Paths and a runner for the shipped tool (build/publish/Publish.dll, built by `make test-publish`).</summary>
internal static class Repo
{
    public static readonly string Root = FindRoot();

    /// <summary>The artifact make builds; PUBLISH_DLL overrides it.</summary>
    public static string PublishDll =>
        System.Environment.GetEnvironmentVariable("PUBLISH_DLL") is { Length: > 0 } p ? p : Path.Combine(Root, "build/publish/Publish.dll");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    /// <summary>Runs `make -s publish VARIABLES` from the repository root as a user types it; returns the exit status
    /// and all output.</summary>
    public static (int Status, string Output) RunMakePublish(IReadOnlyDictionary<string, string> environment, params string[] variables)
    {
        var start = new ProcessStartInfo("make") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
        foreach (var a in (string[])["-s", "publish", .. variables]) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment)
        {
            if (v.Length == 0) start.Environment.Remove(k);
            else start.Environment[k] = v;
        }
        start.Environment.Remove("MAKEFLAGS");
        start.Environment.Remove("MFLAGS");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(180_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("make publish did not finish within 180 s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Runs `dotnet Publish.dll ARGS` with the given environment; returns the exit status and all output.</summary>
    public static (int Status, string Output) RunPublish(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        Assert.True(File.Exists(PublishDll), $"{PublishDll} missing: run the tests with `make test-publish`");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
        start.ArgumentList.Add(PublishDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        // An empty value removes the variable: the child sees it unset, whatever the test host has.
        foreach (var (k, v) in environment)
        {
            if (v.Length == 0) start.Environment.Remove(k);
            else start.Environment[k] = v;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("Publish.dll did not finish within 120 s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
