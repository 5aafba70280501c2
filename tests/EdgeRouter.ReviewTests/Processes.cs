using System.Diagnostics;

namespace EdgeRouter.ReviewTests;

/// <summary>
/// Runs terraform, the app and the review with a clean environment: no TF_* and no EDGE_ROUTER_* of the caller's
/// shell (they could change a plan), the suite's own TF_CLI_CONFIG_FILE, and a bound on how long each may take.
/// </summary>
public static class Processes
{
    /// <summary>Longest any one process may run before the suite kills it and fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    /// <summary>Runs <paramref name="file"/> in <paramref name="folder"/>; null values remove a variable.</summary>
    public static async Task<ProcessResult> Run(string file, IEnumerable<string> arguments, string folder,
        IDictionary<string, string?>? environment = null)
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

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("TF_", StringComparison.Ordinal)
            || k.StartsWith("EDGE_ROUTER_", StringComparison.Ordinal) || k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["TF_CLI_CONFIG_FILE"] = Suite.Current.CliConfigFile;
        start.Environment["CHECKPOINT_DISABLE"] = "1";
        start.Environment["TF_IN_AUTOMATION"] = "1";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
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

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} took over {Timeout.TotalMinutes} min in {folder}");
        }

        return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>terraform with <paramref name="arguments"/> in <paramref name="folder"/>; throws with its output unless it exits 0.</summary>
    public static async Task<ProcessResult> Terraform(string folder, params string[] arguments)
    {
        var result = await Run("terraform", arguments, folder).ConfigureAwait(false);
        return result.Code == 0
            ? result
            : throw new InvalidOperationException($"terraform {string.Join(' ', arguments)} in {folder} failed ({result.Code}):\n{result.All}");
    }

    /// <summary>The shipped review, as make review runs it.</summary>
    public static Task<ProcessResult> Review(string folder, params string[] arguments) =>
        Run("dotnet", [Suite.Current.ReviewDll, .. arguments], folder);
}
