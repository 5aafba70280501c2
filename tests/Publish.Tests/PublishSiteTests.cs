using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeRouter.Publish.Tests;

/// <summary>
/// What the tests that run the built Publish.dll against s3rver share: a site folder and a folder outside it (for
/// links that leave SITE), a bucket per test, an S3 client for s3rver, and a publish run that must end with one of
/// the documented statuses.
/// </summary>
public abstract class PublishSiteTests : IDisposable
{
    private readonly string bucketPrefix;

    /// <param name="aws">The loopback s3rver and CloudFront recorder.</param>
    /// <param name="name">What the temporary folders' names start with.</param>
    /// <param name="bucketPrefix">What each test's bucket name starts with: test classes never share a bucket.</param>
    protected PublishSiteTests(LoopbackAws aws, string name, string bucketPrefix)
    {
        Aws = aws;
        this.bucketPrefix = bucketPrefix;
        site = Directory.CreateTempSubdirectory(name + "-").FullName;
        outside = Directory.CreateTempSubdirectory(name + "-outside-").FullName;
    }

    /// <summary>The loopback s3rver and CloudFront recorder.</summary>
    protected LoopbackAws Aws { get; }

    /// <summary>The SITE folder of the test.</summary>
    protected string site { get; }

    /// <summary>A folder outside SITE, for links that leave it.</summary>
    protected string outside { get; }

    // rm, not Directory.Delete: .NET cannot name a file whose name is not UTF-8, which some tests make.
    public void Dispose()
    {
        using var rm = System.Diagnostics.Process.Start("rm", ["-rf", site, outside]);
        rm.WaitForExit();
        GC.SuppressFinalize(this);
    }

    protected static string Id(string name) => "E" + name.PadRight(12, '0');

    protected string Bucket([System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var name = bucketPrefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(test)))[..20];
        using var s3 = S3();
        s3.PutBucketAsync(name).GetAwaiter().GetResult();
        return name;
    }

    protected AmazonS3Client S3() => new(new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"),
        new AmazonS3Config
        {
            ServiceURL = Aws.S3Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
        });

    protected void Write(string key, string content, string? root = null)
    {
        var path = Path.Combine(root ?? site, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    protected void Put(string bucket, string key, string content)
    {
        using var s3 = S3();
        s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = content, UseChunkEncoding = false }).GetAwaiter().GetResult();
    }

    protected (int Status, string Output) Publish(string bucket, string distribution, params string[] more) =>
        Checked(Repo.RunPublish(Aws.Environment(), ["--site", site, "--bucket", bucket, "--distribution", distribution, .. more]));

    // Every run ends with a documented status and never with the runtime's own crash report.
    protected static (int Status, string Output) Checked((int Status, string Output) run)
    {
        Assert.True(run.Status is 0 or 1 or 2 or 3, $"exit {run.Status}: {run.Output}");
        Assert.DoesNotContain("Unhandled exception", run.Output);
        Assert.DoesNotContain("   at ", run.Output);
        return run;
    }

    /// <summary>Every object of the bucket: its body, or with <paramref name="withCacheControl"/> its
    /// <c>Cache-Control</c>, a <c>|</c>, then its body.</summary>
    protected SortedDictionary<string, string> Snapshot(string bucket, bool withCacheControl)
    {
        using var s3 = S3();
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }).GetAwaiter().GetResult().S3Objects ?? [])
        {
            using var get = s3.GetObjectAsync(bucket, o.Key).GetAwaiter().GetResult();
            var body = new StreamReader(get.ResponseStream).ReadToEnd();
            snapshot[o.Key] = withCacheControl ? $"{get.Headers.CacheControl}|{body}" : body;
        }
        return snapshot;
    }

    /// <summary>The paths of a recorded CreateInvalidation request.</summary>
    protected static List<string> Paths(JsonElement request) =>
        [.. System.Text.RegularExpressions.Regex.Matches(request.GetProperty("body").GetString()!, "<Path>([^<]*)</Path>").Select(m => m.Groups[1].Value)];
}
