using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EdgeRouter.LocalEdge;

/// <summary>Reads values out of synthesized Terraform JSON the way <c>terraform plan</c> would for the few forms
/// the stack writes: literals, <c>${var.NAME}</c> (the variable's default, or a value given with
/// <c>--var</c>), and <c>${TYPE.NAME.id}</c> references to resources of the same file. Anything else (functions,
/// conditionals, attributes known only after apply) is reported as not known locally.</summary>
public sealed partial class Terraform
{
    private readonly JsonObject _root;
    private readonly IReadOnlyDictionary<string, string> _overrides;

    /// <summary>Wraps a parsed <c>cdk.tf.json</c>.</summary>
    public Terraform(JsonObject root, IReadOnlyDictionary<string, string> variableOverrides)
    {
        _root = root;
        _overrides = variableOverrides;
    }

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

    /// <summary>The resource a <c>${TYPE.NAME.id}</c> expression names, or null when it is not such a reference.</summary>
    public (string Type, string Name, JsonObject Body)? Reference(string? expression)
    {
        if (expression is null)
        {
            return null;
        }

        var m = ReferenceRegex().Match(expression);
        if (!m.Success)
        {
            return null;
        }

        var type = m.Groups[1].Value;
        var name = m.Groups[2].Value;
        return _root["resource"]?[type]?[name] is JsonObject body
            ? (type, name, body)
            : throw new EdgeConfigurationException($"{expression} names a resource that is not in the stack");
    }

    /// <summary>The value of a variable: the <c>--var</c> override, else its default, else null.</summary>
    public string? Variable(string name)
    {
        if (_overrides.TryGetValue(name, out var v))
        {
            return v;
        }

        return _root["variable"]?[name]?["default"] is JsonValue d ? Scalar(d) : null;
    }

    /// <summary>Evaluates <paramref name="node"/> to a string when it is a literal or a plain variable reference;
    /// null when it is absent; throws when it is an expression only Terraform (or AWS) can evaluate.</summary>
    public string? Evaluate(JsonNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonValue value)
        {
            throw new EdgeConfigurationException($"{what}: expected a scalar, got {node.ToJsonString()}");
        }

        var text = Scalar(value);
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }

        var m = VariableRegex().Match(text);
        if (m.Success)
        {
            return Variable(m.Groups[1].Value)
                ?? throw new EdgeConfigurationException($"{what}: variable {m.Groups[1].Value} has no default; give it with --var {m.Groups[1].Value}=VALUE");
        }

        throw new EdgeConfigurationException($"{what}: {text} is only known to Terraform");
    }

    /// <summary>A string, number or boolean as Terraform would print it.</summary>
    public static string Scalar(JsonValue value) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
        System.Text.Json.JsonValueKind.True => "true",
        System.Text.Json.JsonValueKind.False => "false",
        System.Text.Json.JsonValueKind.Number => value.GetValue<decimal>().ToString(CultureInfo.InvariantCulture),
        _ => value.ToJsonString(),
    };

    /// <summary>A nested block: Terraform JSON allows an object or a list holding one.</summary>
    public static JsonObject? Block(JsonNode? node) => node switch
    {
        JsonObject o => o,
        JsonArray { Count: > 0 } a => a[0] as JsonObject,
        _ => null,
    };

    /// <summary>The strings of a list attribute (empty when absent).</summary>
    public static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray a ? [.. a.OfType<JsonValue>().Select(Scalar)] : [];

    [GeneratedRegex(@"^\$\{var\.([A-Za-z0-9_-]+)\}$")]
    private static partial Regex VariableRegex();

    [GeneratedRegex(@"^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.id\}$")]
    private static partial Regex ReferenceRegex();
}

/// <summary>The stack cannot be emulated as written (the message says why).</summary>
public sealed class EdgeConfigurationException(string message) : Exception(message);
