namespace EdgeRouter.Publish;

/// <summary>One override: objects whose key matches <see cref="Glob"/> get <see cref="CacheControl"/>.</summary>
/// <param name="Glob">The key pattern (<see cref="Publish.Glob"/>).</param>
/// <param name="CacheControl">The Cache-Control value, sent as is: comma-separated directives CloudFront and browsers
/// know (<see cref="KnownDirectives"/>), each <c>name</c> or <c>name=value</c>.</param>
internal sealed record CacheRule(Glob Glob, string CacheControl)
{
    /// <summary>The Cache-Control directives a rule may use (RFC 9111, RFC 8246 immutable, RFC 5861).</summary>
    public static readonly IReadOnlySet<string> KnownDirectives = new HashSet<string>(StringComparer.Ordinal)
    {
        "public", "private", "no-cache", "no-store", "no-transform", "max-age", "s-maxage", "must-revalidate",
        "proxy-revalidate", "must-understand", "immutable", "stale-while-revalidate", "stale-if-error",
    };

    private static readonly HashSet<string> Numeric = new(StringComparer.Ordinal) { "max-age", "s-maxage", "stale-while-revalidate", "stale-if-error" };

    /// <summary>True when the rule applies to <paramref name="key"/>.</summary>
    public bool Matches(string key) => Glob.Matches(key);

    /// <summary>Parses <c>GLOB=VALUE</c>; throws <see cref="ArgumentException"/> with a message naming the rule.</summary>
    public static CacheRule Parse(string text)
    {
        var equals = text.IndexOf('=');
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new ArgumentException($"cache rule \"{text}\": expected GLOB=CACHE-CONTROL, e.g. \"assets/**=public, max-age=31536000, immutable\"");
        }
        var value = text[(equals + 1)..].Trim();
        if (text[..equals].Trim().Length == 0 || value.Length == 0 || value.Any(c => char.IsControl(c) || c > '~'))
        {
            throw new ArgumentException($"cache rule \"{text}\": the glob and the Cache-Control value must be non-empty, on one line, in ASCII");
        }
        Glob glob;
        try { glob = Glob.Parse(text[..equals]); }
        catch (ArgumentException e) { throw new ArgumentException($"cache rule \"{text}\": {e.Message}"); }
        foreach (var directive in value.Split(',', StringSplitOptions.TrimEntries))
        {
            var eq = directive.IndexOf('=');
            var name = (eq < 0 ? directive : directive[..eq]).Trim().ToLowerInvariant();
            var argument = eq < 0 ? null : directive[(eq + 1)..].Trim();
            if (!KnownDirectives.Contains(name))
            {
                throw new ArgumentException($"cache rule \"{text}\": \"{directive}\" is not a Cache-Control directive (known: {string.Join(", ", KnownDirectives.Order(StringComparer.Ordinal))})");
            }
            if (Numeric.Contains(name) != (argument is not null) || (argument is not null && !(argument.Length is > 0 and <= 10 && argument.All(char.IsAsciiDigit))))
            {
                throw new ArgumentException($"cache rule \"{text}\": \"{directive}\": {(Numeric.Contains(name) ? $"{name} needs =SECONDS (0 to 9999999999)" : $"{name} takes no value")}");
            }
        }
        return new CacheRule(glob, value);
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

    /// <summary>The Cache-Control value for <paramref name="key"/> and why it was chosen.</summary>
    public (string Value, string Reason) For(string key)
    {
        foreach (var rule in overrides)
        {
            if (rule.Matches(key)) return (rule.CacheControl, $"rule {rule.Glob.Text}");
        }
        if (IsFingerprinted(key)) return (Immutable, "fingerprinted");
        return (Revalidate, "mutable");
    }

    /// <summary>True when a key carries a content hash as a bundler writes it (<see cref="Fingerprints"/>).</summary>
    public static bool IsFingerprinted(string key) => Fingerprints.IsFingerprinted(key);
}
