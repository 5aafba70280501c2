using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeRouter.Webfinger.Configuration;

namespace EdgeRouter.Webfinger.Events;

/// <summary>Checks that a request came through the CloudFront distribution: CloudFront adds the origin custom header
/// <see cref="HeaderName"/> with a secret the function holds in <see cref="EnvironmentVariable"/> (the stack makes
/// both). A request without it, or with another value, came straight to the API's endpoint and is answered 403.
/// The comparison takes the same time whatever the value (both sides are SHA-256 hashed, then compared with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>, so not even the length leaks), and the value is never
/// logged or echoed.</summary>
public sealed class OriginVerification
{
    /// <summary>The header CloudFront sends (event header names are compared without regard to case).</summary>
    public const string HeaderName = "x-origin-verify";

    /// <summary>The environment variable with the expected value.</summary>
    public const string EnvironmentVariable = "ORIGIN_VERIFY_SECRET";

    /// <summary>A shorter secret is refused at start-up: it could be guessed.</summary>
    public const int MinimumLength = 32;

    private readonly byte[] _expectedHash;

    /// <summary>Creates the check for <paramref name="secret"/>.</summary>
    /// <exception cref="ConfigException">The secret is shorter than <see cref="MinimumLength"/>.</exception>
    public OriginVerification(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < MinimumLength)
        {
            // The message names the variable, never the value.
            throw new ConfigException(EnvironmentVariable, "must be at least " + MinimumLength + " characters");
        }

        _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>The check the environment asks for: none when <see cref="EnvironmentVariable"/> is unset or empty
    /// (the router runs somewhere else than behind this stack's distribution).</summary>
    /// <exception cref="ConfigException">The secret is too short.</exception>
    public static OriginVerification? FromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } secret ? new OriginVerification(secret) : null;

    /// <summary>True when the event carries the header with the expected value (one value; a repeated header is
    /// refused).</summary>
    public bool Allows(ReadOnlyMemory<byte> eventJson)
    {
        string? presented = null;
        var count = 0;
        try
        {
            using var doc = JsonDocument.Parse(eventJson, new JsonDocumentOptions { MaxDepth = 32 });
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in headers.EnumerateObject())
                {
                    if (header.Name.Equals(HeaderName, StringComparison.OrdinalIgnoreCase) && header.Value.ValueKind == JsonValueKind.String)
                    {
                        presented = header.Value.GetString();
                        count++;
                    }
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? ""));
        return CryptographicOperations.FixedTimeEquals(hash, _expectedHash) & count == 1;
    }
}
