namespace EdgeRouter.Publish;

/// <summary>
/// Which keys publish never uploads by default, judged by the key alone, so that the folder and the bucket are
/// judged alike: a name publish skips in the folder is also a name it leaves alone in the bucket.
/// <list type="bullet">
/// <item>a <b>dot name</b>: any segment of the key that starts with <c>.</c> (<c>.env</c>, <c>.npmrc</c>,
/// <c>.htpasswd</c>, <c>.git/</c>, <c>.aws/</c>, <c>.DS_Store</c>, <c>docs/.env</c>), except the top-level folder
/// <c>.well-known/</c> itself (RFC 8615); a dot name inside it (<c>.well-known/.env</c>) is still a dot name;</item>
/// <item><b>desktop litter</b>: <c>Thumbs.db</c>, <c>desktop.ini</c>;</item>
/// <item>a <b>secret-bearing name</b> (<see cref="IsSecretBearing"/>): these make publish refuse, not skip, since such
/// a file in a site folder means the wrong folder is being published.</item>
/// </list>
/// </summary>
internal static class NameRules
{
    /// <summary>The one dot-folder that is published: RFC 8615 well-known URIs, at the top of the site only.</summary>
    public const string WellKnown = ".well-known";

    private static readonly HashSet<string> Litter = new(StringComparer.OrdinalIgnoreCase) { "Thumbs.db", "desktop.ini" };

    // Private keys and key stores, Terraform state and variables (they hold secrets and account IDs), password
    // databases. Matched on the file name, case-insensitively.
    private static readonly string[] SecretSuffixes =
        [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk", ".tfstate", ".tfstate.backup", ".tfvars", ".tfvars.json", ".kdbx"];
    private static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase)
        { "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk" };

    /// <summary>Why a key is skipped by its name (a dot name or litter), or null when its name is published.</summary>
    public static string? SkipReason(string key)
    {
        var segments = key.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (!segment.StartsWith('.')) continue;
            if (i == 0 && segment == WellKnown && segments.Length > 1) continue;
            return i == segments.Length - 1 ? "a dotfile" : $"in the dot-folder {string.Join('/', segments[..(i + 1)])}/";
        }
        return Litter.Contains(segments[^1]) ? "desktop litter" : null;
    }

    /// <summary>True for a file name that usually holds a secret (see the class comment).</summary>
    public static bool IsSecretBearing(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        return SecretNames.Contains(name) || SecretSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));
    }
}
