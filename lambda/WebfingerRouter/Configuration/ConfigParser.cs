using System.Text.Json;
using EdgeRouter.Webfinger.Contract;
using EdgeRouter.Webfinger.Jrd;
using EdgeRouter.Webfinger.Serialization;

namespace EdgeRouter.Webfinger.Configuration;

/// <summary>Reads and validates <c>WEBFINGER_CONFIG</c> with the rules of <see cref="ConfigRules"/>, the same rules
/// the stack's Terraform validations are generated from.</summary>
/// <remarks>
/// <para>Only a configuration that is not a JSON object at all (missing, malformed, an array) is fatal
/// (<see cref="ConfigException"/>): then no section can be told from another. Any other problem disables only the
/// section or entry it is in (<see cref="RouterConfig.Problems"/>), and the router answers that section's paths 503
/// while every other path works: one bad JRD never takes down host-meta, Matrix or the other accounts.</para>
/// <para><see cref="Parse(string?)"/> is the strict form (the first problem throws) for tools and tests.</para>
/// </remarks>
public static class ConfigParser
{
    /// <summary>The environment variable the configuration is read from.</summary>
    public const string EnvironmentVariable = "WEBFINGER_CONFIG";

    /// <summary>The top-level members, in the order messages list them.</summary>
    public static readonly IReadOnlyList<string> Sections = ["domain", "mastodon", "oidc", "resources", "atproto", "matrix", "nostr"];

    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    private static readonly ObjectShape MastodonShape = new("the mastodon section",
        [new("host", ConfigRules.Member("mastodon.host"), Required: true), new("accounts", ConfigRules.Member("mastodon.accounts"))], "an object");

    private static readonly ObjectShape OidcShape = new("the oidc section",
        [new("issuer", ConfigRules.Member("oidc.issuer"), Required: true), new("accounts", ConfigRules.Member("oidc.accounts"))], "an object");

    private static readonly ObjectShape AtprotoShape = new("the atproto section",
        [new("did", ConfigRules.Member("atproto.did"), Required: true)], "an object");

    private static readonly ObjectShape MatrixShape = new("the matrix section",
        [new("server", ConfigRules.Member("matrix.server")), new("client", ConfigRules.Member("matrix.client"))], "an object");

    private static readonly ObjectShape NostrShape = new("the nostr section",
        [new("names", ConfigRules.Member("nostr.names"), Required: true), new("relays", ConfigRules.Member("nostr.relays"))], "an object");

    /// <summary>Strict: parses <paramref name="json"/> and throws the first problem.</summary>
    /// <exception cref="ConfigException">The configuration is missing, malformed or has any problem.</exception>
    public static RouterConfig Parse(string? json)
    {
        var config = Read(json);
        if (config.Problems.Count > 0)
        {
            var first = config.Problems[0];
            throw new ConfigException(first.Field, first.Problem);
        }

        return config;
    }

    /// <summary>Reads <paramref name="json"/>; a section or entry with a problem is left out and recorded in
    /// <see cref="RouterConfig.Problems"/> and <see cref="RouterConfig.Disabled"/>.</summary>
    /// <exception cref="ConfigException">Not set, not JSON, or not a JSON object.</exception>
    public static RouterConfig Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new ConfigException(EnvironmentVariable, "is not set or empty; it must hold the JSON configuration");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            throw Malformed(e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                throw new ConfigException(EnvironmentVariable, "must be a JSON object, got null");
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigException(EnvironmentVariable, "has the wrong JSON type (expected an object)");
            }

