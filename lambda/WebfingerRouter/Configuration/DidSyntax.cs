namespace EdgeRouter.Webfinger.Configuration;

/// <summary>The DIDs AT Protocol accepts for an account (atproto DID spec): <c>did:plc:</c> followed by 24 characters
/// of lower-case base32 (<c>a-z</c>, <c>2-7</c>), or <c>did:web:</c> followed by a bare host name (no port, no path:
/// atproto allows only host-level did:web). Both are also valid under the general DID syntax (W3C DID Core §3.1).</summary>
public static class DidSyntax
{
    /// <summary>Length of a did:plc identifier (a truncated base32 SHA-256).</summary>
    public const int PlcIdentifierLength = 24;

    /// <summary>True for a did:plc or host-only did:web DID.</summary>
    public static bool IsAtprotoDid(string? value)
    {
        if (value is null)
        {
            return false;
        }

        if (value.StartsWith("did:plc:", StringComparison.Ordinal))
        {
            var id = value.AsSpan(8);
            if (id.Length != PlcIdentifierLength)
            {
                return false;
            }

            foreach (var c in id)
            {
                if (c is not ((>= 'a' and <= 'z') or (>= '2' and <= '7')))
                {
                    return false;
                }
            }

            return true;
        }

        if (value.StartsWith("did:web:", StringComparison.Ordinal))
        {
            var host = value[8..];
            return ConfigParser.IsBareHostName(host) && host.Contains('.') && host == host.ToLowerInvariant();
        }

        return false;
    }
}
