using System.Text.Json;

namespace EdgeRouter.Webfinger.Configuration;

/// <summary>The <c>nostr</c> section (NIP-05): which names at the domain belong to which public keys, and optional
/// relay hints per key.</summary>
/// <param name="Names">Lower-case name (<c>a-z 0-9 - _ .</c>) to public key (64 lower-case hex digits); looked up
/// without regard to ASCII case, as NIP-05 says names are case-insensitive.</param>
/// <param name="Relays">Public key to its relay URLs (<c>wss://</c>); every key is one of <paramref name="Names"/>'s.</param>
public sealed record NostrSettings(IReadOnlyDictionary<string, string> Names, IReadOnlyDictionary<string, IReadOnlyList<string>> Relays)
{
    /// <summary>The longest name accepted (NIP-05 sets none; a name is an e-mail-like local part).</summary>
    public const int MaxNameLength = 64;

    /// <summary>Reads the section; the field names in messages start with <c>nostr</c>.</summary>
    internal static NostrSettings? From(JsonElement? section)
    {
        if (section is not { } s || s.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var members = SectionReader.Members(s, "nostr", "names", "relays");
        if (!members.TryGetValue("names", out var namesJson))
        {
            throw new ConfigException("nostr.names", "is required (a map of name to public key)");
        }

        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, keyJson) in SectionReader.Map(namesJson, "nostr.names", "an object of name to public key"))
        {
            var field = SectionReader.Key("nostr.names", name);
            if (!IsName(name) || name != name.ToLowerInvariant())
            {
                throw new ConfigException(field,
                    "the name must be 1-" + MaxNameLength + " characters of a-z 0-9 - _ . in lower case (NIP-05)");
            }

            var key = SectionReader.String(keyJson, field);
            if (!IsPublicKey(key))
            {
                throw new ConfigException(field,
                    "must be a public key in hex, 64 lower-case characters 0-9 a-f (not npub…), got " + ConfigParser.Quote(key));
            }

            names[name] = key;
        }

        if (names.Count == 0)
        {
            throw new ConfigException("nostr.names", "must name at least one name");
        }

        var relays = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (members.TryGetValue("relays", out var relaysJson))
        {
            foreach (var (key, urlsJson) in SectionReader.Map(relaysJson, "nostr.relays", "an object of public key to relay URLs"))
            {
                var field = SectionReader.Key("nostr.relays", key);
                if (!IsPublicKey(key) || !names.ContainsValue(key))
                {
                    throw new ConfigException(field, "the key must be one of the public keys in nostr.names");
                }

                if (urlsJson.ValueKind != JsonValueKind.Array)
                {
                    throw new ConfigException(field, "has the wrong JSON type (expected an array of relay URLs)");
                }

                var urls = new List<string>();
                var i = 0;
                foreach (var urlJson in urlsJson.EnumerateArray())
                {
                    var f = field + "[" + i++ + "]";
                    var url = SectionReader.String(urlJson, f);
                    if (!IsRelayUrl(url))
                    {
                        throw new ConfigException(f, "must be a wss:// URL with a host and no query or fragment, got " + ConfigParser.Quote(url));
                    }

                    urls.Add(url);
                }

                relays[key] = urls;
            }
        }

        return new NostrSettings(names, relays);
    }

    /// <summary>A NIP-05 name in either case: 1-64 of <c>a-z A-Z 0-9 - _ .</c>.</summary>
    public static bool IsName(string value) =>
        value.Length is >= 1 and <= MaxNameLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>A public key as NIP-05 writes it: 64 lower-case hex digits.</summary>
    public static bool IsPublicKey(string value) =>
        value.Length == 64 && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>A relay URL: <c>wss://</c>, a host, no user info, query, fragment or character that needs escaping.</summary>
    public static bool IsRelayUrl(string value) =>
        value.StartsWith("wss://", StringComparison.Ordinal)
        && value.Length <= 512
        && value.All(c => c is > ' ' and < '\u007f' and not ('"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}' or '?' or '#'))
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && ConfigParser.IsBareHostName(uri.IdnHost)
        && string.IsNullOrEmpty(uri.UserInfo);
}
