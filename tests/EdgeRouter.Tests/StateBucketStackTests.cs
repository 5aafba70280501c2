using EdgeRouter.Configuration;
using EdgeRouter.Guardrails;
using EdgeRouter.Guardrails.Rules;
using EdgeRouter.State;

namespace EdgeRouter.Tests;

public sealed class StateBucketFixture
{
    public SynthesizedStack Stack { get; } = SynthesizedStack.Parse(Testing.Synth(
        new StateBucketStack(Testing.App(), StateBucketStack.StackName, new RemoteStateSettings { Bucket = "acme-tfstate", Region = "eu-west-1" })));
}

/// <summary>The bootstrap stack that creates the remote-state bucket.</summary>
public sealed class StateBucketStackTests(StateBucketFixture fixture) : IClassFixture<StateBucketFixture>
{
    [Fact]
    public void Its_own_state_is_local_because_it_creates_the_remote_one_and_kept_in_the_state_folder() =>
        // By default, state/edge-router-state.tfstate as seen from cdktf.out/stacks/edge-router-state (the app
        // computes it from the real folders: KeptFilesTests).
        JsonAssert.Equal("""{"local":{"path":"../../../state/edge-router-state.tfstate"}}""", fixture.Stack.Document["terraform"]!["backend"]);

    [Fact]
    public void It_needs_terraform_1_11_too() =>
        Assert.Equal(">= 1.11.0", fixture.Stack.Document["terraform"]!["required_version"]!.ToString());

    [Fact]
    public void State_bucket_is_the_configured_one_in_its_region_and_never_destroyed()
    {
        JsonAssert.Equal("""{"bucket":"acme-tfstate","force_destroy":false,"lifecycle":{"prevent_destroy":true}}""",
            JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_s3_bucket")));
        Assert.Equal("eu-west-1", fixture.Stack.Document["provider"]!["aws"]![0]!["region"]!.ToString());
    }

    [Fact]
    public void A_state_file_stays_recoverable_the_10_newest_old_versions_always_older_ones_for_90_days()
    {
        JsonAssert.Equal("""
            {"bucket":"${aws_s3_bucket.state_bucket_803B4E61.id}","depends_on":["aws_s3_bucket_versioning.state_versioning_27DF9ED5"],
             "rule":[{"abort_incomplete_multipart_upload":[{"days_after_initiation":7}],"expiration":[{"expired_object_delete_marker":true}],
               "filter":[{"prefix":""}],"id":"expire-noncurrent-versions-and-abort-uploads",
               "noncurrent_version_expiration":[{"newer_noncurrent_versions":10,"noncurrent_days":"${var.state_noncurrent_version_days}"}],
               "status":"Enabled"}]}
            """, JsonAssert.WithoutMetadata(fixture.Stack.Single("aws_s3_bucket_lifecycle_configuration")));
        var variable = fixture.Stack.Document["variable"]!["state_noncurrent_version_days"]!;
        Assert.Equal((90, "number", false), ((int)variable["default"]!, variable["type"]!.ToString(), (bool)variable["nullable"]!));
        using var terraform = new Terraform(fixture.Stack.Document["variable"]!);
        var (code, output) = terraform.Plan("-var=state_noncurrent_version_days=7");
        Assert.True(code != 0, output);
        Assert.Contains("state_noncurrent_version_days must be a whole number from 30 to 3650.", output.Replace("\n", " ", StringComparison.Ordinal));
        Assert.Empty(new OldVersionsExpire().Check(fixture.Stack));
    }

    [Fact]
    public void State_bucket_is_versioned_encrypted_private_and_tls_only()
    {
        var (name, _) = fixture.Stack.Resources("aws_s3_bucket").Single();
        var id = $"${{aws_s3_bucket.{name}.id}}";
        var arn = $"${{aws_s3_bucket.{name}.arn}}";
        JsonAssert.Equal($$$"""{"bucket":"{{{id}}}","versioning_configuration":{"status":"Enabled"}}""", fixture.Stack.Single("aws_s3_bucket_versioning"));
        JsonAssert.Equal($$$"""{"bucket":"{{{id}}}","rule":[{"apply_server_side_encryption_by_default":{"sse_algorithm":"AES256"}}]}""",
            fixture.Stack.Single("aws_s3_bucket_server_side_encryption_configuration"));
        JsonAssert.Equal($$$"""
            {"block_public_acls":true,"block_public_policy":true,"bucket":"{{{id}}}","ignore_public_acls":true,"restrict_public_buckets":true}
            """, fixture.Stack.Single("aws_s3_bucket_public_access_block"));
        JsonAssert.Equal($$$"""
            [{"sid":"DenyInsecureTransport","effect":"Deny","principals":[{"type":"*","identifiers":["*"]}],"actions":["s3:*"],
              "resources":["{{{arn}}}","{{{arn}}}/*"],
              "condition":[{"test":"Bool","variable":"aws:SecureTransport","values":["false"]}]}]
            """, fixture.Stack.DataSources("aws_iam_policy_document").Single().Value["statement"]);
    }

    [Fact]
    public void The_edge_stack_keeps_its_state_in_this_bucket()
    {
        var settings = new RemoteStateSettings { Bucket = "acme-tfstate", Region = "eu-west-1" };
        var edge = Synth.Edge(Synth.Defaults with { State = settings });
        var backend = edge.Document["terraform"]!["backend"]!["s3"]!;
        Assert.Equal((fixture.Stack.Single("aws_s3_bucket")["bucket"]!.ToString(), "eu-west-1"),
            (backend["bucket"]!.ToString(), backend["region"]!.ToString()));
    }

    [Fact]
    public void It_passes_every_guardrail() =>
        Assert.Empty(GuardrailSet.Check(fixture.Stack, new Dictionary<string, string>()));
}
