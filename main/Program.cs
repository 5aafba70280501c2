using System.Reflection;
using Amazon.JSII.Runtime.Deputy;
using Amazon.JSII.Runtime.Services;
using EdgeRouter;
using EdgeRouter.Configuration;
using EdgeRouter.Guardrails;
using EdgeRouter.JsiiHost;
using EdgeRouter.State;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Aws.Provider;
using Microsoft.Extensions.Logging.Abstractions;

// Synthesizes both stacks (edge-router-state, then edge-router) under cdktf.out/stacks/, after the guardrails
// pass. `cdktf synth`, `cdktf deploy` and `make synth` all run this program (cdktf.json's "app").
// EDGE_ROUTER_TRACE_TIMING=1 prints how long each phase took to stderr (`make bench-synth` reads it).
var trace = new PhaseTrace(Environment.GetEnvironmentVariable("EDGE_ROUTER_TRACE_TIMING") == "1");
EdgeSettings settings;
try
{
    // Settings first: a bad one stops the synth before the App creates any folder.
    var context = CdktfContext.Read(Environment.GetEnvironmentVariable(CdktfContext.EnvironmentVariable));
    settings = new EdgeSettingsLoader(Environment.GetEnvironmentVariable, key => context.GetValueOrDefault(key)).Load();
}
catch (SettingsException error)
{
    Console.Error.WriteLine($"edge-router: {error.Message}");
    return 1;
}

Console.Error.WriteLine(
    $"edge-router: state in s3://{settings.State.Bucket}/{settings.State.Key} ({settings.State.Region}, S3 lock file)");
trace.Mark("settings");
using var scratch = new JsiiScratchDirectory();
var outdir = Environment.GetEnvironmentVariable("CDKTF_OUTDIR") ?? "cdktf.out";
var outdirExisted = Directory.Exists(outdir);
try
{
    InProcessJsiiHost.Install(scratch.Path);
    // Starts the jsii runtime (Node) now, without the console logger it would set up by default: the runtime logs
    // only at debug level, which that logger drops anyway, and setting it up costs ~50 ms of every synth.
    ServiceContainer.ServiceProviderOverride = ServiceContainer.BuildServiceProvider(NullLoggerFactory.Instance);
    trace.Mark("jsii runtime start");
    if (trace.Enabled)
    {
        // Only to time them apart: the first CDKTF calls otherwise load the packages themselves.
        _ = typeof(App).GetCustomAttribute<JsiiClassAttribute>();
        trace.Mark("load constructs + cdktf");
        _ = typeof(AwsProvider).GetCustomAttribute<JsiiClassAttribute>();
        trace.Mark("load provider-aws subset");
    }

    var app = new App();
    var stacks = new TerraformStack[]
    {
        new StateBucketStack(app, StateBucketStack.StackName, settings.State),
        new EdgeStack(app, EdgeSettings.StackName, settings),
    };
    trace.Mark("constructs");
    var status = GuardedSynth.Run(app, stacks, settings.GuardrailWaivers, Console.Error);
    trace.Mark("guardrails + app.Synth()");
    trace.Print();
    if (status != 0 && !outdirExisted && Directory.Exists(outdir) && !Directory.EnumerateFileSystemEntries(outdir).Any())
    {
        Directory.Delete(outdir); // the App made it; a refused synth leaves the tree as it found it
    }

    return status;
}
catch (Exception error) when (error is not OutOfMemoryException)
{
    // Caught so that the scratch folder is still removed; the stack trace is for a bug report.
    Console.Error.WriteLine($"edge-router: synth failed: {error}");
    return 2;
}
