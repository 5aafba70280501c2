using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeRouter.LocalEdge;

/// <summary>Reads values out of synthesized Terraform JSON the way <c>terraform plan</c> would, with the variables'
/// defaults (or values given with <c>--var</c>): see <see cref="Hcl"/> for the expressions understood. Attributes
/// known only after apply stay references (<see cref="TfRef"/>) that the caller resolves to the resource's body.</summary>
public sealed class Terraform
{
    private readonly JsonObject _root;
    private readonly IReadOnlyDictionary<string, string> _overrides;
    private readonly IReadOnlyDictionary<string, object?> _fileValues;
    private readonly Dictionary<string, object?> _locals = new(StringComparer.Ordinal);
    private readonly HashSet<string> _evaluating = new(StringComparer.Ordinal);

    /// <summary>Wraps a parsed <c>cdk.tf.json</c>, with <c>--var</c> values and values from a variables file
    /// (<see cref="TfvarsFile"/>; <c>--var</c> wins). A file's value for a variable the stack does not declare is
    /// ignored, as Terraform ignores it (with a warning: see <see cref="UndeclaredIn"/>).</summary>
    public Terraform(JsonObject root, IReadOnlyDictionary<string, string> variableOverrides, IReadOnlyDictionary<string, object?>? fileValues = null)
    {
        _root = root;
        _overrides = variableOverrides;
        _fileValues = fileValues ?? new Dictionary<string, object?>();
        foreach (var name in variableOverrides.Keys)
        {
            if (_root["variable"]?[name] is null)
            {
                throw new EdgeConfigurationException($"--var {name}: the stack has no such variable");
            }
        }
    }

    /// <summary>The names in <paramref name="fileValues"/> that <paramref name="root"/> declares no variable for.</summary>
    public static IReadOnlyList<string> UndeclaredIn(JsonObject root, IReadOnlyDictionary<string, object?> fileValues) =>
        [.. fileValues.Keys.Where(name => root["variable"]?[name] is null).Order(StringComparer.Ordinal)];

    /// <summary>The resources of one type, by name (empty when there are none).</summary>
    public IEnumerable<KeyValuePair<string, JsonObject>> Resources(string type)
    {
        if (_root["resource"]?[type] is JsonObject byName)
        {
            foreach (var (name, node) in byName)
            {
                if (node is JsonObject o)
                {
                    yield return new(name, o);
                }
            }
        }
    }

    /// <summary>The resource (or data source) a reference points into, with its attribute.</summary>
    public (string Type, string Name, string Attribute, JsonObject Body) Resource(TfRef reference, string what)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var parts = reference.Address.Split('.');
        var isData = parts[0] == "data";
        var offset = isData ? 1 : 0;
        if (parts.Length < offset + 3)
        {
            throw new EdgeConfigurationException($"{what}: {reference.Address} is not a resource attribute");
        }

