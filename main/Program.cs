using System.Reflection;
using Amazon.JSII.Runtime.Deputy;
using Amazon.JSII.Runtime.Services;
using EdgeRouter;
using EdgeRouter.Configuration;
using EdgeRouter.Guardrails;
using EdgeRouter.JsiiHost;
using EdgeRouter.Pipeline;
using EdgeRouter.State;

// Synthesizes both stacks (edge-router-state, then edge-router) under cdktf.out/stacks/, after the guardrails
// pass. `cdktf synth`, `cdktf deploy` and `make synth` all run this program (cdktf.json's "app").
// EDGE_ROUTER_TRACE_TIMING=1 prints how long each phase took to stderr (`make bench-synth` reads it).
var trace = new PhaseTrace(Environment.GetEnvironmentVariable("EDGE_ROUTER_TRACE_TIMING") == "1");

// Node needs ~0.2 s to start the jsii kernel: it starts now, and the settings are read and checked meanwhile.
// Starting it writes nothing in the project tree (only the private scratch folder and the code cache). However the
// program ends (a refused setting included), the session waits for that start to finish, stops Node and only then
// removes the scratch folder (JsiiRuntimeSession says why).
using var jsii = new JsiiRuntimeSession();

// EDGE_ROUTER_TYPE_WARMUP=off is for the benchmark's before/after; nothing waits for the warm-up to finish.
if (Environment.GetEnvironmentVariable(TypeScanWarmUp.SwitchVariable) != "off")
{
    _ = TypeScanWarmUp.Start(typeof(EdgeStack).Assembly);
}

EdgeSettings settings;
StateFolder stateFolder;
var outdir = Environment.GetEnvironmentVariable("CDKTF_OUTDIR") ?? "cdktf.out";
// Where Terraform will run each stack: its folder under the output's stacks/, unless the stacks are published
// elsewhere (make hcl sets EDGE_ROUTER_STACKS_DIR to hcl/), so the state stack's relative state path holds there.
var stacksFolder = Path.GetFullPath(Environment.GetEnvironmentVariable("EDGE_ROUTER_STACKS_DIR") is { Length: > 0 } published
    ? published
    : Path.Combine(outdir, "stacks"));
try
{
    // Settings first: a bad one stops the synth before the App creates any folder.
    var context = CdktfContext.Read(Environment.GetEnvironmentVariable(CdktfContext.EnvironmentVariable));
    var loader = new EdgeSettingsLoader(Environment.GetEnvironmentVariable, key => context.GetValueOrDefault(key));
    stateFolder = loader.StateFolder();
    if (stateFolder.IsInside(outdir))
    {
        throw new SettingsException(SettingNames.StateDirectory,
            $"{stateFolder.Path} is inside the output folder {Path.GetFullPath(outdir)}, which every synth deletes");
    }

    settings = loader.Load();
    // The state stack's local backend points from its stack folder into the state folder, wherever both are.
    settings = settings with
    {
        State = settings.State with
        {
            LocalStatePath = stateFolder.StateFileFrom(Path.Combine(stacksFolder, StateBucketStack.StackName)),
        },
    };
}
catch (SettingsException error)
{
    Console.Error.WriteLine($"edge-router: {error.Message}");
    return 1;
}

// One edge stack, or one per declared environment (each with its own state key in the same bucket).
var edgeSettings = settings.Environments.Count == 0 ? [settings] : settings.Environments.Select(settings.ForEnvironment).ToList();
foreach (var edge in edgeSettings)
{
    Console.Error.WriteLine(
        $"edge-router: {(edge.Environment is null ? "state" : $"{edge.EdgeStackName}'s state")} in s3://{edge.State.Bucket}/{edge.State.Key} ({edge.State.Region}, S3 lock file); " +
        $"the state stack's own state in {stateFolder.StateFile}");
}

trace.Mark("settings (Node starting meanwhile)");
var staging = GuardedSynth.StagingFolderFor(outdir);
try
{
    ServiceContainer.ServiceProviderOverride = jsii.WaitForRuntime();
    trace.Mark("jsii runtime start (the rest of it)");
    if (trace.Enabled)
    {
        // Only to time them apart: the first CDKTF calls otherwise load the packages themselves.
        _ = typeof(App).GetCustomAttribute<JsiiClassAttribute>();
        trace.Mark("load constructs + cdktf");
        _ = typeof(AwsProvider).GetCustomAttribute<JsiiClassAttribute>();
        trace.Mark("load provider-aws subset");
    }

    // The app writes into a staging folder; GuardedSynth publishes it to `outdir` only if the guardrails pass.
    var app = new App(new AppConfig { Outdir = staging });
    var stacks = new TerraformStack[] { new StateBucketStack(app, StateBucketStack.StackName, settings.State) }
        .Concat(edgeSettings.Select(edge => new EdgeStack(app, edge.EdgeStackName, edge)))
        .ToList();
    // The GitHub pipeline's roles, only for a user who named a repository (README, "Run it from GitHub").
    if (settings.GithubPipeline.Enabled)
    {
        stacks.Add(new GithubPipelineStack(app, GithubPipelineSettings.StackName, settings.GithubPipeline, settings.State,
            stateFolder.OtherStateFileFrom(Path.Combine(stacksFolder, GithubPipelineSettings.StackName), GithubPipelineStack.StateFileName)));
    }

    trace.Mark("constructs");
    var status = GuardedSynth.Run(app, stacks, settings.GuardrailWaivers, Console.Error, outdir);
    if (status == 0 && settings.State.BucketIsNew)
    {
        // Kept only once the synth is published: a refused synth writes nothing anywhere.
        stateFolder.KeepBucketName(settings.State.Bucket);
        Console.Error.WriteLine($"edge-router: generated the state bucket name {settings.State.Bucket} and kept it in " +
            $"{stateFolder.BucketNameFile}; every synth reads it from there (stateBucket overrides it)");
    }

    trace.Mark("app.Synth() + guardrails");
    trace.Print();
    return status;
}
catch (Exception error) when (error is not OutOfMemoryException)
{
    // Caught so that the scratch folder is still removed, and the staging folder the App made if the failure came
    // before GuardedSynth (which removes it itself); the stack trace is for a bug report.
    Console.Error.WriteLine($"edge-router: synth failed: {error}");
    if (Directory.Exists(staging))
    {
        Directory.Delete(staging, recursive: true);
    }

    return 2;
}
