using System.Text.Json;

namespace EdgeRouter.Tests;

internal static class JsonAssert
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Asserts that <paramref name="actual"/> is exactly the JSON <paramref name="expectedJson"/>.</summary>
    public static void Equal(string expectedJson, JsonNode? actual)
    {
        var expected = JsonNode.Parse(expectedJson);
        if (!JsonNode.DeepEquals(expected, actual))
        {
            Assert.Fail($"JSON differs.\nExpected:\n{expected?.ToJsonString(Indented)}\nActual:\n{actual?.ToJsonString(Indented) ?? "(missing)"}");
        }
    }

    /// <summary>The node without CDKTF's "//" metadata, for whole-block comparisons.</summary>
    public static JsonNode? WithoutMetadata(JsonNode? node)
    {
        var copy = node?.DeepClone();
        (copy as JsonObject)?.Remove("//");
        return copy;
    }
}