        var type = parts[offset];
        var name = parts[offset + 1];
        var body = _root[isData ? "data" : "resource"]?[type]?[name] as JsonObject
            ?? throw new EdgeConfigurationException($"{what}: {reference.Address} names a resource that is not in the stack");
        return (type, name, string.Join('.', parts[(offset + 2)..]), body);
    }

    /// <summary>Evaluates an attribute. <paramref name="each"/> is the <c>each</c> object inside a dynamic block.</summary>
    public object? Value(JsonNode? node, IReadOnlyDictionary<string, object?>? each = null) => node switch
    {
        null => null,
        JsonObject o => o.Where(p => p.Key != "//").ToDictionary(p => p.Key, p => Value(p.Value, each), StringComparer.Ordinal),
        JsonArray a => a.Select(x => Value(x, each)).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => Hcl.EvaluateString(v.GetValue<string>(), path => Resolve(path, each)),
            JsonValueKind.Number => v.GetValue<decimal>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        },
        _ => null,
    };

    /// <summary>Evaluates an attribute that must come out as a plain string (or be absent).</summary>
    public string? Evaluate(JsonNode? node, string what, IReadOnlyDictionary<string, object?>? each = null) => Value(node, each) switch
    {
        null => null,
        string s => s,
        decimal or bool => Hcl.Show(Value(node, each)),
        TfRef r => throw new EdgeConfigurationException($"{what}: {r.Address} is only known after apply"),
        TfUnknown u => throw new EdgeConfigurationException($"{what}: the local edge cannot evaluate {u.Text}"),
        var other => throw new EdgeConfigurationException($"{what}: expected a string, got {other}"),
    };

    /// <summary>The value of a variable: the <c>--var</c> override (read as the variable's type), else its default.</summary>
    public object? Variable(string name)
    {
        var declared = _root["variable"]?[name] as JsonObject
            ?? throw new EdgeConfigurationException($"var.{name}: the stack declares no such variable");
        if (_overrides.TryGetValue(name, out var text))
        {
            var type = declared["type"]?.GetValue<string>() ?? "string";
            return type switch
            {
                "number" => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
                    : throw new EdgeConfigurationException($"--var {name}: expected a number"),
                "bool" => text == "true" || (text == "false" ? false : throw new EdgeConfigurationException($"--var {name}: expected true or false")),
                "string" => text,
                _ => Value(ParseJson(text, name)),
            };
        }

        if (_fileValues.TryGetValue(name, out var fromFile))
        {
            return (declared["type"]?.GetValue<string>() ?? "string", fromFile) switch
            {
                ("string", decimal or bool) => Hcl.Show(fromFile),
                ("number", string number) when decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                _ => fromFile,
            };
        }

        if (!declared.ContainsKey("default"))
        {
            throw new EdgeConfigurationException($"var.{name} has no default: give it with --var {name}=VALUE or in --var-file");
        }

        return Value(declared["default"]);
    }

    private static JsonNode? ParseJson(string text, string name)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new EdgeConfigurationException($"--var {name}: expected JSON for a variable of that type");
        }
    }

    private object? Resolve(string[] path, IReadOnlyDictionary<string, object?>? each)
    {
        switch (path[0])
        {
            case "var" when path.Length >= 2:
                return Traverse(Variable(path[1]), path, 2);
            case "local" when path.Length >= 2:
                return Traverse(Local(path[1]), path, 2);
            case "each" when path.Length >= 2 && each is not null && each.TryGetValue(path[1], out var v):
                return Traverse(v, path, 2);
            case "each":
                return new TfUnknown(string.Join('.', path));
            default:
                return new TfRef(string.Join('.', path));
        }
    }

    private static object? Traverse(object? value, string[] path, int from)
    {
        for (var i = from; i < path.Length; i++)
        {
            value = value is Dictionary<string, object?> o && o.TryGetValue(path[i], out var v) ? v : new TfUnknown(string.Join('.', path));
        }

        return value;
    }

    private object? Local(string name)
    {
        if (_locals.TryGetValue(name, out var cached))
        {
            return cached;
        }

        if (!_evaluating.Add(name))
        {
            throw new EdgeConfigurationException($"local.{name} refers to itself");
        }

        var value = _root["locals"] is JsonObject locals && locals.ContainsKey(name)
            ? Value(locals[name])
            : throw new EdgeConfigurationException($"local.{name}: the stack has no such local value");
        _evaluating.Remove(name);
        _locals[name] = value;
        return value;
    }

    /// <summary>A nested block: Terraform JSON allows an object or a list holding one.</summary>
    public static JsonObject? Block(JsonNode? node) => node switch
    {
        JsonObject o => o,
        JsonArray { Count: > 0 } a => a[0] as JsonObject,
        _ => null,
    };

    /// <summary>The blocks of one kind: static ones plus those a <c>dynamic</c> block makes, each with its
    /// <c>each</c> object (null for static blocks).</summary>
    public IEnumerable<(JsonObject Block, IReadOnlyDictionary<string, object?>? Each)> Blocks(JsonObject parent, string kind)
    {
        ArgumentNullException.ThrowIfNull(parent);
        switch (parent[kind])
        {
            case JsonObject o:
                yield return (o, null);
                break;
            case JsonArray a:
                foreach (var b in a.OfType<JsonObject>())
                {
                    yield return (b, null);
                }

                break;
        }

        if (Block(parent["dynamic"])?[kind] is JsonObject dynamic)
        {
            var iterator = dynamic["iterator"]?.GetValue<string>() ?? kind;
            var content = dynamic["content"] as JsonObject ?? throw new EdgeConfigurationException($"dynamic {kind}: no content");
            var items = Value(dynamic["for_each"]) switch
            {
                null => [],
                List<object?> list => list.Select((v, i) => (Key: (object?)(decimal)i, Value: v)).ToList(),
                Dictionary<string, object?> map => map.Select(p => (Key: (object?)p.Key, Value: p.Value)).ToList(),
                var other => throw new EdgeConfigurationException($"dynamic {kind}: cannot iterate over {other}"),
            };
            if (iterator != "each")
            {
                throw new EdgeConfigurationException($"dynamic {kind}: iterator {iterator} is not supported (only each)");
            }

            foreach (var (key, value) in items)
            {
                // A set's key is its value, as Terraform gives it.
                yield return (content, new Dictionary<string, object?>(StringComparer.Ordinal) { ["key"] = value is string ? value : key, ["value"] = value });
            }
        }
    }

    /// <summary>The strings of a list attribute (empty when absent).</summary>
    public IReadOnlyList<string> Strings(JsonNode? node, string what) => Value(node) switch
    {
        null => [],
        List<object?> list => [.. list.Select(x => x is string or decimal or bool ? Hcl.Show(x) : throw new EdgeConfigurationException($"{what}: cannot evaluate {x}"))],
        var other => throw new EdgeConfigurationException($"{what}: expected a list, got {other}"),
    };
}

/// <summary>The stack cannot be emulated as written (the message says why).</summary>
public sealed class EdgeConfigurationException(string message) : Exception(message);
