using Constructs;

namespace EdgeRouter;

/// <summary>The AWS provider every stack of the project uses: one region, and tags that say who manages what.</summary>
public static class ProjectProvider
{
    /// <summary>Tags on every resource, so a console user can tell what to leave to Terraform.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tags = new Dictionary<string, string>
    {
        ["Project"] = "edge-router",
        ["ManagedBy"] = "cdktf",
    };

    /// <summary>Adds the provider for <paramref name="region"/> (a literal or a Terraform reference).</summary>
    public static AwsProvider Create(Construct scope, string region) => new(scope, "aws", new AwsProviderConfig
    {
        Region = region,
        DefaultTags = new[] { new AwsProviderDefaultTags { Tags = Tags.ToDictionary() } },
    });

    /// <summary>The alias of <see cref="CreateUsEast1"/>'s provider.</summary>
    public const string UsEast1Alias = "us_east_1";

    /// <summary>
    /// A second provider, always in us-east-1, for what must live there whatever the stack's region: CloudFront's
    /// metrics are published only in us-east-1, so the distribution's alarm, its topic and the additional-metrics
    /// subscription are made there. Always declared (also when aws_region is us-east-1, where it is the same
    /// region): a provider cannot be made conditional, and one more configuration costs nothing.
    /// </summary>
    public static AwsProvider CreateUsEast1(Construct scope) => new(scope, "aws_us_east_1", new AwsProviderConfig
    {
        Alias = UsEast1Alias,
        Region = "us-east-1",
        DefaultTags = new[] { new AwsProviderDefaultTags { Tags = Tags.ToDictionary() } },
    });
}
