using System.Text;

namespace EdgeRouter.Publish;

/// <summary>
/// The CloudFront paths to invalidate for changed and deleted keys. CloudFront caches what viewers asked for, so every
/// URL form a viewer uses for a key is listed: <c>docs/index.html</c> is also <c>/docs/</c> and <c>/docs</c> (the
/// stack's index-rewrite function serves both), and the root <c>index.html</c> is also <c>/</c> (the default root
/// object). Past <see cref="DefaultMaxPaths"/> paths (or MAX_INVALIDATION_PATHS) the list collapses to <c>/*</c>, which CloudFront bills as one path.
/// </summary>
internal static class InvalidationPaths
{
    /// <summary>The default threshold (MAX_INVALIDATION_PATHS): a wildcard is cheaper and as fast past it.</summary>
    public const int DefaultMaxPaths = 50;

    /// <summary>The wildcard that invalidates everything.</summary>
    public const string Everything = "/*";

    /// <summary>The distinct paths for <paramref name="keys"/>, sorted; <c>["/*"]</c> when there are more than
    /// <paramref name="maxPaths"/>.</summary>
    public static IReadOnlyList<string> For(IEnumerable<string> keys, int maxPaths = DefaultMaxPaths)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            paths.Add("/" + Encode(key));
            const string index = "index.html";
            if (key == index || key.EndsWith("/" + index, StringComparison.Ordinal))
            {
                var folder = key[..^index.Length];
                paths.Add("/" + Encode(folder));
                if (folder.Length > 0) paths.Add("/" + Encode(folder.TrimEnd('/')));
            }
        }
        return paths.Count > maxPaths ? [Everything] : [.. paths];
    }

    /// <summary>The distinct <paramref name="paths"/>, sorted; <c>["/*"]</c> when there are more than
    /// <paramref name="maxPaths"/> or one of them is already <c>/*</c>.</summary>
    public static IReadOnlyList<string> Collapse(IEnumerable<string> paths, int maxPaths)
    {
        var set = new SortedSet<string>(paths, StringComparer.Ordinal);
        return set.Count > maxPaths || set.Contains(Everything) ? [Everything] : [.. set];
    }

    /// <summary>
    /// Percent-encodes what CloudFront asks to be encoded in an invalidation path (non-ASCII and RFC 1738's unsafe
    /// characters) and the two characters that would change its meaning: <c>*</c> (a wildcard) and <c>?</c>.
    /// Nothing else is encoded: CloudFront would then not match the cached object.
    /// </summary>
    public static string Encode(string key)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            var c = (char)b;
            if (b < 0x21 || b > 0x7e || " <>\"#%{}|\\^~[]`*?".Contains(c)) builder.Append('%').Append(b.ToString("X2"));
            else builder.Append(c);
        }
        return builder.ToString();
    }
}
