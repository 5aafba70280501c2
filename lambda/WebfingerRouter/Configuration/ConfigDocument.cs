using System.Text.Json.Serialization;
using EdgeRouter.Webfinger.Jrd;

namespace EdgeRouter.Webfinger.Configuration;

// The raw shape of WEBFINGER_CONFIG as System.Text.Json reads it (source-generated, no reflection). Everything is
// nullable here; ConfigParser turns it into RouterConfig and says which field is wrong. Unknown members are errors,
// so a misspelt section ("mastadon") never silently switches a feature off.

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class ConfigDocument
{
    [JsonPropertyName("domain")] public string? Domain { get; set; }
    [JsonPropertyName("mastodon")] public MastodonSection? Mastodon { get; set; }
    [JsonPropertyName("oidc")] public OidcSection? Oidc { get; set; }
    [JsonPropertyName("resources")] public Dictionary<string, JrdDocument?>? Resources { get; set; }

    // The other well-known documents arrive raw; their own Settings records read them (messages written there).
    [JsonPropertyName("atproto"), JsonConverter(typeof(RawSectionConverter))] public System.Text.Json.JsonElement? Atproto { get; set; }
    [JsonPropertyName("matrix"), JsonConverter(typeof(RawSectionConverter))] public System.Text.Json.JsonElement? Matrix { get; set; }
    [JsonPropertyName("nostr"), JsonConverter(typeof(RawSectionConverter))] public System.Text.Json.JsonElement? Nostr { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class MastodonSection
{
    [JsonPropertyName("host")] public string? Host { get; set; }
    [JsonPropertyName("accounts")] public List<string?>? Accounts { get; set; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed class OidcSection
{
    [JsonPropertyName("issuer")] public string? Issuer { get; set; }
    [JsonPropertyName("accounts")] public List<string?>? Accounts { get; set; }
}
