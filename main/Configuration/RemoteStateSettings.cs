using System.Text.RegularExpressions;

namespace EdgeRouter.Configuration;

/// <summary>
/// Where Terraform keeps this stack's state: an S3 bucket with native S3 locking (<c>use_lockfile</c>, Terraform
/// 1.11 or newer). State is never local by accident: the backend is always written, and the defaults name a
/// bucket that the bootstrap stack creates.
/// </summary>
public sealed partial record RemoteStateSettings
{
    /// <summary>Default state bucket, created by the <c>edge-router-state</c> bootstrap stack.</summary>
    public const string DefaultBucket = "edge-router-terraform-state";

    /// <summary>Default object key of the edge stack's state.</summary>
    public const string DefaultKey = "edge-router/edge.tfstate";

    /// <summary>Default region of the state bucket.</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary>
    /// The state bucket. Default <see cref="DefaultBucket"/>. Valid: an S3 bucket name (3-63 characters of
    /// lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit).
    /// </summary>
    public string Bucket { get; init; } = DefaultBucket;

    /// <summary>
    /// The state object's key. Default <see cref="DefaultKey"/>. Valid: 1-1024 characters, not starting with
    /// <c>/</c> and with no <c>//</c> (Terraform's S3 backend rejects both).
    /// </summary>
    public string Key { get; init; } = DefaultKey;

    /// <summary>The state bucket's region. Default <see cref="DefaultRegion"/>. Valid: an AWS region name.</summary>
    public string Region { get; init; } = DefaultRegion;

    /// <summary>Throws a <see cref="SettingsException"/> naming the first setting that is not valid.</summary>
    public RemoteStateSettings Validate()
    {
        if (!BucketName().IsMatch(Bucket) || Bucket.Contains("..", StringComparison.Ordinal))
        {
            throw new SettingsException(SettingNames.StateBucket,
                $"\"{Bucket}\" is not a valid S3 bucket name (3-63 lower-case letters, digits, '.' and '-', " +
                "starting and ending with a letter or digit)");
        }

        if (Key.Length is 0 or > 1024 || Key.StartsWith('/') || Key.EndsWith('/') || Key.Contains("//", StringComparison.Ordinal))
        {
            throw new SettingsException(SettingNames.StateKey,
                $"\"{Key}\" is not a valid state key (1-1024 characters, no leading or trailing '/', no '//')");
        }

        if (!RegionName().IsMatch(Region))
        {
            throw new SettingsException(SettingNames.StateRegion,
                $"\"{Region}\" is not an AWS region name such as us-east-1 or eu-central-1");
        }

        return this;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();

    [GeneratedRegex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$")]
    internal static partial Regex RegionName();
}
