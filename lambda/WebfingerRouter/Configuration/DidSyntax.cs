namespace EdgeRouter.Webfinger.Configuration;

/// <summary>The DIDs AT Protocol accepts for an account (atproto DID spec): <c>did:plc:</c> followed by 24 characters
/// of lower-case base32 (<c>a-z</c>, <c>2-7</c>), or <c>did:web:</c> followed by a bare host name (no port, no path:
/// atproto allows only host-level did:web). Both are also valid under the general DID syntax (W3C DID Core §3.1).
/// The rule itself is <see cref="Contract.ConfigRules.AtprotoDid"/>, which the Terraform validation shares.</summary>
public static class DidSyntax
{
    /// <summary>Length of a did:plc identifier (a truncated base32 SHA-256).</summary>
    public const int PlcIdentifierLength = 24;

    /// <summary>True for a did:plc or host-only did:web DID.</summary>
    public static bool IsAtprotoDid(string? value) => value is not null && Contract.ConfigRules.AtprotoDid.Allows(value);
}
