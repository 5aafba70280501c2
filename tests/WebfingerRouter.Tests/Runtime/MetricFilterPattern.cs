using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EdgeRouter.Webfinger.Tests.Runtime;

/// <summary>
/// A small evaluator of CloudWatch Logs JSON filter patterns, to prove the stack's metric filters against the
/// router's real log lines. Its scope is the subset the stack uses, and it refuses anything else rather than guess:
/// <list type="bullet">
/// <item><c>{ $.a.b = "text" }</c> and <c>!=</c>: string equality (a trailing or leading <c>*</c> is a wildcard, as in
/// CloudWatch); a field that is absent, or not a string, matches neither operator;</item>
/// <item><c>{ $.a = 5 }</c>, <c>!=</c>, <c>&lt;</c>, <c>&gt;</c>, <c>&lt;=</c>, <c>&gt;=</c>: numeric comparisons;</item>
/// <item>terms joined by <c>&amp;&amp;</c> (no <c>||</c>, no parentheses, no arrays, no IS NULL / EXISTS).</item>
/// </list>
/// A log event that is not a JSON object never matches a JSON pattern (CloudWatch: "JSON filter patterns match only
/// JSON log events"), so Lambda's own START/END/REPORT lines count for nothing.
/// </summary>
public sealed partial class MetricFilterPattern
{
    private readonly List<Term> _terms;

    private MetricFilterPattern(List<Term> terms) => _terms = terms;

    /// <summary>Parses <paramref name="pattern"/>; throws <see cref="FormatException"/> outside the subset.</summary>
    public static MetricFilterPattern Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var body = pattern.Trim();
        if (!body.StartsWith('{') || !body.EndsWith('}'))
        {
            throw new FormatException($"not a JSON filter pattern (no {{ }}): {pattern}");
        }

        var terms = new List<Term>();
        foreach (var part in body[1..^1].Split("&&"))
        {
            var match = TermSyntax().Match(part);
            if (!match.Success)
            {
                throw new FormatException($"outside the evaluator's subset: \"{part.Trim()}\" in {pattern}");
            }

            var value = match.Groups["string"].Success
                ? (object)match.Groups["string"].Value
                : double.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture);
            if (value is string && match.Groups["op"].Value is not ("=" or "!="))
            {
                throw new FormatException($"a string compares only with = or !=: \"{part.Trim()}\"");
            }

            terms.Add(new Term(match.Groups["path"].Value.Split('.'), match.Groups["op"].Value, value));
        }

        return new MetricFilterPattern(terms);
    }

    /// <summary>Whether the log event <paramref name="line"/> matches.</summary>
    public bool Matches(string line) => Event(line) is { } root && _terms.All(t => t.Holds(root));

    /// <summary>The value a metric dimension <c>$.a.b</c> takes from <paramref name="line"/> (null: absent).</summary>
    public static string? Dimension(string line, string selector)
    {
        if (Event(line) is not { } root || !selector.StartsWith("$.", StringComparison.Ordinal))
        {
            return null;
        }

        var node = Select(root, selector[2..].Split('.'));
        return node?.ValueKind switch
        {
            JsonValueKind.String => node.Value.GetString(),
            JsonValueKind.Number => node.Value.GetRawText(),
            _ => null,
        };
    }

    private static JsonElement? Event(string line)
    {
        try
        {
            var root = JsonDocument.Parse(line).RootElement;
            return root.ValueKind == JsonValueKind.Object ? root : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Select(JsonElement root, string[] path)
    {
        var node = root;
        foreach (var key in path)
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    [GeneratedRegex("""^\s*\$\.(?<path>[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)\s*(?<op>=|!=|<=|>=|<|>)\s*("(?<string>[^"\\]*)"|(?<number>-?[0-9]+(\.[0-9]+)?))\s*$""")]
    private static partial Regex TermSyntax();

    private sealed record Term(string[] Path, string Op, object Value)
    {
        public bool Holds(JsonElement root)
        {
            if (Select(root, Path) is not { } node)
            {
                return false;
            }

            if (Value is string text)
            {
                if (node.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                var equal = Wildcard(text).IsMatch(node.GetString()!);
                return Op == "=" ? equal : !equal;
            }

            if (node.ValueKind != JsonValueKind.Number)
            {
                return false;
            }

            var actual = node.GetDouble();
            var expected = (double)Value;
            return Op switch
            {
                "=" => actual == expected,
                "!=" => actual != expected,
                "<" => actual < expected,
                ">" => actual > expected,
                "<=" => actual <= expected,
                _ => actual >= expected,
            };
        }

        private static Regex Wildcard(string text) =>
            new("^" + string.Join(".*", text.Split('*').Select(Regex.Escape)) + "$", RegexOptions.CultureInvariant);
    }
}
