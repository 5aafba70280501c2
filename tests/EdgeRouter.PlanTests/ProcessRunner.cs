using System.Collections.Concurrent;
using System.Diagnostics;

namespace EdgeRouter.PlanTests;

/// <summary>
/// Runs the app and terraform, at most <see cref="PlanSettings.Jobs"/> at a time, each with its output in a log
/// file, and keeps how long each took (the check prints them: build/plan/timing.txt).
/// </summary>
public sealed class ProcessRunner(PlanSettings settings)
{
    private readonly SemaphoreSlim _jobs = new(settings.Jobs);

    /// <summary>Step name and wall time, in the order they finished.</summary>
    public ConcurrentQueue<(string Step, TimeSpan Took)> Timings { get; } = new();

    /// <summary>Runs terraform in <paramref name="folder"/> with the plan check's CLI configuration.</summary>
    public Task<(int Code, string Stdout, string Stderr)> Terraform(string folder, string step, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            ["TF_CLI_CONFIG_FILE"] = settings.Provider.CliConfigFile,
            ["CHECKPOINT_DISABLE"] = "1",
            ["TF_IN_AUTOMATION"] = "1",
            ["TF_INPUT"] = "0",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        return Run("terraform", arguments, folder, environment, step);
    }

    /// <summary>Runs <paramref name="file"/>; variables named in <paramref name="environment"/> with null are removed.</summary>
    public async Task<(int Code, string Stdout, string Stderr)> Run(string file, IEnumerable<string> arguments, string folder,
        IDictionary<string, string?> environment, string step)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing from the caller's shell may change a plan: Terraform's own variables and settings are removed.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("TF_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        await _jobs.WaitAsync().ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        try
        {
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception error)
            {
                throw new InvalidOperationException($"plan check: cannot start {file} (is it installed and on PATH?)", error);
            }

            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync().ConfigureAwait(false);
                return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
            }
        }
        finally
        {
            _jobs.Release();
            Timings.Enqueue((step, clock.Elapsed));
        }
    }
}
