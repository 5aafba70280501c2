using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeRouter.Review;

/// <summary>
/// What the review needs from the synthesized stack (<c>cdk.tf.json</c>): its name and, for every resource and data
/// source, the C# construct path CDKTF wrote into <c>//.metadata.path</c>. Terraform drops <c>//</c> keys from the
/// configuration it puts in a plan, so the plan alone cannot say which construct made a resource.
/// </summary>
/// <param name="File">The cdk.tf.json read.</param>
/// <param name="StackName">From <c>//.metadata.stackName</c>, e.g. <c>edge-router</c>.</param>
/// <param name="ConstructPaths">Resource address (<c>aws_s3_bucket.site_bucket_7B14A155</c>, <c>data.…</c>) to construct path.</param>
public sealed record StackMetadata(string File, string StackName, IReadOnlyDictionary<string, string?> ConstructPaths)
{
    /// <summary>Reads <paramref name="file"/>; a <see cref="ReviewInputException"/> says what is wrong with it.</summary>
    public static StackMetadata Read(string file)
    {
        if (!System.IO.File.Exists(file))
        {
            throw new ReviewInputException($"no synthesized stack at {file}: run make synth, or name the stack with REVIEW_STACK=…/cdk.tf.json");
        }

        JsonObject stack;
        try
        {
            stack = JsonNode.Parse(System.IO.File.ReadAllBytes(file)) as JsonObject
                ?? throw new ReviewInputException($"{file} is not a synthesized stack (not a JSON object)");
        }
        catch (JsonException error)
        {
            throw new ReviewInputException($"{file} is not a synthesized stack: invalid JSON ({error.Message})");
        }

        var name = (string?)(stack["//"]?["metadata"]?["stackName"] as JsonValue)
            ?? throw new ReviewInputException($"{file} is not a stack this app synthesized (no //.metadata.stackName)");
        var paths = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (section, prefix) in new[] { ("resource", ""), ("data", "data.") })
        {
            if (stack[section] is not JsonObject types)
            {
                continue;
            }

            foreach (var (type, resources) in types)
            {
                foreach (var (resourceName, resource) in resources as JsonObject ?? [])
                {
                    paths[$"{prefix}{type}.{resourceName}"] = (resource?["//"]?["metadata"]?["path"] as JsonValue)?.GetValue<string>();
                }
            }
        }

        return new StackMetadata(file, name, paths);
    }
}
