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
}
