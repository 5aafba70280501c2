using EdgeRouter;
using EdgeRouter.Configuration;
using HashiCorp.Cdktf;

// Synthesizes the edge stack to cdktf.out/stacks/edge-router/cdk.tf.json. `cdktf synth`, `cdktf deploy` and
// `make synth` all run this program (cdktf.json's "app").
using var scratch = new JsiiScratchDirectory();
try
{
    var app = new App();
    var settings = new EdgeSettingsLoader(Environment.GetEnvironmentVariable, key => app.Node.TryGetContext(key)).Load();
    Console.Error.WriteLine(
        $"edge-router: state in s3://{settings.State.Bucket}/{settings.State.Key} ({settings.State.Region}, S3 lock file)");
    _ = new EdgeStack(app, EdgeSettings.StackName, settings);
    app.Synth();
    return 0;
}
catch (SettingsException error)
{
    // A bad setting: say which and stop before anything is written.
    Console.Error.WriteLine($"edge-router: {error.Message}");
    return 1;
}
