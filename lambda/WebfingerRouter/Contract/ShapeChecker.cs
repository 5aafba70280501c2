using System.Text;
using System.Text.Json;

namespace EdgeRouter.Webfinger.Contract;

/// <summary>Checks a JSON value against a <see cref="Shape"/>: every problem, in document order, each as
/// "path: message" in the same words the generated Terraform validation uses for the same value.</summary>
public static class ShapeChecker
{
    /// <summary>The problems of <paramref name="value"/> (null: absent) at <paramref name="path"/>.</summary>
    public static List<string> Check(JsonElement? value, Shape shape, string path, bool required = false)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var problems = new List<string>();
        Walk(value, shape, path, required, problems);
        return problems;
    }

    private static void Walk(JsonElement? element, Shape shape, string path, bool required, List<string> problems)
    {
        var isNull = element is not { } e || e.ValueKind == JsonValueKind.Null;
        switch (shape)
        {
            case TextShape text:
                // Absent or null: fine unless required (a list item and a map value are required, so null there is a
                // problem unless the text itself may be null, as a property value may).
                var isString = !isNull && element!.Value.ValueKind == JsonValueKind.String;
                var ok = isNull ? !required || text.Nullable : isString && text.Rule.Allows(element!.Value.GetString()!);
                if (!ok)
                {
                    problems.Add(path + ": must be " + text.Expected + (isString ? ", got " + Quote(element!.Value.GetString()!) : ""));
                }

                return;
            case ListShape list:
                if (isNull)
                {
                    if (required)
                    {
                        problems.Add(path + ": must be " + list.Expected);
                    }
                }
                else if (element!.Value.ValueKind != JsonValueKind.Array)
                {
                    problems.Add(path + ": must be " + list.Expected);
                }
                else
                {
                    var i = 0;
                    foreach (var item in element.Value.EnumerateArray())
                    {
                        Walk(item, list.Item, path + "[" + i++ + "]", required: true, problems);
                    }
                }

                return;
            case MapShape map:
                if (isNull)
                {
                    if (required)
                    {
                        problems.Add(path + ": must be " + map.Expected);
                    }
                }
                else if (element!.Value.ValueKind != JsonValueKind.Object)
                {
                    problems.Add(path + ": must be " + map.Expected);
                }
                else
                {
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var member in element.Value.EnumerateObject())
                    {
                        var memberPath = path + "[" + Quote(member.Name) + "]";
                        if (!seen.Add(member.Name))
                        {
                            problems.Add(memberPath + ": is given more than once");
                            continue;
                        }

                        if (map.Key is { } key && !key.Allows(member.Name))
                        {
                            problems.Add(memberPath + ": the key must be " + key.Expected);
                        }

                        Walk(member.Value, map.Value, memberPath, required: true, problems);
                    }
                }

                return;
            case ObjectShape obj:
                if (isNull || element!.Value.ValueKind != JsonValueKind.Object)
                {
                    if (!isNull || required)
                    {
                        problems.Add(path + ": must be " + obj.Expected);
                    }

                    return;
                }

                var given = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var member in element.Value.EnumerateObject())
                {
                    if (!obj.Members.Any(m => m.Name == member.Name))
                    {
                        problems.Add(path + ": " + obj.UnknownKey(Quote(member.Name)));
                    }
                    else if (!given.TryAdd(member.Name, member.Value))
                    {
                        problems.Add(path + "." + member.Name + ": is given more than once");
                    }
                }

                foreach (var member in obj.Members)
                {
                    Walk(given.TryGetValue(member.Name, out var v) ? v : null, member.Shape, path + "." + member.Name, member.Required, problems);
                }

                return;
            default:
                throw new ArgumentException("unknown shape " + shape.GetType().Name, nameof(shape));
        }
    }

    /// <summary>JSON-quotes <paramref name="value"/> exactly as Terraform's <c>jsonencode</c> does (Go's
    /// encoding/json: <c>\"</c> <c>\\</c> <c>\b</c> <c>\f</c> <c>\n</c> <c>\r</c> <c>\t</c>, other controls as
    /// <c>\u00xx</c>, <c>&lt;</c> <c>&gt;</c> <c>&amp;</c> U+2028 U+2029 as <c>\u</c> escapes, a lone surrogate as
    /// <c>\ufffd</c>), so a message names an entry in the same characters on both sides, and no key can forge another
    /// line of a message or a log.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        sb.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        sb.Append("\\ufffd");
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
