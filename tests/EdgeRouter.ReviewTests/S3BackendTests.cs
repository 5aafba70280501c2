using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeRouter.ReviewTests;

/// <summary>The state stack creates the bucket; the edge stack's S3 backend uses it, with its lock file.</summary>
[Collection(S3BackendCollection.Name)]
public sealed class S3BackendTests(S3BackendFixture fixture)
{
    [Fact]
    public async Task The_state_stack_creates_the_versioned_encrypted_bucket()
    {
        var (folder, apply) = await fixture.StateApplied;
        Assert.Contains("Apply complete!", apply.Stdout, StringComparison.Ordinal);
        var state = JsonNode.Parse((await Processes.Terraform(folder, "show", "-json")).Stdout)!;
        var resources = state["values"]!["root_module"]!["resources"]!.AsArray();
        var bucket = resources.First(r => (string?)r!["type"] == "aws_s3_bucket")!;
        Assert.Equal(SynthesizedStacks.StateBucket, (string?)bucket["values"]!["bucket"]);
        var versioning = resources.First(r => (string?)r!["type"] == "aws_s3_bucket_versioning")!;
        Assert.Equal("Enabled", (string?)versioning["values"]!["versioning_configuration"]![0]!["status"]);
        var encryption = resources.First(r => (string?)r!["type"] == "aws_s3_bucket_server_side_encryption_configuration")!;
        Assert.Equal("AES256", (string?)encryption["values"]!["rule"]![0]!["apply_server_side_encryption_by_default"]![0]!["sse_algorithm"]);
    }

    [Fact]
    public async Task The_edge_stacks_own_backend_initializes_against_the_bucket()
    {
        var (folder, init) = await fixture.EdgeInitialized;
        Assert.Contains("Successfully configured the backend \"s3\"!", init.Stdout, StringComparison.Ordinal);
        // The backend as synthesized (encrypt, use_lockfile, the state key), only the endpoint added at init.
        var backend = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, ".terraform", "terraform.tfstate")))!["backend"]!["config"]!;
        Assert.Equal(SynthesizedStacks.StateBucket, (string?)backend["bucket"]);
        Assert.Equal("edge-router/edge.tfstate", (string?)backend["key"]);
        Assert.True((bool?)backend["encrypt"]);
        Assert.True((bool?)backend["use_lockfile"]);
    }

    [Fact]
    public async Task A_second_plan_is_refused_by_the_lock_file_while_the_first_holds_it()
    {
        var (folder, _) = await fixture.EdgeInitialized;
        var moto = await fixture.Moto;
        const string LockKey = "edge-router/edge.tfstate.tflock";
        var plan = new[] { "plan", "-input=false", "-no-color", $"-var-file={PriorStateFixture.VarFile}", "-var=route53_zone_id=", PriorStateFixture.CertificateArg };
        var first = Processes.Run("terraform", plan, folder);

        using var s3 = new AmazonS3Client(new BasicAWSCredentials("review-test", "review-test"),
            new AmazonS3Config { ServiceURL = moto.Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        var clock = Stopwatch.StartNew();
        var held = false;
        while (!held && !first.IsCompleted && clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            held = await LockExists(s3, LockKey);
            if (!held)
            {
                await Task.Delay(100);
            }
        }

        if (!held && first.IsCompleted)
        {
            var ended = await first;
            Assert.Fail($"the first plan ended ({ended.Code}) before the lock file edge-router/edge.tfstate.tflock was seen:\n{ended.All}");
        }

        Assert.True(held, $"the first plan never held the lock file {LockKey} within 3 min");
        var second = await Processes.Run("terraform", [.. plan, "-lock-timeout=0s"], folder);
        Assert.Equal(1, second.Code);
        Assert.Contains("Error acquiring the state lock", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("PreconditionFailed", second.Stderr, StringComparison.Ordinal);
        Assert.Contains($"Path:      {SynthesizedStacks.StateBucket}/edge-router/edge.tfstate", second.Stderr, StringComparison.Ordinal);

        var done = await first;
        Assert.True(done.Code == 0, done.All);
        Assert.False(await LockExists(s3, LockKey));
    }

    private static async Task<bool> LockExists(AmazonS3Client s3, string key)
    {
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = SynthesizedStacks.StateBucket, Prefix = key });
        return listing.S3Objects?.Any(o => o.Key == key) == true;
    }

    [Fact]
    public async Task Replacing_the_state_bucket_is_a_blocking_finding()
    {
        var (applied, _) = await fixture.StateApplied;
        var moto = await fixture.Moto;
        var folder = await SynthesizedStacks.CopyStack("edge-router-state", Path.Combine(fixture.Root, "state-renamed"));
        var stack = await SynthesizedStacks.Read("edge-router-state");
        var document = MotoOverride.ForState(stack, moto.Endpoint);
        var bucket = PriorStateFixture.Resource(document, stack, "edge-router-state/state/bucket");
        bucket["bucket"] = SynthesizedStacks.StateBucket + "-2";
        bucket["lifecycle"] = new JsonObject { ["prevent_destroy"] = false };
        await File.WriteAllTextAsync(Path.Combine(folder, MotoOverride.FileName), document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Copy(Path.Combine(applied, "terraform.tfstate"), Path.Combine(folder, "terraform.tfstate"));
        await Processes.Terraform(folder, "init", "-input=false", "-no-color");
        await Processes.Terraform(folder, "plan", "-input=false", "-no-color", "-lock=false", "-out=plan.tfplan");

        var review = await Processes.Review(folder, "--plan", "plan.tfplan", "--stack", "cdk.tf.json");
        Assert.True(review.Code == 1, review.All);
        Assert.Equal(
        [
            $"RV001 BLOCKING {PriorStateReviewTests.Address(stack, "edge-router-state/state/bucket")}",
            $"RV001 BLOCKING {PriorStateReviewTests.Address(stack, "edge-router-state/state/versioning")}",
        ], ReviewOutput.Findings(review.Stdout));
        Assert.Contains($"The state bucket {SynthesizedStacks.StateBucket} is replaced", review.Stdout, StringComparison.Ordinal);
        Assert.Contains("Every Terraform state of this app is in it", review.Stdout, StringComparison.Ordinal);
    }
}
