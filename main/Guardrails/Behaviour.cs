using System.Text.Json.Nodes;

namespace EdgeRouter.Guardrails;

/// <summary>A cache behaviour of a synthesized distribution, with the origin it targets.</summary>
/// <param name="Where">Address of the behaviour, e.g. <c>aws_cloudfront_distribution.distribution.ordered_cache_behavior[0]</c>.</param>
/// <param name="Block">The behaviour block.</param>
/// <param name="Origin">The origin block it targets, or null when none matches.</param>
public sealed record Behaviour(string Where, JsonObject Block, JsonObject? Origin)
{
    /// <summary>Whether the behaviour targets a custom (HTTP) origin, such as API Gateway.</summary>
    public bool TargetsCustomOrigin => Origin?["custom_origin_config"] is not null;

    /// <summary>Every behaviour of every distribution in <paramref name="stack"/>.</summary>
    public static IEnumerable<Behaviour> All(SynthesizedStack stack)
    {
        foreach (var (name, distribution) in stack.Resources("aws_cloudfront_distribution"))
        {
            var origins = SynthesizedStack.Blocks(distribution["origin"]);
            var address = $"aws_cloudfront_distribution.{name}";
            foreach (var block in SynthesizedStack.Blocks(distribution["default_cache_behavior"]))
            {
                yield return new Behaviour($"{address}.default_cache_behavior", block, OriginOf(block, origins));
            }

            var ordered = SynthesizedStack.Blocks(distribution["ordered_cache_behavior"]);
            for (var i = 0; i < ordered.Count; i++)
            {
                yield return new Behaviour($"{address}.ordered_cache_behavior[{i}]", ordered[i], OriginOf(ordered[i], origins));
            }
        }
    }

    private static JsonObject? OriginOf(JsonObject behaviour, IReadOnlyList<JsonObject> origins)
    {
        var target = behaviour["target_origin_id"]?.ToString();
        return origins.FirstOrDefault(o => o["origin_id"]?.ToString() == target);
    }
}
