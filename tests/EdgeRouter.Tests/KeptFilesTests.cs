using System.Diagnostics;
using EdgeRouter.Configuration;
using EdgeRouter.State;

namespace EdgeRouter.Tests;

/// <summary>
/// What a user keeps beside the generated output, through the real app run as `make synth` runs it (the output
/// folder removed first, cdktf.json's context in CDKTF_CONTEXT_JSON, the project folder as working directory):
/// the state stack's own state and the state bucket's name survive every synth, and the name is the user's own.
/// </summary>
public sealed class KeptFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("edge-router-kept-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A fresh project folder, as a fresh clone has it: no state folder, no output.</summary>
    private string Project(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    // `make synth`: rm -rf cdktf.out; CDKTF_CONTEXT_JSON=<cdktf.json's context> dotnet build/main/EdgeRouter.dll
    private static (int Code, string Stderr) MakeSynth(string project, Dictionary<string, string>? env = null)
    {
        var outdir = Path.Combine(project, "cdktf.out");
        if (Directory.Exists(outdir))
        {
            Directory.Delete(outdir, recursive: true);
        }

        var environment = new Dictionary<string, string>
        {
            ["CDKTF_CONTEXT_JSON"] = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "cdktf.json")))!["context"]!.ToJsonString(),
        };
        foreach (var (key, value) in env ?? [])
        {
            environment[key] = value;
        }

        return AppProcess.Run(project, environment);
    }

    private static void Synthesized(string project, Dictionary<string, string>? env = null)
    {
        var (code, stderr) = MakeSynth(project, env);
        Assert.True(code == 0, stderr);
    }

    private static JsonNode Stack(string project, string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(project, "cdktf.out", "stacks", name, "cdk.tf.json")))!;

    private static string StackFolder(string project, string name) => Path.Combine(project, "cdktf.out", "stacks", name);

    [Fact]
    public void The_state_stacks_state_is_kept_outside_the_output_and_survives_two_synths_byte_for_byte()
    {
        var project = Project("clone");
        Synthesized(project);

        // Where the state stack's backend points, resolved as terraform resolves it: from the stack's folder.
        var backend = Stack(project, StateBucketStack.StackName)["terraform"]!["backend"]!;
        var path = backend["local"]!["path"]!.ToString();
        var stateFile = Path.GetFullPath(Path.Combine(StackFolder(project, StateBucketStack.StackName), path));
        Assert.Equal(Path.Combine(project, "state", "edge-router-state.tfstate"), stateFile);

        var lineage = Guid.NewGuid().ToString();
        var state = System.Text.Encoding.UTF8.GetBytes($$$"""
            {"version":4,"terraform_version":"1.11.4","serial":7,"lineage":"{{{lineage}}}","outputs":{"state_bucket":{"value":"kept","type":"string"}},"resources":[],"check_results":null}

            """);
        File.WriteAllBytes(stateFile, state);

        Synthesized(project);
        Synthesized(project);
        Assert.Equal(state, File.ReadAllBytes(stateFile));
        Assert.Equal(path, Stack(project, StateBucketStack.StackName)["terraform"]!["backend"]!["local"]!["path"]!.ToString());

        // Terraform, started in a stack folder of the synthesized output with that backend, reads that very file.
        var probe = Directory.CreateDirectory(Path.Combine(project, "cdktf.out", "stacks", "probe")).FullName;
        File.WriteAllText(Path.Combine(probe, "main.tf.json"), new JsonObject { ["terraform"] = new JsonObject { ["backend"] = backend.DeepClone() } }.ToJsonString());
        var (init, initOut, initErr) = Terraform.RunIn(probe, "init", "-input=false", "-no-color");
        Assert.True(init == 0, initOut + initErr);
        var (pull, pulled, pullErr) = Terraform.RunIn(probe, "state", "pull");
        Assert.True(pull == 0, pullErr);
        Assert.Equal(lineage, JsonNode.Parse(pulled)!["lineage"]!.ToString());
        Assert.Equal(state, File.ReadAllBytes(stateFile));
    }

    [Fact]
    public void Stacks_published_elsewhere_point_at_the_same_state_file_from_their_own_folder()
    {
        // make hcl publishes the stacks into hcl/<stack>/ (EDGE_ROUTER_STACKS_DIR): the state stack's relative
        // backend path must still reach state/ from there, not from cdktf.out/stacks/<stack>/.
        var project = Project("hcl-user");
        Synthesized(project, new Dictionary<string, string> { ["EDGE_ROUTER_STACKS_DIR"] = "hcl" });

        var path = Stack(project, StateBucketStack.StackName)["terraform"]!["backend"]!["local"]!["path"]!.ToString();
        Assert.Equal("../../state/edge-router-state.tfstate", path);
        Assert.Equal(Path.Combine(project, "state", "edge-router-state.tfstate"),
            Path.GetFullPath(Path.Combine(project, "hcl", StateBucketStack.StackName, path)));
    }

    [Theory]
    [InlineData("state/edge-router-state.tfstate")]
    [InlineData("state/state-bucket-name")]
    [InlineData("terraform.tfvars")]
    public void What_the_user_keeps_is_ignored_by_git(string path)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = RepoRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "check-ignore", "--no-index", "-q", path })
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"{path} is not ignored by .gitignore: {git.StandardError.ReadToEnd()}");
    }

    [Fact]
    public void A_fresh_clone_gets_a_state_bucket_name_of_its_own_and_keeps_it()
    {
        string SynthFresh(string project)
        {
            var (code, stderr) = MakeSynth(project);
            Assert.True(code == 0, stderr);
            var kept = File.ReadAllText(Path.Combine(project, "state", "state-bucket-name")).Trim();
            Assert.Contains($"edge-router: generated the state bucket name {kept} and kept it in {Path.Combine(project, "state", "state-bucket-name")}", stderr);
            return kept;
        }

        var first = Project("first");
        var second = Project("second");
        var name = SynthFresh(first);
        var other = SynthFresh(second);
        Assert.Matches("^edge-router-state-[a-z0-9]{12}$", name);
        Assert.Matches("^edge-router-state-[a-z0-9]{12}$", other);
        Assert.NotEqual(name, other);

        // The bucket the state stack creates is the one the edge stack's backend names.
        foreach (var (project, bucket) in new[] { (first, name), (second, other) })
        {
            Assert.Equal(bucket, Stack(project, EdgeSettings.StackName)["terraform"]!["backend"]!["s3"]!["bucket"]!.ToString());
            Assert.Equal(bucket, Stack(project, StateBucketStack.StackName)["resource"]!["aws_s3_bucket"]!.AsObject().Single().Value!["bucket"]!.ToString());
        }

        // The next synth reads it back: same name, nothing generated.
        var (code, stderr) = MakeSynth(first);
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("generated the state bucket name", stderr);
        Assert.Contains($"edge-router: state in s3://{name}/edge-router/edge.tfstate", stderr);
        Assert.Equal(name, Stack(first, EdgeSettings.StackName)["terraform"]!["backend"]!["s3"]!["bucket"]!.ToString());
    }

    [Fact]
    public void StateBucket_overrides_the_generated_name_and_then_nothing_is_generated()
    {
        var project = Project("override");
        Synthesized(project, new() { ["EDGE_ROUTER_STATE_BUCKET"] = "acme-tfstate" });
        Assert.Equal("acme-tfstate", Stack(project, EdgeSettings.StackName)["terraform"]!["backend"]!["s3"]!["bucket"]!.ToString());
        Assert.False(File.Exists(Path.Combine(project, "state", "state-bucket-name")));

        // Over a kept name too, from cdktf.json's context; the kept name stays as it was.
        Synthesized(project);
        var kept = File.ReadAllText(Path.Combine(project, "state", "state-bucket-name"));
        Synthesized(project, new() { ["CDKTF_CONTEXT_JSON"] = """{"stateBucket":"acme-from-context"}""" });
        Assert.Equal("acme-from-context", Stack(project, EdgeSettings.StackName)["terraform"]!["backend"]!["s3"]!["bucket"]!.ToString());
        Assert.Equal(kept, File.ReadAllText(Path.Combine(project, "state", "state-bucket-name")));
    }

    [Fact]
    public void A_state_folder_inside_the_output_is_refused_and_a_broken_kept_name_is_named()
    {
        var project = Project("inside");
        var (code, stderr) = MakeSynth(project, new() { ["EDGE_ROUTER_STATE_DIRECTORY"] = "cdktf.out/state" });
        Assert.Equal(1, code);
        Assert.Contains($"edge-router: stateDirectory (EDGE_ROUTER_STATE_DIRECTORY): {Path.Combine(project, "cdktf.out", "state")} is inside the output folder", stderr);

        Directory.CreateDirectory(Path.Combine(project, "elsewhere"));
        File.WriteAllText(Path.Combine(project, "elsewhere", "state-bucket-name"), "Not A Bucket\n");
        (code, stderr) = MakeSynth(project, new() { ["EDGE_ROUTER_STATE_DIRECTORY"] = "elsewhere" });
        Assert.Equal(1, code);
        Assert.Contains($"{Path.Combine(project, "elsewhere", "state-bucket-name")} holds \"Not A Bucket\", which is not an S3 bucket name", stderr);
        Assert.False(Directory.Exists(Path.Combine(project, "cdktf.out")));
    }
}
