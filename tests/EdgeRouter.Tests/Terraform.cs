using System.Diagnostics;

namespace EdgeRouter.Tests;

/// <summary>
/// Runs the real terraform binary (a prerequisite, see the README) in a scratch folder. No provider can be
/// downloaded here, so only configurations without providers are run: the stack's variables and their validations.
/// </summary>
internal sealed class Terraform : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-router-tf-").FullName;

    public Terraform(JsonNode variables, JsonObject? outputs = null, JsonNode? locals = null, JsonNode? checks = null)
    {
        var configuration = new JsonObject { ["variable"] = variables.DeepClone() };
        if (checks is not null)
        {
            configuration["check"] = checks.DeepClone();
        }

        if (locals is not null)
        {
            configuration["locals"] = locals.DeepClone();
        }

        if (outputs is not null)
        {
            configuration["output"] = outputs;
        }

        File.WriteAllText(Path.Combine(_dir, "main.tf.json"), configuration.ToJsonString());
        var (code, output) = Run("init", "-input=false", "-backend=false");
        Assert.True(code == 0, "terraform init failed:\n" + output);
    }

    /// <summary>
    /// Evaluates Terraform <paramref name="expressions"/> (name to "${…}") over the stack's variables and locals
    /// with the tfvars example and <paramref name="vars"/>, as terraform would at plan time.
    /// </summary>
    public static JsonObject Evaluate(Guardrails.SynthesizedStack stack, IDictionary<string, string> expressions, params string[] vars)
    {
        var outputs = new JsonObject();
        foreach (var (name, expression) in expressions)
        {
            outputs[name] = new JsonObject { ["value"] = expression };
        }

        using var terraform = new Terraform(stack.Document["variable"]!, outputs, stack.Document["locals"]);
        var (code, output) = terraform.Run(["apply", "-auto-approve", "-input=false", "-no-color",
            $"-var-file={VariableTests.Example}", .. vars]);
        Assert.True(code == 0, output);
        var (exit, stdout, stderr) = terraform.RunSeparately("output", "-json");
        Assert.True(exit == 0, stderr);
        var result = new JsonObject();
        foreach (var (name, value) in JsonNode.Parse(stdout)!.AsObject())
        {
            result[name] = value!["value"]!.DeepClone();
        }

        return result;
    }

    public (int Code, string Output) Plan(params string[] arguments) =>
        Run(["plan", "-input=false", "-lock=false", "-no-color", .. arguments]);

    /// <summary>Runs terraform; Output is stdout and stderr together, Stdout alone is kept for values.</summary>
    public (int Code, string Output) Run(params string[] arguments)
    {
        var (code, stdout, stderr) = RunSeparately(arguments);
        return (code, stdout + stderr);
    }

    public (int Code, string Stdout, string Stderr) RunSeparately(params string[] arguments) => RunIn(_dir, arguments);

    /// <summary>Runs terraform in <paramref name="directory"/>, with a CLI configuration and data folder of its own there.</summary>
    public static (int Code, string Stdout, string Stderr) RunIn(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("terraform") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CHECKPOINT_DISABLE"] = "1";
        start.Environment["TF_IN_AUTOMATION"] = "1";
        start.Environment["TF_DATA_DIR"] = Path.Combine(directory, ".terraform");
        // An empty CLI configuration: no warning about a missing ~/.terraformrc, no user plugin settings.
        var cliConfig = Path.Combine(directory, "cli.tfrc");
        File.WriteAllText(cliConfig, "");
        start.Environment["TF_CLI_CONFIG_FILE"] = cliConfig;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException(
                "terraform is not on PATH: install Terraform 1.11 or newer (a prerequisite in the README)", error);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
