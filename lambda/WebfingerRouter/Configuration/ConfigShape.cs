using System.Text.Json;

namespace EdgeRouter.Webfinger.Configuration;

/// <summary>Checks the shape of <c>WEBFINGER_CONFIG</c> (known fields, JSON types, no duplicate members) on a
/// <see cref="JsonDocument"/> before System.Text.Json's deserializer sees it, and words each problem itself.</summary>
/// <remarks>Why not read the deserializer's exceptions: the Native AOT bootstrap is built with
/// <c>UseSystemResourceKeys</c>, which strips the framework's message texts, so in the shipped binary an unknown field
/// or a wrong type would come out as a resource key or as "malformed JSON". Everything said here is our own text.
/// Document order is kept, so the first problem reported is the first one in the file.</remarks>
internal static class ConfigShape
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    /// <summary>Parses and checks <paramref name="json"/>; throws <see cref="ConfigException"/> naming the field.</summary>
    public static void Check(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            throw Malformed(e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                throw new ConfigException(ConfigParser.EnvironmentVariable, "must be a JSON object, got null");
            }

            Members(root, ConfigParser.EnvironmentVariable, "", "an object", (name, value, field) =>
            {
                switch (name)
                {
                    case "domain":
                        StringOrNull(value, field);
                        break;
                    case "mastodon":
                        Members(value, field, field + ".", "an object", (n, v, f) => Section(n, v, f, "host", "allowed: host, accounts"));
                        break;
                    case "oidc":
                        Members(value, field, field + ".", "an object", (n, v, f) => Section(n, v, f, "issuer", "allowed: issuer, accounts"));
                        break;
                    case "resources":
                        Members(value, field, field, "an object", (key, jrd, f) => Jrd(jrd, f), quoteNames: true);
                        break;
                    case "atproto" or "matrix" or "nostr":
                        // The documents' sections: each is read by its own settings record, in the same words.
                        break;
                    default:
                        throw new ConfigException(field, "unknown field (allowed: domain, mastodon, oidc, resources, atproto, matrix, nostr)");
                }
            });
        }
    }

    /// <summary>"WEBFINGER_CONFIG: malformed JSON at line L, byte B" from the reader's position (numbers, not
    /// message text, so the AOT build says the same).</summary>
    public static ConfigException Malformed(JsonException e) =>
        new(ConfigParser.EnvironmentVariable, "malformed JSON at line " + ((e.LineNumber ?? 0) + 1) + ", byte " + ((e.BytePositionInLine ?? 0) + 1));

    private static void Section(string name, JsonElement value, string field, string stringField, string allowed)
    {
        if (name == stringField)
        {
            StringOrNull(value, field);
        }
        else if (name == "accounts")
        {
            ArrayOf(value, field, "an array of user names", (item, f) => StringOrNull(item, f));
        }
        else
        {
            throw new ConfigException(field, "unknown field (" + allowed + ")");
        }
    }

    private static void Jrd(JsonElement jrd, string field)
    {
        if (jrd.ValueKind == JsonValueKind.Null)
        {
            return; // ConfigParser: "must be a JRD object, got null"
        }

        Members(jrd, field, field + ".", "a JRD object", (name, value, f) =>
        {
            switch (name)
            {
                case "subject":
                    StringOrNull(value, f);
                    break;
                case "aliases":
                    ArrayOf(value, f, "an array of strings", (item, itemField) => StringOrNull(item, itemField));
                    break;
                case "properties":
                    StringMap(value, f);
                    break;
                case "links":
                    ArrayOf(value, f, "an array of link objects", Link);
                    break;
                default:
                    NoDuplicates(value, f); // other members are kept verbatim
                    break;
            }
        });
    }

    private static void Link(JsonElement link, string field)
    {
        if (link.ValueKind == JsonValueKind.Null)
        {
            return; // ConfigParser: "must be a link object, got null"
        }

        Members(link, field, field + ".", "a link object", (name, value, f) =>
        {
            switch (name)
            {
                case "rel" or "type" or "href":
                    StringOrNull(value, f);
                    break;
                case "titles" or "properties":
                    StringMap(value, f);
                    break;
                default:
                    NoDuplicates(value, f);
                    break;
            }
        });
    }

    private static void StringMap(JsonElement map, string field) =>
        Members(map, field, field, "an object", (_, value, f) => StringOrNull(value, f), quoteNames: true);

    private static void StringOrNull(JsonElement value, string field)
    {
        if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw WrongType(field, "a string");
        }
    }

    private static void ArrayOf(JsonElement value, string field, string expected, Action<JsonElement, string> item)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(field, expected);
        }

        var i = 0;
        foreach (var element in value.EnumerateArray())
        {
            item(element, field + "[" + i++ + "]");
        }
    }

    /// <summary>Walks an object's members in order: a member given twice is an error at its second appearance.
    /// <paramref name="quoteNames"/>: members are keys (<c>resources["acct:x"]</c>), not fields (<c>mastodon.host</c>).</summary>
    private static void Members(JsonElement value, string field, string prefix, string expected, Action<string, JsonElement, string> member,
        bool quoteNames = false)
    {
        if (value.ValueKind == JsonValueKind.Null && field != ConfigParser.EnvironmentVariable)
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw WrongType(field, expected);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in value.EnumerateObject())
        {
            var name = p.Name;
            var f = quoteNames ? prefix + "[" + ConfigParser.Quote(name) + "]" : prefix + name;
            if (!seen.Add(name))
            {
                throw new ConfigException(f, "is given more than once");
            }

            member(name, p.Value, f);
        }
    }

    private static void NoDuplicates(JsonElement value, string field)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            Members(value, field, field + ".", "an object", (_, v, f) => NoDuplicates(v, f));
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var element in value.EnumerateArray())
            {
                NoDuplicates(element, field + "[" + i++ + "]");
            }
        }
    }

    private static ConfigException WrongType(string field, string expected) => new(field, "has the wrong JSON type (expected " + expected + ")");
}
