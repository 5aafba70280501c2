using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeRouter.Publish.Tests;

/// <summary>
/// Issue 19/20 through the built Publish.dll (and `make publish` where the Makefile is part of the behaviour) against
/// s3rver on loopback: no secret is published, no typo runs a real publish or empties the bucket, a failed
/// invalidation is not lost, and every way it can stop is one line with a documented status.
/// </summary>
public sealed class PublishSafetyTests(LoopbackAws aws) : PublishSiteTests(aws, "publish-safety", "s-"), IClassFixture<LoopbackAws>
{
    private SortedDictionary<string, string> Snapshot(string bucket) => Snapshot(bucket, withCacheControl: true);

    // --- 1. dotfiles, secrets, links -----------------------------------------------------------------------------

    [Fact]
    public void Dot_names_are_never_uploaded_except_well_known_and_each_skip_is_said()
    {
        var bucket = Bucket();
        Write("index.html", "home");
        foreach (var dot in (string[])[".env", ".npmrc", ".htpasswd", ".DS_Store", ".git/config", ".git/objects/ab/cdef", ".aws/credentials", "docs/.env", "docs/.secret/x.txt", ".well-known/.env"])
        {
            Write(dot, "SECRET=1");
        }
        Write(".well-known/security.txt", "Contact: mailto:a@example.com");
        Write(".well-known/matrix/server", "{}");
        Write("Thumbs.db", "x");

        var (status, output) = Publish(bucket, Id("DOT"), "--cache", "asets/**=public, max-age=60");
        Assert.True(status == 0, output);
        Assert.Contains("publish: warning: CACHE rule asets/**=public, max-age=60 matches no file in SITE (a typo in the glob?)", output);
        Assert.Equal([".well-known/matrix/server", ".well-known/security.txt", "index.html"], Snapshot(bucket).Keys);
        Assert.Contains("publish: skipped .env: a dotfile", output);
        Assert.Contains("publish: skipped .well-known/.env: a dotfile", output);
        Assert.Contains("publish: skipped docs/.env: a dotfile", output);
        Assert.Contains("publish: skipped .git/: a dot-folder, 2 files", output);
        Assert.Contains("publish: skipped .aws/: a dot-folder, 1 file", output);
        Assert.Contains("publish: skipped docs/.secret/: a dot-folder, 1 file", output);
        Assert.Contains("publish: skipped Thumbs.db: desktop litter", output);
    }

