namespace EdgeRouter.ReviewTests;

/// <summary>
/// Synthesizes both stacks once with the shipped app, as make synth does (cdktf.json's context), into
/// build/review-tests/synth, with a fixed state bucket name and a state folder of the suite's own, so that no state
/// or kept bucket name of the user's is read or written.
/// </summary>
public static class SynthesizedStacks
{
    /// <summary>The state bucket the suite's stacks name.</summary>
    public const string StateBucket = "edge-router-state-review-test";

    private static readonly Lazy<Task<string>> Outdir = new(Run);

    /// <summary>The output folder (with stacks/edge-router and stacks/edge-router-state).</summary>
    public static Task<string> Folder => Outdir.Value;

    private static async Task<string> Run()
    {
        Suite.Current.RequireTools();
        var outdir = Path.Combine(Suite.Current.WorkRoot, "synth");
        if (Directory.Exists(outdir))
        {
            Directory.Delete(outdir, recursive: true);
        }

        var context = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Suite.Current.RepoRoot, "cdktf.json")).ConfigureAwait(false))!["context"];
        var result = await Processes.Run("dotnet", [Suite.Current.AppDll], Suite.Current.RepoRoot, new Dictionary<string, string?>
        {
            ["CDKTF_OUTDIR"] = outdir,
            ["CDKTF_CONTEXT_JSON"] = context?.ToJsonString() ?? "{}",
            ["EDGE_ROUTER_STATE_BUCKET"] = StateBucket,
            ["EDGE_ROUTER_STATE_DIRECTORY"] = Path.Combine(Suite.Current.WorkRoot, "state-folder"),
        }).ConfigureAwait(false);
        return result.Code == 0 ? outdir : throw new InvalidOperationException($"review suite: the app's synth failed ({result.Code}):\n{result.All}");
    }

    /// <summary>Copies the stack file and its assets of <paramref name="stack"/> to <paramref name="target"/> (emptied first).</summary>
    public static async Task<string> CopyStack(string stack, string target)
    {
        var source = Path.Combine(await Folder.ConfigureAwait(false), "stacks", stack);
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.CreateDirectory(target);
        File.Copy(Path.Combine(source, "cdk.tf.json"), Path.Combine(target, "cdk.tf.json"));
        CopyTree(Path.Combine(source, "assets"), Path.Combine(target, "assets"));
        return target;
    }

    /// <summary>The synthesized stack as JSON.</summary>
    public static async Task<JsonObject> Read(string stack) =>
        JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(await Folder.ConfigureAwait(false), "stacks", stack, "cdk.tf.json")).ConfigureAwait(false))!.AsObject();

    private static void CopyTree(string from, string to)
    {
        if (!Directory.Exists(from))
        {
            return;
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
