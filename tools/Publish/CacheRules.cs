using System.Text.RegularExpressions;

namespace EdgeRouter.Publish;

/// <summary>One override: objects whose key matches <see cref="Glob"/> get <see cref="CacheControl"/>.</summary>
/// <param name="Glob">A key pattern: <c>*</c> is any run of characters except <c>/</c>, <c>**</c> any run
/// including <c>/</c>, <c>?</c> one character other than <c>/</c>. Matched against the whole key, case-sensitively.</param>
/// <param name="CacheControl">The Cache-Control value, sent as is (never empty).</param>
internal sealed record CacheRule(string Glob, string CacheControl)
{
    private readonly Regex pattern = GlobToRegex(Glob);

    /// <summary>True when the rule applies to <paramref name="key"/>.</summary>
    public bool Matches(string key) => pattern.IsMatch(key);

    /// <summary>Parses <c>GLOB=VALUE</c>; throws <see cref="ArgumentException"/> with a message naming the rule.</summary>
    public static CacheRule Parse(string text)
    {
        var equals = text.IndexOf('=');
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new ArgumentException($"cache rule \"{text}\": expected GLOB=CACHE-CONTROL, e.g. \"assets/**=public, max-age=31536000, immutable\"");
        }
        var glob = text[..equals].Trim().TrimStart('/');
        var value = text[(equals + 1)..].Trim();
        if (glob.Length == 0 || value.Length == 0 || value.Any(char.IsControl))
        {
            throw new ArgumentException($"cache rule \"{text}\": the glob and the Cache-Control value must be non-empty, on one line");
        }
        return new CacheRule(glob, value);
    }

    private static Regex GlobToRegex(string glob)
    {
        var regex = new System.Text.StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" also matches no folder at all, as in most glob dialects.
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*') regex.Append("[^/]*");
            else if (c == '?') regex.Append("[^/]");
            else regex.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}

/// <summary>
/// Cache-Control for each object: the first matching override, else a file name with a content hash in it is cached
/// for a year as immutable (its name changes when its content does), else it is revalidated on every use (HTML and
/// every other file whose name stays while its content changes). CloudFront's CachingOptimized policy, on the site
/// behaviour, honours these within its 1 s to 1 year bounds.
/// </summary>
internal sealed class CacheRules(IReadOnlyList<CacheRule> overrides)
{
    /// <summary>For fingerprinted files: one year, never revalidated.</summary>
    public const string Immutable = "public, max-age=31536000, immutable";

    /// <summary>For everything else: caches may keep a copy but must ask before using it.</summary>
    public const string Revalidate = "public, max-age=0, must-revalidate";

    // The last name segment before the extension (after a dot, dash or underscore) is a hash when it is 8 or more hex
    // digits with a digit and a letter (main.3f2a1b9c.js, webpack; app.5e6f7a8b9c0d.css), or 8 or more letters and
    // digits with upper case, lower case and a digit (index-BxH3a9Qk.js, Vite). A word ("handbook", "20240101",
    // "v2update") is no hash. A hash this misses is only revalidated, the safe direction; CACHE= rules cover the rest.
    private static readonly Regex Fingerprint = new(
        @"[.\-_](?:(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{8,}|(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[A-Z])[A-Za-z0-9]{8,})\.[A-Za-z0-9]+$",
        RegexOptions.CultureInvariant);

    /// <summary>The Cache-Control value for <paramref name="key"/> and why it was chosen.</summary>
    public (string Value, string Reason) For(string key)
    {
        foreach (var rule in overrides)
        {
            if (rule.Matches(key)) return (rule.CacheControl, $"rule {rule.Glob}");
        }
        var name = key[(key.LastIndexOf('/') + 1)..];
        if (IsFingerprinted(name)) return (Immutable, "fingerprinted");
        return (Revalidate, "mutable");
    }

    /// <summary>True when a file name carries a content hash (see the class comment).</summary>
    public static bool IsFingerprinted(string name)
    {
        var dot = name.LastIndexOf('.');
        if (dot <= 0) return false;
        // A .map belongs to its fingerprinted file: main.3f2a1b9c.js.map.
        if (name.EndsWith(".map", StringComparison.Ordinal)) name = name[..^4];
        return Fingerprint.IsMatch(name) && !name.EndsWith(".html", StringComparison.OrdinalIgnoreCase)
            && !name.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);
    }
}
