using System.Diagnostics;

namespace EdgeRouter.Tests;

/// <summary>The synth program as `cdktf synth` runs it: a process, its files and its exit code.</summary>
public sealed class ProgramTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("edge-router-program-").FullName;

    private string OutDir => Path.Combine(_work, "cdktf.out");

    private string TempDir => Path.Combine(_work, "tmp");

    public ProgramTests() => Directory.CreateDirectory(TempDir);

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private (int Code, string Stderr) Run(Dictionary<string, string> env)
    {
        var environment = new Dictionary<string, string> { ["CDKTF_OUTDIR"] = OutDir, ["TMPDIR"] = TempDir };
        foreach (var (key, value) in env)
        {
            environment[key] = value;
        }

        return AppProcess.Run(_work, environment);
    }

    private static void Command(string file, params string[] arguments)
    {
        using var process = Process.Start(file, arguments);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public void Synth_writes_the_stack_and_leaves_nothing_in_the_temp_folder()
    {
        var (code, stderr) = Run(new() { ["EDGE_ROUTER_STATE_BUCKET"] = "acme-state" });
        Assert.True(code == 0, stderr);
        Assert.Contains("edge-router: state in s3://acme-state/edge-router/edge.tfstate (us-east-1, S3 lock file)", stderr);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(OutDir, "stacks", "edge-router", "cdk.tf.json")))!;
        Assert.Equal("acme-state", json["terraform"]!["backend"]!["s3"]!["bucket"]!.ToString());
        // The router zip travels with the stack: Terraform finds it next to cdk.tf.json.
        var filename = json["resource"]!["aws_lambda_function"]!.AsObject().Single().Value!["filename"]!.ToString();
        Assert.Equal(File.ReadAllBytes(TestRouterPackage.ZipPath),
            File.ReadAllBytes(Path.Combine(OutDir, "stacks", "edge-router", filename)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(TempDir));
    }

    [Fact]
    public void The_stock_jsii_launcher_writes_the_same_stacks_as_the_in_process_host()
    {
        string Synth(string host)
        {
            var (code, stderr) = Run(new() { ["EDGE_ROUTER_JSII_HOST"] = host });
            Assert.True(code == 0, stderr);
            return string.Join("\n", Directory.GetFiles(OutDir, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(file => $"{Path.GetRelativePath(OutDir, file)}\n{File.ReadAllText(file)}"));
        }

        var inProcess = Synth("in-process");
        Assert.Contains("aws_cloudfront_distribution", inProcess);
        Assert.Equal(inProcess, Synth("stock"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(TempDir));
    }

    [Fact]
    public void A_bad_setting_fails_names_the_setting_and_writes_nothing()
    {
        var (code, stderr) = Run(new() { ["EDGE_ROUTER_STATE_REGION"] = "mars-1" });
        Assert.Equal(1, code);
        Assert.Contains("edge-router: stateRegion (EDGE_ROUTER_STATE_REGION): \"mars-1\" is not an AWS region name", stderr);
        Assert.False(Directory.Exists(OutDir));
        Assert.Empty(Directory.EnumerateFileSystemEntries(TempDir));
    }

    [Fact]
    public void A_setting_refused_while_node_is_still_starting_waits_for_node_before_removing_its_temp_folder()
    {
        // The race a refused synth had under load, made certain: JSII_NODE (the jsii runtime's own setting) starts
        // this script as "node". Only once it runs does the router metadata (a FIFO) get its content, which the
        // settings refuse: so the settings are refused while Node is still starting (the script then sleeps). It
        // runs the real Node and afterwards records whether the host file Node was started with was still there.
        var package = Directory.CreateDirectory(Path.Combine(_work, "package")).FullName;
        File.Copy(TestRouterPackage.ZipPath, Path.Combine(package, "webfinger-router.zip"));
        var fifo = Path.Combine(package, "webfinger-router.json");
        Command("mkfifo", fifo);
        var mark = Path.Combine(_work, "node-saw");
        var slowNode = Path.Combine(_work, "slow-node.sh");
        File.WriteAllText(slowNode, """
            #!/bin/bash
            printf 'not the metadata' > "$TEST_FIFO"
            sleep 1
            node "$@"
            status=$?
            if [ -f "$JSII_RUNTIME" ] && [ -d "$TMPDIR" ]; then echo intact > "$TEST_MARK"; else echo removed > "$TEST_MARK"; fi
            exit $status
            """);
        Command("chmod", "700", slowNode);

        var (code, stderr) = Run(new()
        {
            ["JSII_NODE"] = slowNode, ["TEST_FIFO"] = fifo, ["TEST_MARK"] = mark,
            ["EDGE_ROUTER_ROUTER_PACKAGE"] = Path.Combine(package, "webfinger-router.zip"),
        });
        Assert.True(code == 1, stderr);
        Assert.Contains("edge-router: routerPackage (EDGE_ROUTER_ROUTER_PACKAGE): " + fifo + " is not the metadata", stderr);
        Assert.Equal("intact", File.ReadAllText(mark).Trim());
        Assert.False(Directory.Exists(OutDir));
        Assert.Empty(Directory.EnumerateFileSystemEntries(TempDir));
    }

    [Fact]
    public void Context_from_cdktf_json_is_read_and_a_malformed_one_is_refused()
    {
        var (code, stderr) = Run(new() { ["CDKTF_CONTEXT_JSON"] = """{"stateKey":"from/context.tfstate"}""" });
        Assert.True(code == 0, stderr);
        Assert.Matches(@"s3://edge-router-state-[a-z0-9]{12}/from/context\.tfstate", stderr);

        Directory.Delete(OutDir, recursive: true);
        (code, stderr) = Run(new() { ["CDKTF_CONTEXT_JSON"] = "[1," });
        Assert.Equal(1, code);
        Assert.Contains("edge-router: CDKTF_CONTEXT_JSON: the cdktf.json context is not valid JSON", stderr);
        Assert.False(Directory.Exists(OutDir));
    }
}
