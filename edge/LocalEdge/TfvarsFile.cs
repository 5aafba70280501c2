using System.Text;

namespace EdgeRouter.LocalEdge;

/// <summary>
/// Reads a Terraform variables file (<c>terraform.tfvars</c>: <c>name = value</c> lines, <c>#</c>, <c>//</c> and
/// <c>/* */</c> comments, values that span lines) into the values <see cref="Hcl"/> works with, so that the local edge
/// runs with the variables the user plans with (<c>make serve</c> passes the project's <c>terraform.tfvars</c>).
/// Values must be literals, as Terraform requires in a variables file; heredocs are not read.
/// </summary>
public static class TfvarsFile
{
    /// <summary>Reads <paramref name="path"/>; a later assignment of the same name wins, as in Terraform.</summary>
    /// <exception cref="EdgeConfigurationException">The file is missing or holds something this reader cannot read.</exception>
    public static IReadOnlyDictionary<string, object?> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new EdgeConfigurationException($"--var-file {path}: no such file");
        }

        var text = WithoutComments(File.ReadAllText(path));
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var pos = 0;
        while (true)
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }

            if (pos >= text.Length)
            {
                return values;
            }

            var start = pos;
            while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] is '_' or '-'))
            {
                pos++;
            }

            var name = text[start..pos];
            while (pos < text.Length && text[pos] is ' ' or '\t')
            {
                pos++;
            }

            if (name.Length == 0 || pos >= text.Length || text[pos] != '=')
            {
                throw new EdgeConfigurationException($"{path}: expected NAME = VALUE at \"{Excerpt(text, start)}\"");
            }

            var end = EndOfValue(text, ++pos);
            var expression = text[pos..end].Trim();
            if (expression.StartsWith("<<", StringComparison.Ordinal))
            {
                throw new EdgeConfigurationException($"{path}: {name}: heredoc strings are not read by the local edge; use a quoted string");
            }

            var value = Hcl.EvaluateExpression(expression, reference => new TfUnknown(string.Join('.', reference)));
            values[name] = Literal(value) ? value
                : throw new EdgeConfigurationException($"{path}: {name}: the local edge cannot read {expression} (a variables file holds literal values)");
            pos = end;
        }
    }

    private static bool Literal(object? value) => value switch
    {
        TfUnknown or TfRef => false,
        List<object?> list => list.All(Literal),
        Dictionary<string, object?> map => map.Values.All(Literal),
        _ => true,
    };

    // The value ends at the first line break outside brackets and strings.
    private static int EndOfValue(string text, int pos)
    {
        var depth = 0;
        var inString = false;
        for (; pos < text.Length; pos++)
        {
            var c = text[pos];
            if (inString)
            {
                if (c == '\\')
                {
                    pos++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '[' or '{' or '(')
            {
                depth++;
            }
            else if (c is ']' or '}' or ')')
            {
                depth--;
            }
            else if (c == '\n' && depth <= 0)
            {
                return pos;
            }
        }

        return pos;
    }

    private static string WithoutComments(string text)
    {
        var result = new StringBuilder(text.Length);
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                result.Append(c);
                if (c == '\\' && i + 1 < text.Length)
                {
                    result.Append(text[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
                result.Append(c);
            }
            else if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                result.Append('\n');
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = close < 0 ? text.Length : close + 1;
                result.Append(' ');
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static string Excerpt(string text, int start) =>
        text[start..Math.Min(text.Length, start + 40)].Split('\n')[0];
}
