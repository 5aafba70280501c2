using System.Collections.Concurrent;

namespace EdgeRouter.PlanTests;

/// <summary>
/// Synthesizes each shape with the shipped app, makes one copy per (shape, format, stack) with
/// <see cref="PlanCopy"/>, runs <c>terraform init</c> once per copy, and <c>plan</c> + <c>show -json</c> once per
/// variable set (no separate <c>terraform validate</c>: every copy is planned, and <c>terraform plan</c> runs the same
/// validate walk first, "backend/local: running validation operation" in its trace log; the process cost 4-7 s).
/// Every step runs once however many tests ask for it; independent steps run in parallel
/// (<see cref="PlanSettings.Jobs"/>).
/// </summary>
public sealed class PlanRunner(PlanSettings settings)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _synths = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _copies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<PlannedStack>>> _plans = new(StringComparer.Ordinal);

    /// <summary>The settings.</summary>
    public PlanSettings Settings { get; } = settings;

    /// <summary>The processes run so far, with their times.</summary>
    public ProcessRunner Processes { get; } = new(settings);

    /// <summary>The plan of <paramref name="planCase"/> (run once).</summary>
    public Task<PlannedStack> Plan(PlanCase planCase) =>
        _plans.GetOrAdd(planCase.ToString(), _ => new Lazy<Task<PlannedStack>>(() => RunPlan(planCase))).Value;

    /// <summary>The app's output folder (CDKTF_OUTDIR) for a shape and format (synthesized once).</summary>
    public Task<string> Synth(StackShape shape, StackFormat format) =>
        _synths.GetOrAdd($"{shape.Name}-{format}", _ => new Lazy<Task<string>>(() => RunSynth(shape, format))).Value;

    /// <summary>
    /// The folder `make hcl` wrote (EDGE_ROUTER_PLAN_HCL; make test-plan runs make hcl into build/plan/hcl first):
    /// the HCL plans run on what a user gets, formatted and published. Only the default shape is written as HCL.
    /// </summary>
    public string HclFolder(StackShape shape) =>
        shape != PlanMatrix.Default
            ? throw new InvalidOperationException($"plan check: only the default shape is planned from HCL, not {shape}")
            : Environment.GetEnvironmentVariable("EDGE_ROUTER_PLAN_HCL") is { Length: > 0 } folder && Directory.Exists(folder)
                ? folder
                : throw new InvalidOperationException(
                    "plan check: EDGE_ROUTER_PLAN_HCL must name the folder `make hcl` wrote (make test-plan sets it: run the check with make)");

    private async Task<string> RunSynth(StackShape shape, StackFormat format)
    {
        var outdir = Path.Combine(Settings.WorkRoot, "synth", $"{shape.Name}-{format.ToString().ToLowerInvariant()}");
        if (Directory.Exists(outdir))
        {
            Directory.Delete(outdir, recursive: true);
        }

        // The app creates its (staging) folder but not the parents.
        Directory.CreateDirectory(Path.GetDirectoryName(outdir)!);
        var cdktfJson = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Settings.RepoRoot, "cdktf.json")).ConfigureAwait(false))!;
        var environment = new Dictionary<string, string?>
        {
            ["CDKTF_OUTDIR"] = outdir,
            ["CDKTF_CONTEXT_JSON"] = cdktfJson["context"]?.ToJsonString() ?? "{}",
            ["SYNTH_HCL_OUTPUT"] = format == StackFormat.Hcl ? "true" : null,
        };
        // Only the shape's settings: none of the caller's EDGE_ROUTER_* synth settings may leak into a shape.
        foreach (var name in Environment.GetEnvironmentVariables().Keys.OfType<string>()
                     .Where(k => k.StartsWith("EDGE_ROUTER_", StringComparison.Ordinal)))
        {
            environment[name] = null;
        }

        foreach (var (name, value) in shape.Settings)
        {
            environment[name] = value;
        }

        var (code, stdout, stderr) = await Processes.Run("dotnet", [Settings.AppDll], Settings.RepoRoot, environment,
            $"synth {shape.Name} {format}").ConfigureAwait(false);
        Directory.CreateDirectory(Path.Combine(Settings.WorkRoot, "logs"));
        await File.WriteAllTextAsync(Path.Combine(Settings.WorkRoot, "logs", $"synth-{shape.Name}-{format}.log"), stdout + stderr).ConfigureAwait(false);
        return code == 0
            ? outdir
            : throw new InvalidOperationException($"plan check: the app refused shape {shape.Name} ({format}), exit {code}:\n{stdout}{stderr}");
    }

    // The copy for a case's (shape, format, break, stack), initialised once. Validated by each plan on it: `terraform
    // plan` walks the validate graph before it plans (what `terraform validate` runs), so a separate validate process
    // (4-7 s of provider start and schema load) proved nothing the plan does not.
    private Task<string> Copy(PlanCase planCase) =>
        _copies.GetOrAdd(planCase.ConfigName, _ => new Lazy<Task<string>>(() => RunCopy(planCase))).Value;

    private async Task<string> RunCopy(PlanCase planCase)
    {
        // The JSON twin gives the provider aliases for the override, also for an HCL copy.
        var jsonOutdir = await Synth(planCase.Shape, StackFormat.Json).ConfigureAwait(false);
        var jsonStack = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(
            Path.Combine(jsonOutdir, "stacks", planCase.Stack, "cdk.tf.json")).ConfigureAwait(false))!;
        var (stackFolder, stackFile) = planCase.Format == StackFormat.Json
            ? (Path.Combine(jsonOutdir, "stacks", planCase.Stack), "cdk.tf.json")
            : (Path.Combine(HclFolder(planCase.Shape), planCase.Stack), "main.tf");
        var folder = Path.Combine(Settings.WorkRoot, "copies", planCase.ConfigName);
        PlanCopy.Write(stackFolder, stackFile, folder, jsonStack, Settings.Provider, planCase.Break);
        await Step(folder, $"init {planCase.ConfigName}", "init", "-input=false", "-no-color").ConfigureAwait(false);
        return folder;
    }

    private async Task<PlannedStack> RunPlan(PlanCase planCase)
    {
        var folder = await Copy(planCase).ConfigureAwait(false);
        var name = planCase.Variables.Name;
        var arguments = new List<string> { "plan", "-input=false", "-lock=false", "-no-color", $"-out={name}.tfplan" };
        var log = "";
        if (planCase.TakesVariables)
        {
            var (vars, replaced) = ProviderCompatibility.Apply(planCase.Variables.Vars, Settings.Provider.MirroredMajor);
            log = string.Concat(replaced.Select(r => $"provider compatibility: {r}\n"));
            arguments.Add($"-var-file={Settings.VarFile}");
            arguments.AddRange(Settings.PlaceholderValues.Where(p => !vars.ContainsKey(p.Key)).Select(p => $"-var={p.Key}={p.Value}"));
            arguments.AddRange(vars.Select(v => $"-var={v.Key}={v.Value}"));
        }
        else
        {
            // Another stack's own variables (the pipeline stack's site_bucket_names), without the edge's file.
            arguments.AddRange(planCase.Variables.Vars.Select(v => $"-var={v.Key}={v.Value}"));
        }

        var planOutput = await Step(folder, $"plan {planCase}", [.. arguments]).ConfigureAwait(false);
        var (code, stdout, stderr) = await Processes.Terraform(folder, $"show {planCase}", "show", "-json", $"{name}.tfplan").ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"plan check: terraform show -json failed in {folder}:\n{stderr}");
        }

        await File.WriteAllTextAsync(Path.Combine(folder, $"{name}.plan.json"), stdout).ConfigureAwait(false);
        return new PlannedStack(planCase, (JsonObject)JsonNode.Parse(stdout)!, log + planOutput, Settings.Provider.MirroredMajor,
            LockedVersion(Path.Combine(folder, ".terraform.lock.hcl")));
    }

    // The version of hashicorp/aws in a lock file: the line `version = "X"` in its provider block.
    private static string? LockedVersion(string lockFile)
    {
        var inAws = false;
        foreach (var line in File.ReadLines(lockFile).Select(l => l.Trim()))
        {
            inAws = line.StartsWith("provider ", StringComparison.Ordinal) ? line.Contains($"\"{ProviderSource.Address}\"", StringComparison.Ordinal) : inAws;
            if (inAws && line.StartsWith("version", StringComparison.Ordinal))
            {
                return line.Split('"')[1];
            }
        }

        return null;
    }

    // One terraform step; a failure stops the case with terraform's own words.
    private async Task<string> Step(string folder, string step, params string[] arguments)
    {
        var (code, stdout, stderr) = await Processes.Terraform(folder, step, arguments).ConfigureAwait(false);
        var output = stdout + stderr;
        var logs = Path.Combine(folder, "logs");
        Directory.CreateDirectory(logs);
        var logName = string.Concat(step.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_'));
        await File.WriteAllTextAsync(Path.Combine(logs, logName + ".log"), output).ConfigureAwait(false);
        return code == 0
            ? output
            : throw new InvalidOperationException($"plan check: terraform {string.Join(' ', arguments)} failed in {folder} (exit {code}):\n{output}");
    }
}
