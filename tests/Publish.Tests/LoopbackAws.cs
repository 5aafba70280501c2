using System.Diagnostics;
using System.Text.Json;

namespace EdgeRouter.Publish.Tests;

/// <summary>
/// s3rver and the CloudFront recorder (loopback-aws.mjs) for the lifetime of a test class. The child process ends
/// when this fixture closes its standard input, or on its own after 10 minutes if the test host dies.
/// </summary>
public sealed class LoopbackAws : IDisposable
{
    private readonly Process process;
    private readonly string root = Directory.CreateTempSubdirectory("publish-tests-").FullName;

    public LoopbackAws() : this(failInvalidation: false) { }

    internal LoopbackAws(bool failInvalidation)
    {
        RecordFile = Path.Combine(root, "cloudfront-requests.jsonl");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(Repo.Root, "tests/Publish.Tests/loopback-aws.mjs"), "--dir", Path.Combine(root, "s3"), "--record", RecordFile },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (failInvalidation) start.ArgumentList.Add("--fail-invalidation");
        process = Process.Start(start)!;
        var line = process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        if (line is null || !line.StartsWith("loopback-aws: ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"loopback-aws.mjs did not start: {line} {process.StandardError.ReadToEnd()}");
        }
        using var json = JsonDocument.Parse(line["loopback-aws: ".Length..]);
        S3Endpoint = json.RootElement.GetProperty("s3").GetString()!;
        CloudFrontEndpoint = json.RootElement.GetProperty("cloudfront").GetString()!;
        FaultyS3Endpoint = json.RootElement.GetProperty("s3faulty").GetString()!;
    }

    /// <summary>s3rver's URL (path-style).</summary>
    public string S3Endpoint { get; }

    /// <summary>The fault-injecting proxy in front of s3rver (<see cref="InjectFaults"/>).</summary>
    public string FaultyS3Endpoint { get; }

    /// <summary>Makes the proxy drop the connection of each request whose <c>METHOD /bucket/key?query</c> matches one
    /// of <paramref name="patterns"/> (regular expressions); none: every request is forwarded.</summary>
    public void InjectFaults(params string[] patterns)
    {
        if (patterns.Length == 0) File.Delete(RecordFile + ".faults");
        else File.WriteAllLines(RecordFile + ".faults", patterns);
    }

    /// <summary>Makes the proxy hold each request matching <paramref name="pattern"/> until <see cref="Release"/>.</summary>
    public void Hold(string pattern)
    {
        File.Delete(RecordFile + ".release");
        File.Delete(RecordFile + ".held");
        File.WriteAllLines(RecordFile + ".holds", [pattern]);
    }

    /// <summary>Waits (at most 60 s) until the proxy holds a request; returns it (<c>METHOD /bucket/key</c>).</summary>
    public string WaitHeld()
    {
        for (var i = 0; i < 600; i++)
        {
            if (File.Exists(RecordFile + ".held") && File.ReadAllText(RecordFile + ".held") is { Length: > 0 } held) return held.Trim();
            Thread.Sleep(100);
        }
        throw new TimeoutException("the proxy held no request within 60 s");
    }

    /// <summary>Lets held requests go, and holds no more.</summary>
    public void Release()
    {
        File.Delete(RecordFile + ".holds");
        File.WriteAllText(RecordFile + ".release", "");
    }

    /// <summary>Makes the recorder refuse (403 AccessDenied) CreateInvalidation for one distribution, or stop refusing.</summary>
    public void FailInvalidations(string distribution, bool fail)
    {
        var file = $"{RecordFile}.fail-{distribution}";
        if (fail) File.WriteAllText(file, "");
        else File.Delete(file);
    }

    /// <summary>The recorder's URL.</summary>
    public string CloudFrontEndpoint { get; }

    /// <summary>One JSON line per request the recorder got.</summary>
    public string RecordFile { get; }

    /// <summary>The recorded requests for one distribution.</summary>
    public List<JsonElement> Invalidations(string distribution) =>
        !File.Exists(RecordFile) ? [] :
        [.. File.ReadAllLines(RecordFile).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(r => r.GetProperty("path").GetString() == $"/2020-05-31/distribution/{distribution}/invalidation")];

    /// <summary>The environment a publish against these services runs with: s3rver's key pair, a region, the endpoints.</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = "S3RVER",
        ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ENDPOINT_URL_S3"] = S3Endpoint,
        ["AWS_ENDPOINT_URL_CLOUDFRONT"] = CloudFrontEndpoint,
        // Nothing from the machine's own AWS configuration may leak in.
        ["AWS_PROFILE"] = "",
        ["AWS_CONFIG_FILE"] = Path.Combine(root, "no-config"),
        ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(root, "no-credentials"),
        ["AWS_DEFAULT_REGION"] = "",
        ["AWS_SESSION_TOKEN"] = "",
        // No instance metadata service here: the credential chain would wait for it.
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    public void Dispose()
    {
        try { process.StandardInput.Close(); } catch (IOException) { }
        if (!process.WaitForExit(10_000)) process.Kill(entireProcessTree: true);
        process.Dispose();
        Directory.Delete(root, recursive: true);
    }
}
