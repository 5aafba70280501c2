namespace EdgeRouter.LocalEdge;

/// <summary>A CloudFront cache behaviour path pattern: <c>*</c> matches zero or more characters (slashes
/// included), <c>?</c> exactly one, everything else itself, case-sensitively. A pattern without a leading
/// <c>/</c> is read as if it had one, as CloudFront does. It is matched against the request path only (no query
/// string), as the viewer sent it.</summary>
public sealed class PathPattern
{
    private readonly string _pattern;

    /// <summary>Reads <paramref name="pattern"/>.</summary>
    public PathPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Text = pattern;
        _pattern = pattern.StartsWith('/') || pattern.StartsWith('*') ? pattern : "/" + pattern;
    }

    /// <summary>The pattern as written in the distribution.</summary>
    public string Text { get; }

    /// <summary>Whether <paramref name="path"/> (starting with <c>/</c>) matches.</summary>
    public bool IsMatch(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // Iterative wildcard match with one backtrack point per '*': linear in practice, never exponential.
        int p = 0, s = 0, star = -1, mark = 0;
        while (s < path.Length)
        {
            if (p < _pattern.Length && _pattern[p] == '*')
            {
                star = p++;
                mark = s;
            }
            else if (p < _pattern.Length && (_pattern[p] == '?' || _pattern[p] == path[s]))
            {
                p++;
                s++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                s = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < _pattern.Length && _pattern[p] == '*')
        {
            p++;
        }

        return p == _pattern.Length;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
