using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeRouter.Publish.Tests;

/// <summary>
/// The built Publish.dll against s3rver (a real S3 REST API server that checks SigV4 signatures) and the CloudFront
/// recorder, both on loopback. Each test has a bucket and a distribution ID of its own.
/// </summary>
public sealed class PublishAgainstS3rverTests(LoopbackAws aws) : IClassFixture<LoopbackAws>, IDisposable
{
    private readonly string site = Directory.CreateTempSubdirectory("publish-site-").FullName;
    private readonly HttpClient http = new();

    public void Dispose()
    {
        http.Dispose();
        Directory.Delete(site, recursive: true);
    }

    private string Bucket([System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var name = "t-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(test)))[..20];
        using var s3 = S3();
        s3.PutBucketAsync(name).GetAwaiter().GetResult();
        return name;
    }

    private AmazonS3Client S3() => new(new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"),
        new AmazonS3Config { ServiceURL = aws.S3Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    private void Write(string key, string content)
    {
        var path = Path.Combine(site, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private (int Status, string Output) Publish(string bucket, string distribution, params string[] more) =>
        Repo.RunPublish(aws.Environment(), ["--site", site, "--bucket", bucket, "--distribution", distribution, .. more]);

    /// <summary>Every object's key, raw response headers that matter, and bytes, read with plain HTTP from s3rver.</summary>
    private SortedDictionary<string, string> Snapshot(string bucket)
    {
        using var s3 = S3();
        var keys = s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }).GetAwaiter().GetResult().S3Objects ?? [];
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in keys)
        {
            var (type, cache, sha, body) = Get(bucket, o.Key);
            snapshot[o.Key] = $"{type}|{cache}|{sha}|{body}";
        }
        return snapshot;
    }

    private (string? ContentType, string? CacheControl, string? Sha256, string Body) Get(string bucket, string key)
    {
        var path = string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
        using var response = http.GetAsync($"{aws.S3Endpoint}/{bucket}/{path}").GetAwaiter().GetResult();
        Assert.True(response.IsSuccessStatusCode, $"GET {key}: {(int)response.StatusCode}");
        // As sent: HttpClient's typed headers would re-serialize Cache-Control.
        string? Header(string name) => response.Headers.NonValidated.TryGetValues(name, out var v) ? string.Join(", ", v)
            : response.Content.Headers.NonValidated.TryGetValues(name, out var c) ? string.Join(", ", c) : null;
        return (Header("Content-Type"), Header("Cache-Control"), Header("x-amz-meta-sha256"), response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    private (string? ContentType, string? CacheControl) Head(string bucket, string key)
    {
        var (type, cache, _, _) = Get(bucket, key);
        return (type, cache);
    }

    private static List<string> Paths(JsonElement request) =>
        [.. System.Text.RegularExpressions.Regex.Matches(request.GetProperty("body").GetString()!, "<Path>([^<]*)</Path>").Select(m => m.Groups[1].Value)];

    [Fact]
    public void First_publish_stores_every_file_with_its_type_cache_control_and_hash_and_invalidates_each_url_form()
    {
        var bucket = Bucket();
        Write("index.html", "<h1>home</h1>");
        Write("docs/index.html", "<h1>docs</h1>");
        Write("assets/app.3f2a1b9c.js", "console.log(1)");
        Write("assets/site.css", "body{}");
        Write(".well-known/webfinger", "{}");
        Write(".well-known/atproto-did", "did:plc:abc");
        Write(".well-known/matrix/server", "{\"m.server\":\"matrix.example.com:443\"}");

        var (status, output) = Publish(bucket, "EFIRST0000000");
        Assert.True(status == 0, output);

        Assert.Equal(("text/html; charset=utf-8", CacheRules.Revalidate), Head(bucket, "index.html"));
        Assert.Equal(("text/javascript; charset=utf-8", CacheRules.Immutable), Head(bucket, "assets/app.3f2a1b9c.js"));
        Assert.Equal(("text/css; charset=utf-8", CacheRules.Revalidate), Head(bucket, "assets/site.css"));
        Assert.Equal(("application/jrd+json", CacheRules.Revalidate), Head(bucket, ".well-known/webfinger"));
        Assert.Equal("text/plain; charset=utf-8", Get(bucket, ".well-known/atproto-did").ContentType);
        Assert.Equal("application/json", Get(bucket, ".well-known/matrix/server").ContentType);
        var home = Get(bucket, "index.html");
        Assert.Equal("<h1>home</h1>", home.Body);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("<h1>home</h1>"u8)), home.Sha256);
        // Assets are uploaded before the pages that name them.
        Assert.True(output.IndexOf("uploaded assets/app.3f2a1b9c.js", StringComparison.Ordinal) < output.IndexOf("uploaded index.html", StringComparison.Ordinal), output);
        Assert.Contains("publish: uploaded 7 (", output);
        Assert.Contains("deleted 0, unchanged 0, invalidation IRECORDED", output);

        // One CreateInvalidation, as the JavaScript SDK sends it: signed for CloudFront in us-east-1, every URL form.
        var request = Assert.Single(aws.Invalidations("EFIRST0000000"));
        Assert.Equal("POST", request.GetProperty("method").GetString());
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=S3RVER/", request.GetProperty("headers").GetProperty("authorization").GetString());
        Assert.Contains("/us-east-1/cloudfront/aws4_request", request.GetProperty("headers").GetProperty("authorization").GetString());
        Assert.Matches("<CallerReference>edge-router-publish-[^<]+</CallerReference>", request.GetProperty("body").GetString());
        Assert.Contains("<Quantity>10</Quantity>", request.GetProperty("body").GetString());
        Assert.Equal(
            ["/", "/.well-known/atproto-did", "/.well-known/matrix/server", "/.well-known/webfinger", "/assets/app.3f2a1b9c.js",
             "/assets/site.css", "/docs", "/docs/", "/docs/index.html", "/index.html"],
            Paths(request));
    }

    [Fact]
    public void Republishing_the_same_folder_uploads_nothing_and_creates_no_invalidation()
    {
        var bucket = Bucket();
        Write("index.html", "same");
        Write("a.txt", "same");
        Assert.Equal(0, Publish(bucket, "ESAME00000000").Status);
        var (status, output) = Publish(bucket, "ESAME00000000");
        Assert.True(status == 0, output);
        Assert.Contains("publish: uploaded 0 (0 B), deleted 0, unchanged 2, invalidation none; 0 failed", output);
        Assert.Single(aws.Invalidations("ESAME00000000"));
    }

    [Fact]
    public void Only_the_changed_file_is_uploaded_the_missing_one_deleted_and_exactly_their_paths_invalidated()
    {
        var bucket = Bucket();
        Write("index.html", "v1");
        Write("keep.css", "k");
        Write("old/page.html", "gone soon");
        Assert.Equal(0, Publish(bucket, "ECHANGE000000").Status);
        var kept = Get(bucket, "keep.css");

        Write("index.html", "v2");
        File.Delete(Path.Combine(site, "old/page.html"));
        var (status, output) = Publish(bucket, "ECHANGE000000");
        Assert.True(status == 0, output);
        Assert.Contains("uploaded index.html", output);
        Assert.Contains("content changed", output);
        Assert.DoesNotContain("uploaded keep.css", output);
        Assert.Contains("publish: uploaded 1 (2 B), deleted 1, unchanged 1", output);
        Assert.Equal(["index.html", "keep.css"], Snapshot(bucket).Keys);
        Assert.Equal("v2", Get(bucket, "index.html").Body);
        Assert.Equal(kept, Get(bucket, "keep.css"));
        var second = aws.Invalidations("ECHANGE000000")[1];
        Assert.Equal(["/", "/index.html", "/old/page.html"], Paths(second));
    }

    [Fact]
    public void A_changed_cache_rule_re_uploads_only_the_files_it_matches()
    {
        var bucket = Bucket();
        Write("index.html", "x");
        Write("img/logo.png", "png");
        Assert.Equal(0, Publish(bucket, "ERULE00000000").Status);
        var (status, output) = Publish(bucket, "ERULE00000000", "--cache", "img/**=public, max-age=86400");
        Assert.True(status == 0, output);
        Assert.Contains("uploaded img/logo.png", output);
        Assert.Contains("Cache-Control was", output);
        Assert.DoesNotContain("uploaded index.html", output);
        Assert.Equal(("image/png", "public, max-age=86400"), Head(bucket, "img/logo.png"));
    }

    [Fact]
    public void Dry_run_prints_the_plan_and_changes_nothing_in_the_bucket_or_the_distribution()
    {
        var bucket = Bucket();
        Write("index.html", "v1");
        Write("old.txt", "old");
        Assert.Equal(0, Publish(bucket, "EDRY000000000").Status);
        var before = Snapshot(bucket);
        Write("index.html", "v2");
        Write("new.css", "n");
        File.Delete(Path.Combine(site, "old.txt"));

        var (status, output) = Publish(bucket, "EDRY000000000", "--dry-run", "1");
        Assert.True(status == 0, output);
        Assert.Contains("would upload index.html", output);
        Assert.Contains("would upload new.css", output);
        Assert.Contains("would delete old.txt", output);
        Assert.Contains("would invalidate 4 paths on EDRY000000000: / /index.html /new.css /old.txt", output);
        Assert.Contains("publish: dry run, nothing changed: would upload 2 (3 B), delete 1, invalidate / /index.html /new.css /old.txt; 0 unchanged", output);
        Assert.Equal(before, Snapshot(bucket));
        Assert.Single(aws.Invalidations("EDRY000000000"));
    }

    [Fact]
    public void A_missing_or_empty_folder_is_refused_and_the_bucket_keeps_every_object()
    {
        var bucket = Bucket();
        Write("index.html", "keep me");
        Assert.Equal(0, Publish(bucket, "EEMPTY0000000").Status);
        var before = Snapshot(bucket);

        var missing = Repo.RunPublish(aws.Environment(), "--site", Path.Combine(site, "nope"), "--bucket", bucket, "--distribution", "EEMPTY0000000");
        Assert.Equal(2, missing.Status);
        Assert.Contains("does not exist; nothing was changed", missing.Output);

        var empty = Directory.CreateDirectory(Path.Combine(site, "empty", "only-folders")).Parent!.FullName;
        var refused = Repo.RunPublish(aws.Environment(), "--site", empty, "--bucket", bucket, "--distribution", "EEMPTY0000000");
        Assert.Equal(2, refused.Status);
        Assert.Contains("holds no files to publish; nothing was changed", refused.Output);
        Assert.Equal(before, Snapshot(bucket));
        Assert.Single(aws.Invalidations("EEMPTY0000000"));
    }

    [Fact]
    public void Past_the_threshold_the_invalidation_is_one_wildcard()
    {
        var bucket = Bucket();
        for (var i = 0; i < 4; i++) Write($"page{i}.txt", "x");
        var (status, output) = Publish(bucket, "EWILD00000000", "--max-invalidation-paths", "3");
        Assert.True(status == 0, output);
        Assert.Equal(["/*"], Paths(Assert.Single(aws.Invalidations("EWILD00000000"))));
    }

    [Fact]
    public void A_bucket_that_does_not_exist_is_refused_before_anything_is_done()
    {
        Write("index.html", "x");
        var (status, output) = Publish("no-such-bucket-here", "ENOBUCKET0000");
        Assert.Equal(2, status);
        Assert.Contains("cannot list s3://no-such-bucket-here: NoSuchBucket", output);
        Assert.Empty(aws.Invalidations("ENOBUCKET0000"));
    }

    [Fact]
    public async Task A_refused_invalidation_fails_the_publish_with_the_sdk_error()
    {
        using var denying = new LoopbackAws(failInvalidation: true);
        using var s3 = new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"),
            new AmazonS3Config { ServiceURL = denying.S3Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        await s3.PutBucketAsync("denied");
        Write("index.html", "x");
        var (status, output) = Repo.RunPublish(denying.Environment(), "--site", site, "--bucket", "denied", "--distribution", "EDENIED000000");
        Assert.True(status == 1, output);
        Assert.True(output.Contains("FAILED invalidate 2 paths on EDENIED000000: AccessDenied: User is not authorized to perform: cloudfront:CreateInvalidation (HTTP 403)", StringComparison.Ordinal), output);
        Assert.Contains("FAILED invalidate 2 paths on EDENIED000000: AccessDenied: User is not authorized to perform: cloudfront:CreateInvalidation (HTTP 403)", output);
        Assert.Contains("invalidation FAILED; 1 failed", output);
    }

    [Fact]
    public void Bucket_and_distribution_default_to_the_stack_outputs_terraform_reads()
    {
        var bucket = Bucket();
        Write("index.html", "x");
        var stack = Directory.CreateTempSubdirectory("publish-stack-").FullName;
        try
        {
            // A local state with the two outputs, as `terraform output -json` reads it after a deploy.
            File.WriteAllText(Path.Combine(stack, "terraform.tfstate"), JsonSerializer.Serialize(new
            {
                version = 4, terraform_version = "1.10.0", serial = 1, lineage = "00000000-0000-0000-0000-000000000001",
                outputs = new Dictionary<string, object>
                {
                    ["site_bucket"] = new { value = bucket, type = "string" },
                    ["distribution_id"] = new { value = "ESTACK0000000", type = "string" },
                },
                resources = Array.Empty<object>(),
            }));
            var environment = aws.Environment();
            environment["TF_CLI_CONFIG_FILE"] = Path.Combine(stack, "terraformrc");
            File.WriteAllText(environment["TF_CLI_CONFIG_FILE"], "");
            var (status, output) = Repo.RunPublish(environment, "--site", site, "--stack-dir", stack);
            Assert.True(status == 0, output);
            Assert.Contains($"publish: bucket {bucket} and distribution ESTACK0000000 from the outputs in {stack}", output);
            Assert.Single(aws.Invalidations("ESTACK0000000"));

            File.Delete(Path.Combine(stack, "terraform.tfstate"));
            var (refused, message) = Repo.RunPublish(environment, "--site", site, "--stack-dir", stack);
            Assert.Equal(2, refused);
            Assert.Contains("the site bucket is not known", message);
            Assert.Contains("BUCKET=<the site_bucket output>", message);
        }
        finally { Directory.Delete(stack, recursive: true); }
    }
}
