using System.Text.Json;

namespace EdgeRouter.Webfinger.Configuration;

/// <summary>Strict reading of the <c>atproto</c>, <c>matrix</c> and <c>nostr</c> sections, which arrive as raw JSON
/// (<see cref="JsonElement"/>) so that every message is written here, names the field and does not depend on
/// System.Text.Json's exception texts. Unknown members, duplicates and wrong JSON types are errors.</summary>
internal static class SectionReader
{
    /// <summary>The object's members, checked against <paramref name="allowed"/>; null members count as absent.</summary>
    public static Dictionary<string, JsonElement> Members(JsonElement section, string field, params string[] allowed)
    {
        if (section.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigException(field, "has the wrong JSON type (expected an object)");
        }

        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in section.EnumerateObject())
        {
            var f = field + "." + member.Name;
            if (Array.IndexOf(allowed, member.Name) < 0)
            {
                throw new ConfigException(Member(field, member.Name), "unknown field (allowed: " + string.Join(", ", allowed) + ")");
            }

            if (!members.TryAdd(member.Name, member.Value))
            {
                throw new ConfigException(f, "is given more than once");
            }
        }

        foreach (var name in allowed)
        {
            if (members.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Null)
            {
                members.Remove(name);
            }
        }

        return members;
    }

    /// <summary>A map's entries in order; a repeated key is an error.</summary>
    public static List<KeyValuePair<string, JsonElement>> Map(JsonElement map, string field, string expected)
    {
        if (map.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigException(field, "has the wrong JSON type (expected " + expected + ")");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<KeyValuePair<string, JsonElement>>();
        foreach (var member in map.EnumerateObject())
        {
            if (!seen.Add(member.Name))
            {
                throw new ConfigException(Key(field, member.Name), "is given more than once");
            }

            entries.Add(new(member.Name, member.Value));
        }

        return entries;
    }

    /// <summary>A JSON string.</summary>
    public static string String(JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new ConfigException(field, "has the wrong JSON type (expected a string)");

    /// <summary><c>section.name</c>.</summary>
    public static string Member(string field, string name) => field + "." + name;

    /// <summary><c>map["key"]</c>, the key quoted so that a hostile key cannot forge the message.</summary>
    public static string Key(string field, string key) => field + "[" + ConfigParser.Quote(key) + "]";
}