            return new Reader().Read(root);
        }
    }

    /// <summary>"WEBFINGER_CONFIG: malformed JSON at line L, byte B" from the reader's position (numbers, not
    /// message text: the AOT build has no framework message texts).</summary>
    public static ConfigException Malformed(JsonException e) =>
        new(EnvironmentVariable, "malformed JSON at line " + ((e.LineNumber ?? 0) + 1) + ", byte " + ((e.BytePositionInLine ?? 0) + 1));

    /// <summary>True for a bare DNS host name: letters, digits and hyphens in dot-separated labels; no scheme, port,
    /// path, user or trailing dot (dotted IPv4 and single labels such as localhost pass). The configuration's own
    /// host names follow the stricter <see cref="ConfigRules.HostName"/>; this one checks the Runtime API's address.</summary>
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

    /// <summary>JSON-quoting for messages, as Terraform's <c>jsonencode</c> writes it (<see cref="ShapeChecker.Quote"/>),
    /// so that a hostile value cannot forge another line of the message.</summary>
    internal static string Quote(string value) => ShapeChecker.Quote(value);

    private sealed class Reader
    {
        private readonly List<ConfigProblem> _problems = [];
        private readonly HashSet<string> _disabled = new(StringComparer.Ordinal);
        private readonly HashSet<string> _disabledResources = new(StringComparer.Ordinal);

        public RouterConfig Read(JsonElement root)
        {
            var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var member in root.EnumerateObject())
            {
                if (!Sections.Contains(member.Name))
                {
                    Problem(member.Name, member.Name, "unknown field (allowed: " + string.Join(", ", Sections) + ")");
                }
                else if (!members.TryAdd(member.Name, member.Value))
                {
                    // Which of the two was meant is unknowable: the section is off, not guessed.
                    Problem(member.Name, member.Name, "is given more than once");
                    _disabled.Add(member.Name);
                }
            }

            JsonElement? Get(string name) =>
                !_disabled.Contains(name) && members.TryGetValue(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

            string? domain = null;
            if (Check("domain", members.TryGetValue("domain", out var d) ? d : null, new TextShape(ConfigRules.HostName), required: true))
            {
                domain = d.GetString()!;
            }

            MastodonSettings? mastodon = null;
            if (Get("mastodon") is { } m && Check("mastodon", m, MastodonShape))
            {
                mastodon = new MastodonSettings(m.GetProperty("host").GetString()!, Accounts(m, "accounts"));
            }

            OidcSettings? oidc = null;
            if (Get("oidc") is { } o && Check("oidc", o, OidcShape))
            {
                oidc = new OidcSettings(o.GetProperty("issuer").GetString()!, Accounts(o, "accounts"));
            }

            var resources = new Dictionary<string, JrdDocument>(StringComparer.Ordinal);
            if (Get("resources") is { } rs)
            {
                if (rs.ValueKind != JsonValueKind.Object)
                {
                    Check("resources", rs, ConfigRules.Resources);
                }
                else
                {
                    foreach (var entry in rs.EnumerateObject())
                    {
                        var field = "resources[" + Quote(entry.Name) + "]";
                        var problems = new List<string>();
                        if (resources.ContainsKey(entry.Name) || _disabledResources.Contains(entry.Name))
                        {
                            problems.Add(field + ": is given more than once");
                        }

                        if (!ConfigRules.ResourceKey.Allows(entry.Name))
                        {
                            problems.Add(field + ": the key must be " + ConfigRules.ResourceKey.Expected);
                        }

                        problems.AddRange(ShapeChecker.Check(entry.Value, ConfigRules.Jrd, field, required: true));
                        if (problems.Count > 0)
                        {
                            foreach (var p in problems)
                            {
                                Add(field, p);
                            }

                            resources.Remove(entry.Name);
                            _disabledResources.Add(entry.Name);
                            continue;
                        }

                        resources[entry.Name] = entry.Value.Deserialize(RouterJsonContext.Default.JrdDocument)!;
                    }
                }
            }

            AtprotoSettings? atproto = null;
            if (Get("atproto") is { } a && Check("atproto", a, AtprotoShape))
            {
                atproto = new AtprotoSettings(a.GetProperty("did").GetString()!);
            }

            MatrixSettings? matrix = null;
            if (Get("matrix") is { } mx && Check("matrix", mx, MatrixShape))
            {
                var server = Text(mx, "server");
                var client = Text(mx, "client");
                if (server is null && client is null)
                {
                    Problem("matrix", "matrix", "give server, client or both");
                }
                else
                {
                    matrix = new MatrixSettings(server, client);
                }
            }

            NostrSettings? nostr = null;
            if (Get("nostr") is { } n && Check("nostr", n, NostrShape))
            {
                nostr = Nostr(n);
            }

            return new RouterConfig(domain ?? "", mastodon, oidc, resources)
            {
                Atproto = atproto,
                Matrix = matrix,
                Nostr = nostr,
                Problems = _problems,
                Disabled = _disabled,
                DisabledResources = _disabledResources,
            };
        }

        private NostrSettings? Nostr(JsonElement section)
        {
            var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in section.GetProperty("names").EnumerateObject())
            {
                names[entry.Name] = entry.Value.GetString()!;
            }

            if (names.Count == 0)
            {
                Problem("nostr", "nostr.names", "must name at least one name");
                return null;
            }

            var relays = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (section.TryGetProperty("relays", out var rs) && rs.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in rs.EnumerateObject())
                {
                    if (!names.ContainsValue(entry.Name))
                    {
                        Problem("nostr", "nostr.relays[" + Quote(entry.Name) + "]", "the key must be one of the public keys given to a name");
                        return null;
                    }

                    relays[entry.Name] = [.. entry.Value.EnumerateArray().Select(u => u.GetString()!)];
                }
            }

            return new NostrSettings(names, relays);
        }

        private static AccountList Accounts(JsonElement section, string name) =>
            section.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
                ? new AccountList(list.EnumerateArray().Select(x => x.GetString()!))
                : AccountList.Everyone;

        private static string? Text(JsonElement section, string name) =>
            section.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        /// <summary>Checks a section against its shape; on a problem, records it and disables the section.</summary>
        private bool Check(string section, JsonElement? value, Shape shape, bool required = false)
        {
            var problems = ShapeChecker.Check(value, shape, section, required);
            foreach (var p in problems)
            {
                Add(section, p);
            }

            if (problems.Count > 0)
            {
                _disabled.Add(section);
            }

            return problems.Count == 0;
        }

        private void Problem(string section, string field, string problem)
        {
            _problems.Add(new ConfigProblem(section, field, problem));
            _disabled.Add(section);
        }

        /// <summary>Adds a "path: problem" message from <see cref="ShapeChecker"/>.</summary>
        private void Add(string section, string message)
        {
            var colon = PathEnd(message);
            _problems.Add(new ConfigProblem(section, message[..colon], message[(colon + 2)..]));
        }

        /// <summary>Where the path of "path: problem" ends: at the first ": " outside a quoted key.</summary>
        private static int PathEnd(string message)
        {
            var quoted = false;
            for (var i = 0; i < message.Length - 1; i++)
            {
                var c = message[i];
                if (quoted && c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (!quoted && c == ':' && message[i + 1] == ' ')
                {
                    return i;
                }
            }

            return message.Length;
        }
    }
}
