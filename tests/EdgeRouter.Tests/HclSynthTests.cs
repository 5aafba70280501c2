using System.Diagnostics;

namespace EdgeRouter.Tests;

/// <summary>
/// The app run as `cdktf synth --hcl` runs it (SYNTH_HCL_OUTPUT=true): the guardrails judge the JSON the runtime
/// renders from the same stacks (cdk.tf is not JSON; the app used to crash parsing it), and each stack is written
/// as cdk.tf. `make test-plan` plans that HCL and compares it with the JSON stack's plan.
/// </summary>
public sealed class HclSynthTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("edge-router-hcl-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task An_HCL_synth_passes_the_guardrails_and_writes_each_stack_as_HCL()
    {
        var outdir = Path.Combine(_work, "cdktf.out");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _work, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EdgeRouter.dll"));
        start.Environment["CDKTF_OUTDIR"] = outdir;
        start.Environment["SYNTH_HCL_OUTPUT"] = "true";
        start.Environment["EDGE_ROUTER_ROUTER_PACKAGE"] = TestRouterPackage.ZipPath;
        start.Environment["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20";
        foreach (var inherited in new[] { "JSII_RUNTIME", "EDGE_ROUTER_JSII_KERNEL", "NODE_PRESERVE_SYMLINKS" })
        {
            start.Environment.Remove(inherited);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        _ = await stdout;

        Assert.True(process.ExitCode == 0, stderr);
        Assert.DoesNotContain("synth failed", stderr, StringComparison.Ordinal);
        foreach (var stack in new[] { "edge-router", "edge-router-state" })
        {
            var hcl = await File.ReadAllTextAsync(Path.Combine(outdir, "stacks", stack, "cdk.tf"));
            Assert.StartsWith("terraform {", hcl, StringComparison.Ordinal);
            // The renderer fixes (main/JsiiHost/hcl-render-fixes.js): required_version by name, not `0 = "required_version"`.
            Assert.Matches("\n *required_version += \">= [0-9.]+\"\n", hcl);
            Assert.DoesNotContain("0 = \"required_version\"", hcl, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(outdir, "stacks", stack, "cdk.tf.json")));
        }

        var edge = await File.ReadAllTextAsync(Path.Combine(outdir, "stacks", "edge-router", "cdk.tf"));
        Assert.Contains("resource \"aws_cloudfront_distribution\" \"distribution\"", edge, StringComparison.Ordinal);
        Assert.DoesNotContain("precondition = [", edge, StringComparison.Ordinal);
    }
}