    [Fact]
    public void Links_that_leave_the_site_dangle_loop_or_reach_a_folder_are_not_followed_a_link_inside_is()
    {
        var bucket = Bucket();
        Write("index.html", "home");
        Write("report-2024.pdf", "the report");
        Write(".env", "SECRET=1");
        Write("secret.txt", "outside secret", outside);
        Write("dir/inner.txt", "outside dir", outside);
        File.CreateSymbolicLink(Path.Combine(site, "passwd.txt"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(site, "leak.txt"), Path.Combine(outside, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(site, "sneaky.txt"), "docs/../../" + Path.GetFileName(outside) + "/secret.txt");
        Directory.CreateSymbolicLink(Path.Combine(site, "shared"), Path.Combine(outside, "dir"));
        File.CreateSymbolicLink(Path.Combine(site, "latest.pdf"), "report-2024.pdf");
        File.CreateSymbolicLink(Path.Combine(site, "env.txt"), ".env");
        File.CreateSymbolicLink(Path.Combine(site, "gone.txt"), "nothing-here.txt");
        File.CreateSymbolicLink(Path.Combine(site, "loop.txt"), "loop.txt");
        Directory.CreateDirectory(Path.Combine(site, "docs"));
        Directory.CreateSymbolicLink(Path.Combine(site, "docs", "up"), "..");

        var (status, output) = Publish(bucket, Id("LINKS"));
        Assert.True(status == 0, output);
        var snapshot = Snapshot(bucket);
        Assert.Equal(["index.html", "latest.pdf", "report-2024.pdf"], snapshot.Keys);
        Assert.EndsWith("|the report", snapshot["latest.pdf"]);
        Assert.Contains("publish: skipped passwd.txt: a link that leaves SITE (to /etc/passwd)", output);
        Assert.Contains($"publish: skipped leak.txt: a link that leaves SITE (to {Path.Combine(outside, "secret.txt")})", output);
        Assert.Contains("publish: skipped sneaky.txt: a link that leaves SITE", output);
        Assert.Contains("publish: skipped shared: a link that leaves SITE", output);
        Assert.Contains("publish: skipped env.txt: a link to .env, which publish skips (a dotfile)", output);
        Assert.Contains("publish: skipped gone.txt: a link whose target does not exist", output);
        Assert.Contains("publish: skipped loop.txt: a link whose target does not exist", output);
        Assert.Contains("publish: skipped docs/up/: a link to a folder (never followed)", output);
        Assert.DoesNotContain("outside secret", string.Concat(snapshot.Values));
    }

    [Fact]
    public void A_secret_bearing_name_refuses_the_publish_until_include_names_it()
    {
        var bucket = Bucket();
        Write("index.html", "home");
        Write("certs/server.pem", "-----BEGIN PRIVATE KEY-----");
        Write("id_rsa", "key");
        Write("terraform.tfvars", "x = 1");
        Write("infra/terraform.tfstate", "{}");
        var (status, output) = Publish(bucket, Id("SECRET"));
        Assert.Equal(2, status);
        Assert.Contains("publish: refused: SITE=", output);
        Assert.Contains("holds 4 files whose name usually holds a secret (certs/server.pem, id_rsa, infra/terraform.tfstate, terraform.tfvars)", output);
        Assert.Contains("INCLUDE='<glob>'; nothing was changed", output);
        Assert.Empty(Snapshot(bucket));
        Assert.Empty(Aws.Invalidations(Id("SECRET")));

        File.Delete(Path.Combine(site, "id_rsa"));
        File.Delete(Path.Combine(site, "terraform.tfvars"));
        File.Delete(Path.Combine(site, "infra/terraform.tfstate"));
        var included = Publish(bucket, Id("SECRET"), "--include", "certs/*.pem");
        Assert.True(included.Status == 0, included.Output);
        Assert.Equal(["certs/server.pem", "index.html"], Snapshot(bucket).Keys);
    }

    [Fact]
    public void Include_publishes_a_named_dotfile_and_a_glob_that_matches_nothing_skipped_is_refused()
    {
        var bucket = Bucket();
        Write("index.html", "home");
        Write(".htaccess", "Options -Indexes");
        var typo = Publish(bucket, Id("INCLUDE"), "--include", ".htacess");
        Assert.Equal(2, typo.Status);
        Assert.Contains("publish: refused: INCLUDE: '.htacess' matches no skipped or refused file in SITE=", typo.Output);
        Assert.Empty(Snapshot(bucket));
        var bad = Publish(bucket, Id("INCLUDE"), "--include", "../x");
        Assert.Equal(2, bad.Status);
        Assert.Contains("INCLUDE: pattern \"../x\" holds a . or .. segment", bad.Output);
        var (status, output) = Publish(bucket, Id("INCLUDE"), "--include", ".htaccess");
        Assert.True(status == 0, output);
        Assert.Equal([".htaccess", "index.html"], Snapshot(bucket).Keys);
    }

    [Fact]
    public void Objects_under_skipped_names_are_left_in_the_bucket_and_reported_unless_delete_skipped_says_so()
    {
        var bucket = Bucket();
        Put(bucket, ".env", "SECRET=1");
        Put(bucket, ".git/config", "[core]");
        Put(bucket, "a.txt", "a");
        Put(bucket, "b.txt", "b");
        Write("index.html", "home");
        Write("a.txt", "a");
        Write("b.txt", "b");
        Write(".env", "SECRET=2");

        var (status, output) = Publish(bucket, Id("KEEP"));
        Assert.True(status == 0, output);
        Assert.Equal([".env", ".git/config", "a.txt", "b.txt", "index.html"], Snapshot(bucket).Keys);
        Assert.EndsWith("|SECRET=1", Snapshot(bucket)[".env"]);
        Assert.Contains("publish: left in the bucket: .env (a dotfile; publish skips this name, so it is not deleted; it is still served: DELETE_SKIPPED=1 deletes it)", output);
        Assert.Contains("publish: left in the bucket: .git/config (in the dot-folder .git/;", output);
        Assert.Contains("deleted 0,", output);

        var purge = Publish(bucket, Id("KEEP"), "--delete-skipped", "1");
        Assert.True(purge.Status == 0, purge.Output);
        Assert.Equal(["a.txt", "b.txt", "index.html"], Snapshot(bucket).Keys);
        Assert.Contains("deleted 2,", purge.Output);
    }

    [Fact]
    public void A_fifo_and_a_name_that_is_not_utf8_are_skipped_not_read()
    {
        var bucket = Bucket();
        Write("index.html", "home");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [Path.Combine(site, "pipe.txt")])) mkfifo.WaitForExit();
        // The file name's bytes 'b' 0xFF '.txt' are not UTF-8 (.NET cannot write such a name; Node can).
        using (var node = System.Diagnostics.Process.Start("node", ["-e", "require('fs').writeFileSync(Buffer.concat([Buffer.from(process.argv[1] + '/b'), Buffer.from([0xff]), Buffer.from('.txt')]), 'x')", site]))
        {
            node.WaitForExit();
        }
        var (status, output) = Publish(bucket, Id("FIFO"));
        Assert.True(status == 0, output);
        Assert.Contains("publish: skipped pipe.txt: not a regular file (a FIFO, socket or device)", output);
        Assert.Contains("publish: skipped b\uFFFD.txt: a name that is not valid UTF-8 (rename it)", output);
        Assert.Equal(["index.html"], Snapshot(bucket).Keys);
    }

