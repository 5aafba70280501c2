using System.Text.RegularExpressions;

namespace EdgeRouter.Publish;

/// <summary>
/// A key pattern (CACHE and INCLUDE): <c>*</c> is any run of characters except <c>/</c>, <c>**</c> any run including
/// <c>/</c> (<c>**/</c> also matches no folder at all), <c>?</c> one character other than <c>/</c>; everything else
/// matches itself. Matched against the whole key, case-sensitively. A leading <c>/</c> is ignored.
/// </summary>
internal sealed record Glob
{
    private readonly Regex pattern;

    private Glob(string text)
    {
        Text = text;
        pattern = ToRegex(text);
    }

    /// <summary>The pattern as given (without a leading <c>/</c>).</summary>
    public string Text { get; }

    /// <summary>True when the pattern matches the whole <paramref name="key"/>.</summary>
    public bool Matches(string key) => pattern.IsMatch(key);

    /// <summary>Parses a pattern; throws <see cref="ArgumentException"/> saying what is wrong with it.</summary>
    public static Glob Parse(string text)
    {
        var glob = text.Trim().TrimStart('/');
        if (glob.Length == 0) throw new ArgumentException("an empty pattern");
        if (glob.Any(c => char.IsControl(c) || c == '\\')) throw new ArgumentException($"pattern \"{text}\" holds a control character or a backslash");
        if (glob.Split('/').Any(s => s is ".." or ".")) throw new ArgumentException($"pattern \"{text}\" holds a . or .. segment (keys never do)");
        if (glob.Length > 1024) throw new ArgumentException($"pattern \"{text[..40]}…\" is longer than an S3 key can be (1024)");
        return new Glob(glob);
    }

    private static Regex ToRegex(string glob)
    {
        var regex = new System.Text.StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*') regex.Append("[^/]*");
            else if (c == '?') regex.Append("[^/]");
            else regex.Append(Regex.Escape(c.ToString()));
        }
        // Linear time whatever the pattern (no **/**/**… backtracking blow-up on a long key).
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking);
    }
}
