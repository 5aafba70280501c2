using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeRouter.Publish.Tests;

/// <summary>
/// The hostile round on issue 19's publish surfaces, through the built Publish.dll against s3rver (and its
/// fault-injecting, request-holding proxy): a file swapped for a link between the read and the upload, a tampered
/// or huge pending-invalidation record, INCLUDE globs that match everything or the tool's own record, names holding
/// control characters.
/// </summary>
public sealed class PublishHostileTests(LoopbackAws aws) : PublishSiteTests(aws, "publish-hostile", "h-"), IClassFixture<LoopbackAws>
{
    private SortedDictionary<string, string> Snapshot(string bucket) => Snapshot(bucket, withCacheControl: false);

    // A file read and hashed inside SITE, then swapped for a link to a file outside before its upload: the upload
    // opened the path again and followed the link (old code: the outside secret was in the bucket, exit 0).
    [Fact]
    public async Task A_file_swapped_for_a_link_out_of_site_after_it_was_read_is_not_uploaded()
    {
        var bucket = Bucket();
        var distribution = Id("SWAP");
        Write("index.html", "home");
        Write("notes.txt", "public notes");
        Write("secret.txt", "OUTSIDE SECRET", outside);
        var environment = Aws.Environment();
        environment["AWS_ENDPOINT_URL_S3"] = Aws.FaultyS3Endpoint;
        // The pending record is written after the folder was read and before the first upload.
        Aws.Hold($"^PUT /{bucket}/\\.edge-router-publish/pending-invalidations");
        try
        {
            var run = Task.Run(() => Repo.RunPublish(environment, "--site", site, "--bucket", bucket, "--distribution", distribution));
            Aws.WaitHeld();
            File.Delete(Path.Combine(site, "notes.txt"));
            File.CreateSymbolicLink(Path.Combine(site, "notes.txt"), Path.Combine(outside, "secret.txt"));
            Aws.Release();
            var (status, output) = Checked(await run);
            Assert.True(status == 1, output);
            Assert.Contains("FAILED upload notes.txt: ", output);
            Assert.Contains("no longer the file publish read", output);
            Assert.DoesNotContain("OUTSIDE SECRET", string.Join('\n', Snapshot(bucket).Values));
            Assert.False(Snapshot(bucket).ContainsKey("notes.txt"));
        }
        finally { Aws.Release(); }
    }

    // The same swap for a file whose content changed in place: what is uploaded is what was hashed, or nothing.
    [Fact]
    public async Task A_file_changed_after_it_was_read_is_not_uploaded_under_the_old_hash()
    {
        var bucket = Bucket();
        Write("index.html", "home");
        Write("notes.txt", "v1");
        var environment = Aws.Environment();
        environment["AWS_ENDPOINT_URL_S3"] = Aws.FaultyS3Endpoint;
        Aws.Hold($"^PUT /{bucket}/\\.edge-router-publish/pending-invalidations");
        try
        {
            var run = Task.Run(() => Repo.RunPublish(environment, "--site", site, "--bucket", bucket, "--distribution", Id("CHANGED")));
            Aws.WaitHeld();
            File.WriteAllText(Path.Combine(site, "notes.txt"), "v2, longer");
            Aws.Release();
            var (status, output) = Checked(await run);
            Assert.True(status == 1, output);
            Assert.Contains("FAILED upload notes.txt: ", output);
            Assert.Contains("changed since publish read it", output);
            Assert.False(Snapshot(bucket).ContainsKey("notes.txt"));
        }
        finally { Aws.Release(); }
    }

    // A record holding paths CloudFront refuses (a space, a newline, a query, a wildcard in the middle) would fail
    // every invalidation from then on and never be cleared (old code: sent as they are).
    [Fact]
    public void A_tampered_pending_record_is_read_as_everything_never_sent_as_it_is()
    {
        var bucket = Bucket();
        var distribution = Id("TAMPER");
        Write("index.html", "home");
        Put(bucket, ".edge-router-publish/pending-invalidations",
            $"{{\"version\":1,\"distributions\":{{\"{distribution}\":[\"/a b\",\"/x\\ny\",\"/q?x=1\",\"/a*/b\"]}}}}");
        var (status, output) = Publish(bucket, distribution);
        Assert.True(status == 0, output);
        Assert.Contains($"publish: warning: s3://{bucket}/.edge-router-publish/pending-invalidations is unreadable", output);
        Assert.Equal(["/*"], Paths(Aws.Invalidations(distribution)[^1]));
        Assert.False(Snapshot(bucket).ContainsKey(".edge-router-publish/pending-invalidations"));
    }