    // --- 2. values that are not exactly one the README lists -------------------------------------------------------

    [Theory]
    [InlineData("DRY_RUN=TRUE")]
    [InlineData("DRY_RUN=True")]
    [InlineData("DRY_RUN=YES")]
    [InlineData("DRY_RUN=on")]
    [InlineData("DRY_RUN=y")]
    [InlineData("DRY_RUN=true")]
    [InlineData("DRYRUN=1")]
    [InlineData("dry_run=1")]
    [InlineData("MAX_INVALIDATION_PATHS=abc")]
    [InlineData("MAX_INVALIDATION_PATHS=-1")]
    [InlineData("MAX_INVALIDATION_PATHS=3001")]
    [InlineData("MAX_INVALIDATION_PATHS=99999999999999")]
    [InlineData("MAX_DELETE=all")]
    [InlineData("CACHE=*.js=max_age=60")]
    [InlineData("DISTRIBUTION=d111111abcdef8.cloudfront.net")]
    [InlineData("DISTRIBUTION=None")]
    [InlineData("BUCKET=s3://my-bucket")]
    [InlineData("DELETE_SKIPPED=yes")]
    public void Make_publish_refuses_a_value_it_does_not_list_before_anything_is_read_or_written(string variable)
    {
        var bucket = Bucket($"make-{variable}");
        Put(bucket, "old.txt", "old");
        Write("index.html", "home");
        var variables = new List<string> { $"SITE={site}", variable };
        if (!variable.StartsWith("BUCKET=", StringComparison.Ordinal)) variables.Add($"BUCKET={bucket}");
        if (!variable.StartsWith("DISTRIBUTION=", StringComparison.Ordinal)) variables.Add($"DISTRIBUTION={Id("MAKE")}");
        var (status, output) = Checked(Repo.RunMakePublish(Aws.Environment(), [.. variables]));
        Assert.NotEqual(0, status);
        var name = variable[..variable.IndexOf('=')];
        var refusal = Assert.Single(output.Split('\n'), l => l.StartsWith("publish: refused: ", StringComparison.Ordinal));
        Assert.Contains(name, refusal);
        Assert.Contains("nothing was read or written", refusal, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["old.txt"], Snapshot(bucket).Keys);
        Assert.Empty(Aws.Invalidations(Id("MAKE")));
    }

    [Fact]
    public void A_value_holding_quotes_or_command_substitution_is_passed_as_typed_never_run_by_the_shell()
    {
        var marker = Path.Combine(outside, "ran");
        foreach (var value in (string[])[$"x\"; touch {marker}; \"", $"$(touch {marker})", $"`touch {marker}`"])
        {
            foreach (var variable in (string[])["SITE", "CACHE", "INCLUDE", "BUCKET"])
            {
                var variables = new List<string> { $"{variable}={value}", "DISTRIBUTION=none", "BUCKET=some-bucket" };
                if (variable != "SITE") variables.Add($"SITE={site}");
                if (variable == "BUCKET") variables.Remove("BUCKET=some-bucket");
                var (status, output) = Checked(Repo.RunMakePublish(Aws.Environment(), [.. variables]));
                Assert.NotEqual(0, status);
                Assert.Contains("publish: refused: ", output);
                Assert.False(File.Exists(marker), $"{variable}={value} ran a command: {output}");
            }
        }
    }

    [Fact]
    public void Make_publish_dry_run_1_reads_only()
    {
        var bucket = Bucket();
        Put(bucket, "old.txt", "old");
        Put(bucket, "keep.txt", "k");
        Write("index.html", "home");
        Write("keep.txt", "k");
        var (status, output) = Checked(Repo.RunMakePublish(Aws.Environment(), $"SITE={site}", $"BUCKET={bucket}", $"DISTRIBUTION={Id("MAKEDRY")}", "DRY_RUN=1"));
        Assert.True(status == 0, output);
        Assert.Contains("publish: dry run, nothing changed", output);
        Assert.Equal(["keep.txt", "old.txt"], Snapshot(bucket).Keys);
    }

