using System.Text.Json;

namespace EdgeRouter.Webfinger.Configuration;

/// <summary>The <c>atproto</c> section: the DID that <c>/.well-known/atproto-did</c> answers, so that the domain can
/// be a Bluesky (AT Protocol) handle verified over HTTPS.</summary>
/// <param name="Did">A <c>did:plc:</c> or <c>did:web:</c> DID (<see cref="DidSyntax"/>).</param>
public sealed record AtprotoSettings(string Did)
{
    /// <summary>Reads the section; the field names in messages start with <c>atproto</c>.</summary>
    internal static AtprotoSettings? From(JsonElement? section)
    {
        if (section is not { } s || s.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        const string field = "atproto";
        var members = SectionReader.Members(s, field, "did");
        if (!members.TryGetValue("did", out var did))
        {
            throw new ConfigException("atproto.did", "is required");
        }

        var value = SectionReader.String(did, "atproto.did");
        if (!DidSyntax.IsAtprotoDid(value))
        {
            throw new ConfigException("atproto.did",
                "must be did:plc:<24 characters a-z 2-7> or did:web:<bare host name>, got " + ConfigParser.Quote(value));
        }

        return new AtprotoSettings(value);
    }
}