    // A huge record is not read into memory (old code: read whole, no warning).
    [Fact]
    public void A_huge_pending_record_is_not_read_and_counts_as_everything()
    {
        var bucket = Bucket();
        var distribution = Id("HUGE");
        Write("index.html", "home");
        var paths = string.Join(',', Enumerable.Range(0, 200_000).Select(i => $"\"/p{i}.html\""));
        Put(bucket, ".edge-router-publish/pending-invalidations", $"{{\"version\":1,\"distributions\":{{\"{distribution}\":[{paths}]}}}}");
        var (status, output) = Publish(bucket, distribution);
        Assert.True(status == 0, output);
        Assert.Contains($"publish: warning: s3://{bucket}/.edge-router-publish/pending-invalidations is unreadable (larger than 1 MiB)", output);
        Assert.Equal(["/*"], Paths(Aws.Invalidations(distribution)[^1]));
    }

    // INCLUDE='**' (or '*', '**/*', '?*') publishes every dot name and secret there is: refused, name them.
    [Theory]
    [InlineData("**")]
    [InlineData("*")]
    [InlineData("**/*")]
    [InlineData("*/**")]
    [InlineData("?*")]
    [InlineData("/**")]
    public void An_include_glob_that_matches_every_name_is_refused(string glob)
    {
        var bucket = Bucket(nameof(An_include_glob_that_matches_every_name_is_refused) + glob);
        Write("index.html", "home");
        Write(".env", "SECRET=1");
        Write(".git/config", "x");
        var (status, output) = Publish(bucket, Id("ALL"), "--include", glob);
        Assert.True(status == 2, output);
        Assert.Contains($"publish: refused: INCLUDE: pattern \"{glob}\" matches every name (every dotfile and secret-bearing name would be published): name what to include, e.g. INCLUDE='.htaccess'", output);
        Assert.Empty(Snapshot(bucket));
    }

    // The tool's own record key is never published from the folder, whatever INCLUDE says (old code: uploaded over
    // the record, so the pending paths were lost).
    [Fact]
    public void The_pending_record_key_is_never_published_from_the_folder()
    {
        var bucket = Bucket();
        Write("index.html", "home");
        Write(".edge-router-publish/pending-invalidations", "{\"version\":1,\"distributions\":{}}");
        Write(".htaccess", "x");
        var (status, output) = Publish(bucket, "none", "--include", ".edge-router-publish/**;.htaccess");
        Assert.True(status == 2, output);
        Assert.Contains("publish: refused: INCLUDE: '.edge-router-publish/**' names the tool's own record (.edge-router-publish/), which is never published from SITE; nothing was changed", output);
        Assert.Empty(Snapshot(bucket));
    }

    // A key longer than S3 allows (1024 UTF-8 bytes) failed its upload after the others were sent (old code: a partial
    // publish, exit 1, or a key the server cut): refused before anything changes.
    [Fact]
    public void A_key_longer_than_s3_allows_is_refused_before_anything_changes()
    {
        var bucket = Bucket();
        Write("index.html", "home");
        var deep = string.Join('/', Enumerable.Range(0, 5).Select(i => new string((char)('a' + i), 210))) + "/é.txt";
        Write(deep, "deep");
        var (status, output) = Publish(bucket, "none");
        Assert.True(status == 2, output);
        Assert.Contains("holds 1 file whose key is longer than S3's 1024 bytes (UTF-8) (aaaaaaaaaa", output);
        Assert.Empty(Snapshot(bucket));
    }

    // A name holding a newline or an escape would print as two lines or drive the terminal (a forged "skipped"
    // line); S3 lists such keys in XML 1.0, which cannot carry most control characters.
    [Fact]
    public void A_name_with_a_control_character_is_skipped_and_printed_escaped()
    {
        var bucket = Bucket();
        Write("index.html", "home");
        Write("a\npublish: uploaded 0 (0 B).txt", "x");
        Write("b\u001b[2Jc.txt", "y");
        var (status, output) = Publish(bucket, "none");
        Assert.True(status == 0, output);
        Assert.Contains("publish: skipped a\\npublish: uploaded 0 (0 B).txt: a name with a control character (rename it)", output);
        Assert.Contains("publish: skipped b\\u001B[2Jc.txt: a name with a control character (rename it)", output);
        Assert.DoesNotContain("\u001b", output);
        Assert.Equal(["index.html"], Snapshot(bucket).Keys);
    }
}