    // --- 3. deleting most of the bucket needs a confirmation ----------------------------------------------------------

    [Fact]
    public void A_publish_that_would_delete_most_of_the_bucket_is_refused_until_max_delete_confirms_it()
    {
        var bucket = Bucket();
        foreach (var key in (string[])["index.html", "a.txt", "b.txt", "c.txt"]) Put(bucket, key, key);
        Write("other/index.html", "a sub-folder published by mistake");
        var before = Snapshot(bucket);

        var (status, output) = Publish(bucket, Id("MOST"));
        Assert.Equal(2, status);
        Assert.Contains("publish: refused: this publish would delete 4 of the bucket's 4 objects, more than half; and index.html, the home page (a.txt, b.txt, c.txt, index.html): check SITE, or confirm with MAX_DELETE=4 (DRY_RUN=1 lists them); nothing was changed", output);
        Assert.Equal(before, Snapshot(bucket));
        Assert.Empty(Aws.Invalidations(Id("MOST")));

        var dry = Publish(bucket, Id("MOST"), "--dry-run", "1");
        Assert.Equal(2, dry.Status);
        Assert.Contains("  would delete a.txt", dry.Output);
        Assert.Contains("  would delete index.html", dry.Output);
        Assert.Contains("publish: refused: this publish would delete 4 of the bucket's 4 objects", dry.Output);

        var tooFew = Publish(bucket, Id("MOST"), "--max-delete", "3");
        Assert.Equal(2, tooFew.Status);
        Assert.Contains("more than MAX_DELETE=3", tooFew.Output);
        Assert.Equal(before, Snapshot(bucket));

        var confirmed = Publish(bucket, Id("MOST"), "--max-delete", "4");
        Assert.True(confirmed.Status == 0, confirmed.Output);
        Assert.Equal(["other/index.html"], Snapshot(bucket).Keys);
    }

    [Fact]
    public void Deleting_the_home_page_or_the_not_found_page_needs_a_confirmation_even_when_it_is_one_object()
    {
        var bucket = Bucket();
        foreach (var key in (string[])["index.html", "404.html", "a.txt", "b.txt", "c.txt", "d.txt"]) Put(bucket, key, key);
        foreach (var key in (string[])["index.html", "a.txt", "b.txt", "c.txt", "d.txt"]) Write(key, key);
        var (status, output) = Publish(bucket, Id("VITAL"));
        Assert.Equal(2, status);
        Assert.Contains("would delete 404.html, the not-found page (404.html)", output);
        Assert.Contains("404.html", Snapshot(bucket).Keys);
        var confirmed = Publish(bucket, Id("VITAL"), "--max-delete", "1");
        Assert.True(confirmed.Status == 0, confirmed.Output);
        Assert.DoesNotContain("404.html", Snapshot(bucket).Keys);
    }

    // --- 5. a failed invalidation is not lost ----------------------------------------------------------------------

    [Fact]
    public void Paths_whose_invalidation_failed_are_invalidated_by_the_next_publish()
    {
        var bucket = Bucket();
        var distribution = Id("PENDING");
        Write("index.html", "v1");
        Write("a.css", "a");
        Aws.FailInvalidations(distribution, true);
        try
        {
            var (failed, output) = Publish(bucket, distribution);
            Assert.True(failed == 1, output);
            Assert.Contains("invalidation FAILED", output);
            Assert.Contains($"the paths stay recorded in s3://{bucket}/.edge-router-publish/pending-invalidations: the next publish to {distribution} invalidates them", output);
            Assert.Equal($"|{{\"version\":1,\"distributions\":{{\"{distribution}\":[\"/\",\"/a.css\",\"/index.html\"]}}}}",
                Snapshot(bucket)[".edge-router-publish/pending-invalidations"].Replace("no-store", "", StringComparison.Ordinal));
        }
        finally { Aws.FailInvalidations(distribution, false); }

        // Nothing changed since; the earlier paths are invalidated now, and the record is gone.
        var attempts = Aws.Invalidations(distribution).Count;
        var (status, second) = Publish(bucket, distribution);
        Assert.Equal(attempts + 1, Aws.Invalidations(distribution).Count);
        Assert.True(status == 0, second);
        Assert.Contains("uploaded 0 (0 B)", second);
        Assert.Contains($"invalidate 3 paths on {distribution} (3 pending from an earlier publish): / /a.css /index.html", second);
        Assert.Equal(["/", "/a.css", "/index.html"], Paths(Aws.Invalidations(distribution)[^1]));
        Assert.Equal(["a.css", "index.html"], Snapshot(bucket).Keys);

        // And a third publish has nothing left to invalidate.
        var third = Publish(bucket, distribution);
        Assert.Contains("invalidation none;", third.Output);
        Assert.Equal(attempts + 1, Aws.Invalidations(distribution).Count);
    }

