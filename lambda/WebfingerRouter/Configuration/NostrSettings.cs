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

    /// <summary>A NIP-05 name in either case: 1-64 of <c>a-z A-Z 0-9 - _ .</c>.</summary>
    public static bool IsName(string value) =>
        value.Length is >= 1 and <= MaxNameLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>A public key as NIP-05 writes it: 64 lower-case hex digits.</summary>
    public static bool IsPublicKey(string value) => Contract.ConfigRules.NostrPublicKey.Allows(value);

    /// <summary>A relay URL: <c>wss://</c>, a lower-case host, no user info, query, fragment or character that needs
    /// escaping: <see cref="Contract.ConfigRules.WssUrl"/>.</summary>
    public static bool IsRelayUrl(string value) => Contract.ConfigRules.WssUrl.Allows(value);
}
