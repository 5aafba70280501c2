using EdgeRouter;
using EdgeRouter.Configuration;
using HashiCorp.Cdktf;

// Synthesizes the edge stack to cdktf.out/stacks/edge-router/cdk.tf.json. `cdktf synth`, `cdktf deploy` and
// `make synth` all run this program (cdktf.json's "app").
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
using var scratch = new JsiiScratchDirectory();
try
{
    var app = new App();
    _ = new EdgeStack(app, EdgeSettings.StackName, settings);
    app.Synth();
    return 0;
}
catch (Exception error) when (error is not OutOfMemoryException)
{
    // Caught so that the scratch folder is still removed; the stack trace is for a bug report.
    Console.Error.WriteLine($"edge-router: synth failed: {error}");
    return 2;
}
