using System.Text.Json;
using EdgeRouter.Webfinger.Jrd;
using EdgeRouter.Webfinger.Requests;
using EdgeRouter.Webfinger.Serialization;

namespace EdgeRouter.Webfinger.Configuration;

/// <summary>Reads and validates <c>WEBFINGER_CONFIG</c>. Every problem is a <see cref="ConfigException"/> whose
/// message names the field.</summary>
public static class ConfigParser
{
    /// <summary>The environment variable the configuration is read from.</summary>
    public const string EnvironmentVariable = "WEBFINGER_CONFIG";

    /// <summary>Parses <paramref name="json"/> (the variable's value; null when it is not set).</summary>
    /// <exception cref="ConfigException">The configuration is missing, malformed or invalid.</exception>
    public static RouterConfig Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new ConfigException(EnvironmentVariable, "is not set or empty; it must hold the JSON configuration");
        }

        // Shape first, in our own words (the AOT build has no framework message texts); the deserializer then
        // only fills the records.
        ConfigShape.Check(json);
        ConfigDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(json, RouterJsonContext.Default.ConfigDocument);
        }
        catch (JsonException e)
        {
            throw ConfigShape.Malformed(e);
        }

        if (doc is null)
        {
            throw new ConfigException(EnvironmentVariable, "must be a JSON object, got null");
        }

        var domain = RequireHost(doc.Domain, "domain");
        MastodonSettings? mastodon = null;
        if (doc.Mastodon is { } m)
        {
            mastodon = new MastodonSettings(RequireHost(m.Host, "mastodon.host"), Accounts(m.Accounts, "mastodon.accounts"));
        }

        OidcSettings? oidc = null;
        if (doc.Oidc is { } o)
        {
            oidc = new OidcSettings(RequireIssuer(o.Issuer, "oidc.issuer"), Accounts(o.Accounts, "oidc.accounts"));
        }

        var resources = new Dictionary<string, JrdDocument>(StringComparer.Ordinal);
        if (doc.Resources is { } rs)
        {
            foreach (var (key, jrd) in rs)
            {
                var field = "resources[" + Quote(key) + "]";
                if (!ResourceSyntax.IsValid(key))
                {
                    throw new ConfigException(field, "the key must be a URI of at most " + ResourceSyntax.MaxLength +
                        " characters, such as acct:carol@" + domain);
                }

                resources[key] = RequireJrd(jrd, field);
            }
        }

        return new RouterConfig(domain, mastodon, oidc, resources)
        {
            Atproto = AtprotoSettings.From(doc.Atproto),
            Matrix = MatrixSettings.From(doc.Matrix),
            Nostr = NostrSettings.From(doc.Nostr),
        };
    }

    /// <summary>True for a bare DNS host name: letters, digits and hyphens in dot-separated labels; no scheme, port,
    /// path, user or trailing dot.</summary>
    public static bool IsBareHostName(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 253)
        {
            return false;
        }

        foreach (var label in value.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static string RequireHost(string? value, string field)
    {
        if (value is null)
        {
            throw new ConfigException(field, "is required");
        }

        if (!IsBareHostName(value))
        {
            throw new ConfigException(field, "must be a bare host name, got " + Quote(value));
        }

        return value.ToLowerInvariant();
    }

    private static string RequireIssuer(string? value, string field)
    {
        if (value is null)
        {
            throw new ConfigException(field, "is required");
        }

        var ok = value.StartsWith("https://", StringComparison.Ordinal)
            && !value.AsSpan().ContainsAny(ForbiddenInUrl)
            && Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && uri.Scheme == Uri.UriSchemeHttps
            && IsBareHostName(uri.IdnHost)
            && string.IsNullOrEmpty(uri.UserInfo)
            && string.IsNullOrEmpty(uri.Query)
            && string.IsNullOrEmpty(uri.Fragment)
            && !value.Contains('?') && !value.Contains('#');
        if (!ok)
        {
            throw new ConfigException(field, "must be an https URL with a host and no query or fragment, got " + Quote(value));
        }

        return value;
    }

    private static readonly System.Buffers.SearchValues<char> ForbiddenInUrl =
        System.Buffers.SearchValues.Create(" \t\r\n\0\"<>\\^`{|}");

    private static AccountList Accounts(List<string?>? names, string field)
    {
        if (names is null || names.Count == 0)
        {
            return AccountList.Everyone;
        }

        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            var f = field + "[" + i + "]";
            if (string.IsNullOrEmpty(name))
            {
                throw new ConfigException(f, "must be a non-empty user name");
            }

            if (name.Contains('@') || name.Contains(':') || HasControlOrSpace(name))
            {
                throw new ConfigException(f, "must be a bare user name (no '@', ':' or spaces), got " + Quote(name));
            }
        }

        return new AccountList(names!);
    }

    private static JrdDocument RequireJrd(JrdDocument? jrd, string field)
    {
        if (jrd is null)
        {
            throw new ConfigException(field, "must be a JRD object, got null");
        }

        if (string.IsNullOrEmpty(jrd.Subject))
        {
            throw new ConfigException(field + ".subject", "is required (a JRD names its subject, RFC 7033 §4.4.1)");
        }

        if (jrd.Aliases is { } aliases)
        {
            for (var i = 0; i < aliases.Count; i++)
            {
                if (string.IsNullOrEmpty(aliases[i]))
                {
                    throw new ConfigException(field + ".aliases[" + i + "]", "must be a non-empty string");
                }
            }
        }

        if (jrd.Links is { } links)
        {
            for (var i = 0; i < links.Count; i++)
            {
                var lf = field + ".links[" + i + "]";
                if (links[i] is not { } link)
                {
                    throw new ConfigException(lf, "must be a link object, got null");
                }

                if (string.IsNullOrEmpty(link.Rel))
                {
                    throw new ConfigException(lf + ".rel", "is required (RFC 7033 §4.4.4.1)");
                }

                if (link.Titles is { } titles)
                {
                    foreach (var (lang, title) in titles)
                    {
                        if (title is null)
                        {
                            throw new ConfigException(lf + ".titles[" + Quote(lang) + "]", "must be a string");
                        }
                    }
                }
            }
        }

        return jrd;
    }

    private static bool HasControlOrSpace(string s)
    {
        foreach (var c in s)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>JSON-style quoting for messages, so a hostile value cannot forge another line of the message.</summary>
    internal static string Quote(string value) =>
        JsonSerializer.Serialize(value.Length > 200 ? value[..(char.IsHighSurrogate(value[199]) ? 199 : 200)] + "…" : value, RouterJsonContext.Default.String);
}
