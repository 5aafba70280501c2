namespace EdgeRouter.Webfinger.Jrd;

/// <summary>RFC 7033 §4.3: with one or more <c>rel</c> parameters, only links of those relation types are returned;
/// every other member of the JRD (subject, aliases, properties) is left as it is.</summary>
public static class RelFilter
{
    /// <summary>Returns <paramref name="jrd"/> itself when <paramref name="rels"/> is empty, else a copy whose links
    /// are those whose <c>rel</c> matches one of <paramref name="rels"/>.</summary>
    public static JrdDocument Apply(JrdDocument jrd, IReadOnlyList<string> rels)
    {
        if (rels.Count == 0 || jrd.Links is null)
        {
            return jrd;
        }

        var kept = new List<JrdLink?>(jrd.Links.Count);
        foreach (var link in jrd.Links)
        {
            if (link?.Rel is { } rel && Matches(rel, rels))
            {
                kept.Add(link);
            }
        }

        return jrd with { Links = kept };
    }

    /// <summary>True when <paramref name="rel"/> equals one of <paramref name="wanted"/>. URIs compare exactly;
    /// registered relation names (no colon) compare without regard to ASCII case, as RFC 8288 §2.1.1 says.</summary>
    public static bool Matches(string rel, IReadOnlyList<string> wanted)
    {
        foreach (var w in wanted)
        {
            if (string.Equals(rel, w, StringComparison.Ordinal))
            {
                return true;
            }

            if (!rel.Contains(':') && string.Equals(rel, w, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
