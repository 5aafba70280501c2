using EdgeRouter.Configuration;

namespace EdgeRouter.State;

/// <summary>
/// Puts a stack's state in S3: encrypted, and locked with S3's native lock file, so no DynamoDB table is needed.
/// <c>use_lockfile</c> is generally available from Terraform 1.11 (experimental in 1.10), hence the required
/// version. CDKTF 0.21's <c>S3BackendConfig</c> has no <c>use_lockfile</c> field, hence the override.
/// </summary>
public static class RemoteState
{
    /// <summary>The first Terraform release in which <c>use_lockfile</c> is generally available (not experimental).</summary>
    public const string RequiredTerraformVersion = ">= 1.11.0";

    /// <summary>Configures <paramref name="stack"/>'s backend from <paramref name="settings"/>.</summary>
    public static void Configure(TerraformStack stack, RemoteStateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(settings);
        _ = new S3Backend(stack, new S3BackendConfig
        {
            Bucket = settings.Bucket,
            Key = settings.Key,
            Region = settings.Region,
            Encrypt = true,
        });
        stack.AddOverride("terraform.backend.s3.use_lockfile", true);
        stack.AddOverride("terraform.required_version", RequiredTerraformVersion);
    }
}
