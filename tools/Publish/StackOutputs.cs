using System.Diagnostics;
using System.Text.Json;

namespace EdgeRouter.Publish;

/// <summary>
/// The deployed stack's outputs, read with <c>terraform output -json</c> in the stack folder, as the user runs
/// Terraform: their own CLI configuration, credentials and backend. Nothing is written.
/// </summary>
internal static class StackOutputs
{
    /// <summary>The outputs as name → string value, or the reason they could not be read.</summary>
    public static (IReadOnlyDictionary<string, string> Values, string? Problem) Read(string stackDirectory)
    {
        if (!Directory.Exists(stackDirectory)) return (Empty, $"{stackDirectory} does not exist (run make synth and deploy first)");
        var start = new ProcessStartInfo("terraform")
        {
            ArgumentList = { $"-chdir={stackDirectory}", "output", "-json", "-no-color" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["TF_IN_AUTOMATION"] = "1";
        start.Environment["TF_INPUT"] = "0";
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e) { return (Empty, $"terraform could not be started ({e.Message})"); }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                process.Kill(entireProcessTree: true);
                return (Empty, "terraform output did not finish within 120 s");
            }
            if (process.ExitCode != 0)
            {
                // Terraform's own "Error:" line, not a warning printed before it (a CLI configuration warning, say).
                var lines = stderr.Result.Split('\n').Select(l => l.Trim().TrimStart('│', '╷', '╵').Trim()).ToList();
                var first = lines.FirstOrDefault(l => l.StartsWith("Error:", StringComparison.Ordinal)) ?? lines.FirstOrDefault(l => l.Any(char.IsLetter));
                return (Empty, $"terraform output failed: {first ?? $"exit {process.ExitCode}"}");
            }
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            try
            {
                using var json = JsonDocument.Parse(stdout.Result);
                foreach (var output in json.RootElement.EnumerateObject())
                {
                    if (output.Value.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        values[output.Name] = value.GetString()!;
                    }
                }
            }
            catch (JsonException e) { return (Empty, $"terraform output -json printed something else ({e.Message})"); }
            return (values, values.Count == 0 ? "the stack has no outputs in its state (not deployed yet?)" : null);
        }
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
