using System.Diagnostics;
using System.Text.Json;

namespace EdgeRouter.Publish;

/// <summary>
/// Creates one invalidation through <c>invalidate.mjs</c>, which calls CreateInvalidation with the official AWS SDK
/// for JavaScript: NuGet here serves no AWSSDK.CloudFront, and requests are never signed by hand. The script gets
/// the same environment (credential chain, AWS_ENDPOINT_URL_CLOUDFRONT).
/// </summary>
internal static class CloudFrontInvalidator
{
    /// <summary>Returns the invalidation ID, or throws <see cref="InvalidOperationException"/> with the SDK's error.</summary>
    public static string Create(string distributionId, IReadOnlyList<string> paths)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "invalidate.mjs");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { script },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process? started;
        try { started = Process.Start(start); }
        catch (System.ComponentModel.Win32Exception e) { throw new InvalidOperationException($"node could not be started ({e.Message}): install Node.js 20 or later"); }
        using var process = started ?? throw new InvalidOperationException("node could not be started");
        var request = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["distributionId"] = distributionId,
            // CloudFront refuses a reused reference with different paths and treats a reused one with the same
            // paths as the same request: unique per publish.
            ["callerReference"] = $"edge-router-publish-{DateTime.UtcNow:yyyyMMddTHHmmssfffZ}-{Guid.NewGuid():N}",
            ["paths"] = paths,
        });
        process.StandardInput.Write(request);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("CreateInvalidation did not finish within 3 minutes");
        }
        if (process.ExitCode != 0)
        {
            // The script's own last line says what failed; anything before it is Node's.
            var lines = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            throw new InvalidOperationException(lines.Length > 0 ? lines[^1] : $"invalidate.mjs exited with {process.ExitCode}");
        }
        try
        {
            using var json = JsonDocument.Parse(stdout.Result);
            return json.RootElement.GetProperty("id").GetString() ?? "(no id)";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidOperationException($"invalidate.mjs printed no invalidation ID ({e.Message})");
        }
    }
}