    // --- 6. errors a user can act on --------------------------------------------------------------------------------

    [Fact]
    public void Without_aws_region_the_region_comes_from_the_variables_file_or_one_line_asks_for_it()
    {
        var bucket = Bucket();
        Write("index.html", "home");
        var environment = Aws.Environment();
        environment["AWS_REGION"] = "";
        var tfvars = Path.Combine(outside, "terraform.tfvars");
        File.WriteAllText(tfvars, "# my variables\naws_region = \"us-east-1\"\nsite_bucket_name = \"x\"\ntags = {\n  aws_region = \"eu-west-1\"\n}\n");
        var (status, output) = Checked(Repo.RunPublish(environment, "--site", site, "--bucket", bucket, "--distribution", "none", "--tfvars", tfvars));
        Assert.True(status == 0, output);
        Assert.Contains($"publish: region us-east-1 from aws_region in {tfvars}", output);

        var (refused, message) = Checked(Repo.RunPublish(environment, "--site", site, "--bucket", bucket, "--distribution", "none", "--tfvars", Path.Combine(outside, "none.tfvars")));
        Assert.Equal(2, refused);
        Assert.Equal($"publish: refused: the bucket's region is not known: set AWS_REGION=<the stack's aws_region>, or keep aws_region in {Path.Combine(outside, "none.tfvars")}; nothing was read or written",
            Assert.Single(message.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("publish: refused", StringComparison.Ordinal)));
    }

    [Fact]
    public void Without_credentials_one_line_names_aws_profile_sso_and_the_environment_variables()
    {
        var bucket = Bucket();
        Write("index.html", "home");
        var environment = Aws.Environment();
        environment["AWS_ACCESS_KEY_ID"] = "";
        environment["AWS_SECRET_ACCESS_KEY"] = "";
        var (status, output) = Checked(Repo.RunPublish(environment, "--site", site, "--bucket", bucket, "--distribution", "none"));
        Assert.Equal(2, status);
        Assert.Equal("publish: refused: no usable AWS credentials: give credentials: AWS_PROFILE=<profile> (for an SSO profile, run aws sso login --profile <profile> first), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones); nothing was read or written",
            output.Trim());
    }

    [Fact]
    public void Nothing_listening_is_a_refusal_in_one_line()
    {
        Write("index.html", "home");
        var environment = Aws.Environment();
        environment["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:1";
        var (status, output) = Checked(Repo.RunPublish(environment, "--site", site, "--bucket", "some-bucket", "--distribution", "none"));
        Assert.Equal(2, status);
        var lines = output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("publish: 1 files in ", lines[0]);
        Assert.StartsWith("publish: refused: cannot list s3://some-bucket: ", lines[1]);
        Assert.EndsWith("; nothing was changed", lines[1].TrimEnd());
    }

    [Fact]
    public void A_connection_dropped_on_one_upload_or_on_the_deletes_is_a_failed_operation_not_a_crash()
    {
        var bucket = Bucket();
        Write("index.html", "home");
        Write("a.txt", "a");
        Write("b.txt", "b");
        Write("c.txt", "c");
        var environment = Aws.Environment();
        environment["AWS_ENDPOINT_URL_S3"] = Aws.FaultyS3Endpoint;
        Aws.InjectFaults($"^PUT /{bucket}/b\\.txt");
        try
        {
            var (status, output) = Checked(Repo.RunPublish(environment, "--site", site, "--bucket", bucket, "--distribution", "none", "--parallelism", "1"));
            Assert.True(status == 1, output);
            Assert.Contains("FAILED upload b.txt: ", output);
            Assert.Contains("publish: uploaded 3 (", output);
            Assert.Contains("; 1 failed", output);

            Aws.InjectFaults();
            File.Delete(Path.Combine(site, "c.txt"));
            Aws.InjectFaults($"^POST /{bucket}/?\\?delete");
            var (deleteStatus, deleteOutput) = Checked(Repo.RunPublish(environment, "--site", site, "--bucket", bucket, "--distribution", "none"));
            Assert.True(deleteStatus == 1, deleteOutput);
            Assert.Contains("FAILED delete c.txt: ", deleteOutput);
        }
        finally { Aws.InjectFaults(); }
    }
}
