using System.Text;
using EdgeRouter.Webfinger.Contract;

namespace EdgeRouter.Inputs;

/// <summary>
/// Writes a router variable's Terraform validation from the router's own rules (<see cref="ConfigRules"/>, in the
/// router's assembly): the condition holds exactly when the router's check (<see cref="ShapeChecker"/>) finds nothing
/// wrong with the JSON Terraform makes of the value, and the message lists every problem in the router's words, named
/// by the variable and entry: <c>webfinger_resources["acct:x@example.com"].links[0]: unknown key "ref" (a link has rel,
/// type, href, titles, properties, template)</c>.
/// </summary>
/// <remarks>
/// How the expression reads a value of type <c>any</c>: the first character of <c>jsonencode(v)</c> is its JSON type
/// (<c>"</c> string, <c>{</c> object, <c>[</c> array, <c>n</c> null, anything else a number or boolean), which is what
/// the router sees, since Terraform hands it <c>jsonencode</c> of the variables. Terraform 1.11 does not short-circuit
/// <c>&amp;&amp;</c>, so every test that could fail on a value of another type is inside <c>try(…, false)</c>; a
/// conditional's unused branch is not evaluated for errors. A string's length is counted in UTF-16 code units, as the
/// router counts it: its code points, plus one for each above U+FFFF.
/// </remarks>
public static class ContractTerraform
{
    /// <summary>The validation (condition and message, both <c>${…}</c> templates) of <paramref name="variable"/>.</summary>
    public static (string Condition, string Message) Validation(string variable)
    {
        var v = ConfigRules.Variables.Single(x => x.Variable == variable);
        var value = "var." + v.Variable;
        var problems = Problems(v.Shape, value, Escape(v.Variable), required: true, depth: 0);
        if (v.EmptyMeansNone)
        {
            problems = $"({value} == \"\" ? [] : {problems})";
        }

        return ($"${{length({problems}) == 0}}", $"${{join(\"\\n\", {problems})}}");
    }

    /// <summary>An expression for the list of problems (strings) of <paramref name="value"/>, whose path is the template
    /// text <paramref name="path"/>.</summary>
    internal static string Problems(Shape shape, string value, string path, bool required, int depth)
    {
        var kind = $"substr(jsonencode({value}), 0, 1)";
        var wrong = $"[\"{path}: must be {Escape(shape.Expected)}\"]";
        var absent = required && shape is not TextShape { Nullable: true } ? wrong : "[]";
        switch (shape)
        {
            case TextShape text:
            {
                var message = $"[\"{path}: must be {Escape(text.Expected)}${{{kind} == \"\\\"\" ? \", got ${{jsonencode({value})}}\" : \"\"}}\"]";
                return $"({kind} == \"n\" ? {absent} : try({Allows(text.Rule, value)}, false) ? [] : {message})";
            }

            case ListShape list:
            {
                var i = $"i{depth}";
                var x = $"x{depth}";
                var items = Problems(list.Item, x, $"{path}[${{{i}}}]", required: true, depth + 1);
                return $"({kind} == \"n\" ? {absent} : {kind} == \"[\" ? flatten([for {i}, {x} in {value} : {items}]) : {wrong})";
            }

            case MapShape map:
            {
                var k = $"k{depth}";
                var x = $"x{depth}";
                var entryPath = $"{path}[${{jsonencode({k})}}]";
                var values = Problems(map.Value, x, entryPath, required: true, depth + 1);
                var keys = map.Key is { } rule
                    ? $"try({Allows(rule, k)}, false) ? [] : [\"{entryPath}: the key must be {Escape(rule.Expected)}\"]"
                    : "[]";
                return $"({kind} == \"n\" ? {absent} : {kind} == \"{{\" ? flatten([for {k}, {x} in {value} : concat({keys}, {values})]) : {wrong})";
            }

            case ObjectShape obj:
            {
                var k = $"k{depth}";
                var names = string.Join(", ", obj.Members.Select(m => $"\"{m.Name}\""));
                var unknown = $"[for {k} in keys({value}) : \"{path}: {Escape(obj.UnknownKey("\u0001"))}\" if !contains([{names}], {k})]"
                    .Replace("\u0001", $"${{jsonencode({k})}}", StringComparison.Ordinal);
                var members = obj.Members.Select(m => Problems(m.Shape, $"try({value}[\"{m.Name}\"], null)", $"{path}.{m.Name}", m.Required, depth + 1));
                return $"({kind} == \"n\" ? {absent} : {kind} == \"{{\" ? concat({unknown}, {string.Join(", ", members)}) : {wrong})";
            }

            default:
                throw new ArgumentException("unknown shape " + shape.GetType().Name, nameof(shape));
        }
    }

    /// <summary>A boolean expression: <paramref name="value"/> is a string that <paramref name="rule"/> allows.</summary>
    private static string Allows(TextRule rule, string value)
    {
        var tests = new List<string> { $"substr(jsonencode({value}), 0, 1) == \"\\\"\"" };
        if (rule.NonEmpty)
        {
            tests.Add($"{value} != \"\"");
        }

        if (rule.MaxLength > 0)
        {
            tests.Add($"length(regexall(\"(?s).\", {value})) + length(regexall(\"[\\\\x{{10000}}-\\\\x{{10FFFF}}]\", {value})) <= {rule.MaxLength}");
        }

        if (rule.Pattern is { } pattern)
        {
            tests.Add($"can(regex(\"{Escape(pattern)}\", {value}))");
        }

        return string.Join(" && ", tests);
    }

    /// <summary>Text for inside a Terraform quoted string: <c>\</c> and <c>"</c> escaped, and <c>${</c>/<c>%{</c>
    /// doubled so they are not read as interpolations or directives.</summary>
    internal static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '$' or '%' when i + 1 < text.Length && text[i + 1] == '{': sb.Append(c).Append(c); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }
}
