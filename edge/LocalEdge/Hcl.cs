using System.Globalization;
using System.Text;

namespace EdgeRouter.LocalEdge;

/// <summary>A reference to an attribute Terraform knows only after apply (<c>aws_x.name.id</c>,
/// <c>data.aws_iam_policy_document.name.json</c>): kept as its address so that the caller can look the resource up.</summary>
/// <param name="Address">The traversal, e.g. <c>aws_cloudfront_cache_policy.webfinger.id</c>.</param>
public sealed record TfRef(string Address)
{
    /// <summary>The resource part (<c>type.name</c>, or <c>data.type.name</c>) and the attribute.</summary>
    public (string Resource, string Attribute) Split()
    {
        var dot = Address.LastIndexOf('.');
        return (Address[..dot], Address[(dot + 1)..]);
    }
}

/// <summary>A value the local edge cannot work out (an unsupported function or operator); its text says what.</summary>
/// <param name="Text">The expression.</param>
public sealed record TfUnknown(string Text);

/// <summary>A small evaluator for the Terraform expressions a synthesized stack carries: literals, tuples, objects,
/// <c>var.*</c>, <c>local.*</c>, <c>each.*</c>, resource and data references (as <see cref="TfRef"/>),
/// <c>==</c> <c>!=</c> <c>&lt;</c> <c>&gt;</c> <c>&lt;=</c> <c>&gt;=</c> <c>&amp;&amp;</c> <c>||</c> <c>!</c>,
/// <c>c ? a : b</c>, templates, and the functions <c>toset</c>, <c>tolist</c>, <c>contains</c>, <c>length</c>,
/// <c>max</c>, <c>min</c>, <c>concat</c>, <c>trimprefix</c>, <c>jsonencode</c>. Values: string, decimal, bool, null,
/// <c>List&lt;object?&gt;</c>, <c>Dictionary&lt;string, object?&gt;</c>, <see cref="TfRef"/>, <see cref="TfUnknown"/>.</summary>
public sealed class Hcl
{
    private readonly string _text;
    private readonly Func<string[], object?> _resolve;
    private int _pos;

    private Hcl(string text, Func<string[], object?> resolve)
    {
        _text = text;
        _resolve = resolve;
    }

