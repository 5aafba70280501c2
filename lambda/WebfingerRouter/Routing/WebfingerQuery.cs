using EdgeRouter.Webfinger.Requests;

namespace EdgeRouter.Webfinger.Routing;

/// <summary>A validated webfinger query: one resource URI, any number of rel values, the raw query string kept for
/// redirects, and the local user when the resource is an <c>acct:</c> at the configured domain.</summary>
public sealed class WebfingerQuery
{
    /// <summary>Link relation of an OpenID Connect issuer (OpenID Connect Discovery 1.0 §2).</summary>
    public const string OpenIdIssuerRel = "http://openid.net/specs/connect/1.0/issuer";

    /// <summary>At most this many rel parameters are accepted.</summary>
    public const int MaxRels = 32;

    private WebfingerQuery(string resource, IReadOnlyList<string> rels, string rawQueryString, string? localUser, string? canonicalAccount)
    {
        Resource = resource;
        Rels = rels;
        RawQueryString = rawQueryString;
        LocalUser = localUser;
        CanonicalAccount = canonicalAccount;
    }

    /// <summary>For a local account, <c>acct:user@domain</c> with the scheme and host in lower case (the user part as
    /// written); else null.</summary>
    public string? CanonicalAccount { get; }

    /// <summary>The decoded <c>resource</c> parameter.</summary>
    public string Resource { get; }

    /// <summary>The decoded non-empty <c>rel</c> parameters, in order (empty: no filtering).</summary>
    public IReadOnlyList<string> Rels { get; }

    /// <summary>The query string exactly as received (validated: visible ASCII only).</summary>
    public string RawQueryString { get; }

    /// <summary>The user of an <c>acct:user@domain</c> resource whose host is the configured domain, else null.</summary>
    public string? LocalUser { get; }

    /// <summary>True when one of the rel parameters is the OpenID Connect issuer rel.</summary>
    public bool AsksForIssuer
    {
        get
        {
            foreach (var rel in Rels)
            {
                if (rel == OpenIdIssuerRel)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Validates <paramref name="rawQueryString"/>; false with a short reason for a 400 answer.</summary>
    public static bool TryParse(string rawQueryString, string domain, out WebfingerQuery? query, out string error)
    {
        query = null;
        if (!QueryString.TryParse(rawQueryString, out var pairs, out error))
        {
            return false;
        }

        string? resource = null;
        List<string>? rels = null;
        foreach (var (name, value) in pairs)
        {
            if (name == "resource")
            {
                if (resource is not null)
                {
                    error = "resource must be given once";
                    return false;
                }

                resource = value;
            }
            else if (name == "rel" && value.Length > 0)
            {
                if (value.Length > ResourceSyntax.MaxLength || ResourceSyntax.HasControlOrSpace(value))
                {
                    error = "rel is not a link relation type";
                    return false;
                }

                rels ??= [];
                if (rels.Count == MaxRels)
                {
                    error = "too many rel parameters";
                    return false;
                }

                rels.Add(value);
            }
        }

        if (string.IsNullOrEmpty(resource))
        {
            error = "resource is required";
            return false;
        }

        if (!ResourceSyntax.IsValid(resource))
        {
            error = resource.Length > ResourceSyntax.MaxLength
                ? "resource is longer than " + ResourceSyntax.MaxLength + " characters"
                : "resource is not a URI";
            return false;
        }

        string? localUser = null;
        string? canonical = null;
        if (domain.Length > 0 && AcctUri.TryParse(resource, out var acct) && string.Equals(acct.Host, domain, StringComparison.OrdinalIgnoreCase))
        {
            localUser = acct.User;
            canonical = "acct:" + acct.User + "@" + domain.ToLowerInvariant();
        }

        query = new WebfingerQuery(resource, (IReadOnlyList<string>?)rels ?? [], rawQueryString, localUser, canonical);
        return true;
    }
}
