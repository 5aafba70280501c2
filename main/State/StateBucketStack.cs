using Constructs;
using EdgeRouter.Configuration;
using EdgeRouter.Storage;

namespace EdgeRouter.State;

/// <summary>
/// The bootstrap stack: the S3 bucket that holds the edge stack's Terraform state, created as carefully as the
/// site (versioned, encrypted, private, TLS only, never destroyed). Its own state is local, because the bucket it
/// would live in is what it creates: in the user's state folder (<see cref="StateFolder"/>), outside the output
/// folder that every synth deletes. Deploy it once, first (it holds nothing secret and can be rebuilt with
/// <c>terraform import</c>).
/// </summary>
public sealed class StateBucketStack : TerraformStack
{
    /// <summary>The name of this stack and of its folder under <c>cdktf.out/stacks/</c>.</summary>
    public const string StackName = "edge-router-state";

    /// <summary>Creates the state bucket named by <paramref name="settings"/>.</summary>
    public StateBucketStack(Construct scope, string id, RemoteStateSettings settings) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _ = new LocalBackend(this, new LocalBackendConfig { Path = settings.LocalStatePath });
        AddOverride("terraform.required_version", RemoteState.RequiredTerraformVersion);
        _ = ProjectProvider.Create(this, settings.Region);

        // Every state version is kept (versioning): a bad apply is rolled back by restoring the previous object.
        // ...and old ones expire, but a state file can always be rolled back: the 10 newest old versions of each
        // state object are kept whatever their age, older ones for state_noncurrent_version_days.
        var keepDays = Inputs.Variables.Create(this, "state_noncurrent_version_days", VariableType.NUMBER,
            "Days an old version of a state file is kept (the 10 newest old versions are kept regardless). Default 90.",
            90,
            ("${var.state_noncurrent_version_days >= 30 && var.state_noncurrent_version_days <= 3650 && floor(var.state_noncurrent_version_days) == var.state_noncurrent_version_days}",
                "state_noncurrent_version_days must be a whole number from 30 to 3650."));
        var state = new PrivateBucket(this, "state", settings.Bucket,
            new VersionRetention(keepDays.NumberValue, NewerNoncurrentVersions: KeptStateVersions));
        state.AttachPolicy();
        Bucket = state.Bucket;

        _ = new TerraformOutput(this, "state_bucket", new TerraformOutputConfig
        {
            Value = Bucket.Bucket,
            Description = "The bucket the edge-router stack keeps its state in.",
        });
    }

    /// <summary>Old versions of each state object kept whatever their age.</summary>
    public const int KeptStateVersions = 10;

    /// <summary>The state bucket.</summary>
    public S3Bucket Bucket { get; }
}
