using System.Globalization;
using System.Net;
using System.Text.Json;

namespace EdgeRouter.Webfinger.Configuration;

/// <summary>The <c>matrix</c> section: where the domain's Matrix homeserver really is. At least one of the two.</summary>
/// <param name="Server">The delegated server name for federation, <c>/.well-known/matrix/server</c>'s
/// <c>m.server</c> (Matrix server-server API: <c>hostname[:port]</c>), or null.</param>
/// <param name="ClientBaseUrl">The homeserver's client-server base URL, <c>/.well-known/matrix/client</c>'s
/// <c>m.homeserver.base_url</c> (an https URL), or null.</param>
public sealed record MatrixSettings(string? Server, string? ClientBaseUrl)
{
    /// <summary>Reads the section; the field names in messages start with <c>matrix</c>.</summary>
    internal static MatrixSettings? From(JsonElement? section)
    {
        if (section is not { } s || s.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var members = SectionReader.Members(s, "matrix", "server", "client");
        string? server = null;
        if (members.TryGetValue("server", out var sv))
        {
            server = SectionReader.String(sv, "matrix.server");
            if (!IsServerName(server))
            {
                throw new ConfigException("matrix.server",
                    "must be a server name, host[:port] such as matrix.example.com:443 (no scheme, no path), got " + ConfigParser.Quote(server));
            }
        }

        string? client = null;
        if (members.TryGetValue("client", out var cv))
        {
            client = SectionReader.String(cv, "matrix.client");
            if (!IsBaseUrl(client))
            {
                throw new ConfigException("matrix.client",
                    "must be the homeserver's https base URL with a host and no query or fragment, such as https://matrix.example.com, got " + ConfigParser.Quote(client));
            }
        }

        if (server is null && client is null)
        {
            throw new ConfigException("matrix", "give server, client or both");
        }

        return new MatrixSettings(server, client);
    }

    /// <summary>Matrix's server name grammar: a DNS name, an IPv4 literal or a bracketed IPv6 literal, then an
    /// optional <c>:port</c> (1-65535). Lower case only, so the document is written as the admin meant it.</summary>
    public static bool IsServerName(string value)
    {
        if (value.Length is 0 or > 255)
        {
            return false;
        }

        string host;
        string? port = null;
        if (value[0] == '[')
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = value[..(close + 1)];
            if (close + 1 < value.Length)
            {
                if (value[close + 1] != ':')
                {
                    return false;
                }

                port = value[(close + 2)..];
            }

            if (!IPAddress.TryParse(host[1..^1], out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 ||
                host[1..^1].Contains('%', StringComparison.Ordinal))
            {
                return false;
            }
        }
        else
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? value : value[..colon];
            port = colon < 0 ? null : value[(colon + 1)..];
            if (!ConfigParser.IsBareHostName(host) || host != host.ToLowerInvariant())
            {
                return false;
            }
        }

        if (port is null)
        {
            return true;
        }

        return port.Length is >= 1 and <= 5 && port.All(char.IsAsciiDigit) && port[0] != '0' &&
            int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture) <= 65535;
    }

    /// <summary>An https URL with a host, no user info, query or fragment, and no character that needs escaping.</summary>
    public static bool IsBaseUrl(string value) =>
        value.StartsWith("https://", StringComparison.Ordinal)
        && value.Length <= 1024
        && value.All(c => c is > ' ' and < '\u007f' and not ('"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}' or '?' or '#'))
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps
        && ConfigParser.IsBareHostName(uri.IdnHost)
        && string.IsNullOrEmpty(uri.UserInfo);
}