    /// <summary>Evaluates a JSON string attribute: plain text, a template with <c>${…}</c> parts, or one whole
    /// interpolation (which keeps its type).</summary>
    public static object? EvaluateString(string value, Func<string[], object?> resolve)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }

        var parts = new List<object?>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < value.Length)
        {
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '{')
            {
                var end = MatchingBrace(value, i + 1);
                if (literal.Length > 0)
                {
                    parts.Add(literal.ToString());
                    literal.Clear();
                }

                var parser = new Hcl(value[(i + 2)..end], resolve);
                parts.Add(parser.ParseWhole());
                i = end + 1;
            }
            else
            {
                literal.Append(value[i++]);
            }
        }

        if (literal.Length > 0)
        {
            parts.Add(literal.ToString());
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        var text = new StringBuilder();
        foreach (var p in parts)
        {
            if (p is TfRef or TfUnknown or List<object?> or Dictionary<string, object?>)
            {
                return new TfUnknown(value);
            }

            text.Append(Show(p));
        }

        return text.ToString();
    }

    /// <summary>Evaluates one bare expression (no <c>${}</c>), as in a variables file.</summary>
    public static object? EvaluateExpression(string text, Func<string[], object?> resolve)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Hcl(text, resolve).ParseWhole();
    }

    /// <summary>A scalar as Terraform prints it in a template.</summary>
    public static string Show(object? v) => v switch
    {
        null => "",
        bool b => b ? "true" : "false",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    private static int MatchingBrace(string s, int open)
    {
        var depth = 0;
        var inString = false;
        for (var i = open; i < s.Length; i++)
        {
            var c = s[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
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
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return i;
            }
        }

        throw new EdgeConfigurationException($"unbalanced interpolation in {s}");
    }

    private object? ParseWhole()
    {
        var v = Expression();
        Skip();
        return _pos == _text.Length ? v : new TfUnknown(_text);
    }

    private object? Expression()
    {
        var cond = Or();
        Skip();
        if (!Eat("?"))
        {
            return cond;
        }

        var a = Expression();
        Expect(":");
        var b = Expression();
        return cond switch
        {
            bool c => c ? a : b,
            _ => new TfUnknown(_text),
        };
    }

    private object? Or()
    {
        var left = And();
        while (Eat("||"))
        {
            var right = And();
            left = left is bool l && right is bool r ? l || r : new TfUnknown(_text);
        }

        return left;
    }

    private object? And()
    {
        var left = Comparison();
        while (Eat("&&"))
        {
            var right = Comparison();
            left = left is bool l && right is bool r ? l && r : new TfUnknown(_text);
        }

        return left;
    }

    private object? Comparison()
    {
        var left = Unary();
        foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
        {
            if (Eat(op))
            {
                var right = Unary();
                if (left is TfUnknown or TfRef || right is TfUnknown or TfRef)
                {
                    return new TfUnknown(_text);
                }

                return op switch
                {
                    "==" => Same(left, right),
                    "!=" => !Same(left, right),
                    _ when left is decimal l && right is decimal r => op switch { "<" => l < r, ">" => l > r, "<=" => l <= r, _ => l >= r },
                    _ => new TfUnknown(_text),
                };
            }
        }

        return left;
    }

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (string x, string y) => x == y,
        (decimal x, decimal y) => x == y,
        (bool x, bool y) => x == y,
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => Same(p.First, p.Second)),
        _ => false,
    };

    private object? Unary()
    {
        Skip();
        if (Peek('!') && !PeekAt(1, '='))
        {
            _pos++;
            return Unary() is bool b ? !b : new TfUnknown(_text);
        }

        if (Peek('-') && _pos + 1 < _text.Length && char.IsDigit(_text[_pos + 1]))
        {
            _pos++;
            return Primary() is decimal d ? -d : new TfUnknown(_text);
        }

        return Primary();
    }

    private object? Primary()
    {
        Skip();
        if (_pos >= _text.Length)
        {
            throw new EdgeConfigurationException($"unexpected end of expression {_text}");
        }

        var c = _text[_pos];
        if (c == '(')
        {
            _pos++;
            var inner = Expression();
            Expect(")");
            return Index(inner);
        }

        if (c == '"')
        {
            return Index(StringLiteral());
        }

        if (char.IsDigit(c))
        {
            var start = _pos;
            while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.'))
            {
                _pos++;
            }

            return decimal.Parse(_text[start.._pos], CultureInfo.InvariantCulture);
        }

        if (c == '[')
        {
            _pos++;
            var list = new List<object?>();
            Skip();
            while (!Eat("]"))
            {
                list.Add(Expression());
                Skip();
                Eat(",");
            }

            return Index(list);
        }

        if (c == '{')
        {
            _pos++;
            var obj = new Dictionary<string, object?>(StringComparer.Ordinal);
            Skip();
            while (!Eat("}"))
            {
                Skip();
                var key = Peek('"') ? Show(StringLiteral()) : Identifier();
                Skip();
                if (!Eat("=") && !Eat(":"))
                {
                    throw new EdgeConfigurationException($"expected = in object in {_text}");
                }

                obj[key] = Expression();
                Skip();
                Eat(",");
            }

            return Index(obj);
        }

        var name = Identifier();
        switch (name)
        {
            case "true": return true;
            case "false": return false;
            case "null": return null;
        }

        Skip();
        if (Eat("("))
        {
            var args = new List<object?>();
            Skip();
            while (!Eat(")"))
            {
                args.Add(Expression());
                Skip();
                Eat(",");
            }

            return Index(Call(name, args));
        }

        var path = new List<string> { name };
        while (Peek('.') && _pos + 1 < _text.Length && (char.IsLetter(_text[_pos + 1]) || _text[_pos + 1] == '_'))
        {
            _pos++;
            path.Add(Identifier());
        }

        return Index(_resolve([.. path]));
    }

    private object? Index(object? value)
    {
        while (true)
        {
            if (Peek('['))
            {
                _pos++;
                var key = Expression();
                Expect("]");
                value = (value, key) switch
                {
                    (List<object?> l, decimal i) when i >= 0 && i < l.Count => l[(int)i],
                    (Dictionary<string, object?> o, string k) when o.TryGetValue(k, out var v) => v,
                    _ => new TfUnknown(_text),
                };
            }
            else if (Peek('.') && _pos + 1 < _text.Length && (char.IsLetter(_text[_pos + 1]) || _text[_pos + 1] == '_'))
            {
                _pos++;
                var attr = Identifier();
                value = value switch
                {
                    Dictionary<string, object?> o when o.TryGetValue(attr, out var v) => v,
                    TfRef r => new TfRef(r.Address + "." + attr),
                    _ => new TfUnknown(_text),
                };
            }
            else
            {
                return value;
            }
        }
    }

    private object? Call(string name, List<object?> args)
    {
        if (args.Any(a => a is TfUnknown))
        {
            return new TfUnknown(_text);
        }

        return (name, args.Count) switch
        {
            ("toset" or "tolist", 1) => args[0],
            ("contains", 2) when args[0] is List<object?> l => l.Any(x => Same(x, args[1])),
            ("length", 1) when args[0] is List<object?> l => (decimal)l.Count,
            ("length", 1) when args[0] is string s => (decimal)s.Length,
            ("length", 1) when args[0] is Dictionary<string, object?> m => (decimal)m.Count,
            ("max", > 0) when args.All(a => a is decimal) => args.Cast<decimal>().Max(),
            ("min", > 0) when args.All(a => a is decimal) => args.Cast<decimal>().Min(),
            ("concat", _) when args.All(a => a is List<object?>) => args.Cast<List<object?>>().SelectMany(x => x).ToList(),
            ("trimprefix", 2) when args[0] is string s && args[1] is string p => s.StartsWith(p, StringComparison.Ordinal) ? s[p.Length..] : s,
            ("jsonencode", 1) when args[0] is not TfRef => ToJson(args[0])?.ToJsonString() ?? "null",
            _ => new TfUnknown($"{name}(…) in {_text}"),
        };
    }

    // Terraform's jsonencode: objects with their keys in lexical order (the router reads the JSON, so escaping
    // details do not matter here).
    private static System.Text.Json.Nodes.JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => System.Text.Json.Nodes.JsonValue.Create(s),
        decimal d => System.Text.Json.Nodes.JsonValue.Create(d),
        bool b => System.Text.Json.Nodes.JsonValue.Create(b),
        List<object?> l => new System.Text.Json.Nodes.JsonArray([.. l.Select(ToJson)]),
        Dictionary<string, object?> o => new System.Text.Json.Nodes.JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, ToJson(p.Value)))),
        _ => System.Text.Json.Nodes.JsonValue.Create(value.ToString()),
    };

    private string StringLiteral()
    {
        Expect("\"");
        var sb = new StringBuilder();
        while (_pos < _text.Length && _text[_pos] != '"')
        {
            var c = _text[_pos++];
            if (c == '\\' && _pos < _text.Length)
            {
                var e = _text[_pos++];
                sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
            }
            else if (c == '$' && _pos < _text.Length && _text[_pos] == '{')
            {
                throw new EdgeConfigurationException($"nested templates are not supported: {_text}");
            }
            else
            {
                sb.Append(c);
            }
        }

        Expect("\"");
        return sb.ToString();
    }

    private string Identifier()
    {
        Skip();
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-'))
        {
            _pos++;
        }

        return _pos > start ? _text[start.._pos] : throw new EdgeConfigurationException($"unexpected '{_text[_pos]}' in {_text}");
    }

    private void Skip()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private bool Peek(char c)
    {
        Skip();
        return _pos < _text.Length && _text[_pos] == c;
    }

    private bool PeekAt(int offset, char c) => _pos + offset < _text.Length && _text[_pos + offset] == c;

    private bool Eat(string token)
    {
        Skip();
        if (string.CompareOrdinal(_text, _pos, token, 0, token.Length) == 0)
        {
            _pos += token.Length;
            return true;
        }

        return false;
    }

    private void Expect(string token)
    {
        if (!Eat(token))
        {
            throw new EdgeConfigurationException($"expected {token} at {_pos} in {_text}");
        }
    }
}
