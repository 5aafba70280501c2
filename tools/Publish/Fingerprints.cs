using System.Text.RegularExpressions;

namespace EdgeRouter.Publish;

/// <summary>
/// Tells a name that carries a content hash, as bundlers and site generators write one, from a name a person chose.
/// Only the first may be cached for a year as <c>immutable</c>: a person's <c>banner-Summer2024.jpg</c> is replaced
/// under the same name, and a viewer would keep the old one for a year. The formats (read from the tools' sources and
/// documentation):
/// <list type="bullet">
/// <item><b>Folders whose framework promises every file is hashed</b>: SvelteKit <c>_app/immutable/</c>, Next.js
/// <c>_next/static/</c> (Next serves both as immutable itself).</item>
/// <item><b>Long hex</b>, 16 or more hex digits with a letter and a digit, as a whole name segment: webpack
/// <c>[contenthash]</c> (20), Angular before v17 (16 or 20), Gatsby (<c>app-&lt;20&gt;.js</c>), Next.js (16), Hugo
/// fingerprints (<c>.min.&lt;64&gt;.css</c>, SHA-256), jekyll-assets and Sprockets (32, 64).</item>
/// <item><b>Short hex</b>, 8 to 15 hex digits after a <c>.</c> or <c>-</c> (<c>[contenthash:8]</c>: Create React App,
/// Rsbuild, Parcel): only when letters and digits alternate at least twice, as random hex does, so that
/// <c>menu-cafe2024</c> or <c>deadbeef</c> (a word, then a number) is not taken for a hash.</item>
/// <item><b>Short base64url</b>, exactly 8 of <c>A-Z a-z 0-9 - _</c> after a <c>-</c> or <c>.</c> (Rollup and Vite
/// <c>[name]-[hash]</c>, Rolldown; Astro and SvelteKit <c>name.[hash]</c>), and <b>base32</b>, exactly 8 of
/// <c>A-Z 2-7</c> (esbuild <c>[name]-[hash]</c>, Angular 17+): only for code (<c>.js .mjs .cjs .css .wasm</c>, and
/// their <c>.map</c>) or under Astro's <c>_astro/</c>, and only when the 8 characters do not read as words and
/// numbers: base64url needs an upper- and a lower-case letter, no run of 4 lower-case letters, and 4 or more runs
/// (a run: a capitalised or lower-case word, an upper-case run, a number, a <c>-</c>/<c>_</c>); base32 needs a letter,
/// a digit and 3 or more runs. <c>team-JaneDoe4</c>, <c>menu-SUMMER24</c> are words and a number.</item>
/// </list>
/// HTML is never immutable (its URL is what people link to). A hash these rules miss is only revalidated, the safe
/// direction; <c>CACHE=</c> rules cover the rest. UUIDs (8-4-4-4-12, with dashes) are names, not content hashes: an
/// upload named by a UUID may be replaced under it.
/// </summary>
internal static class Fingerprints
{
    private static readonly string[] ImmutableFolders = ["_app/immutable/", "_next/static/"];
    private static readonly HashSet<string> CodeExtensions = new(StringComparer.OrdinalIgnoreCase) { "js", "mjs", "cjs", "css", "wasm" };

    // One segment of a name: split at '.', and the last '-'/'_'-separated part of it (name-[hash], name_[hash]).
    private static readonly Regex LongHex = new(@"^(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{16,}$", RegexOptions.CultureInvariant);
    private static readonly Regex ShortHex = new(@"^(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{8,15}$", RegexOptions.CultureInvariant);
    private static readonly Regex Base64Url = new(@"^[A-Za-z0-9_-]{8}$", RegexOptions.CultureInvariant);
    private static readonly Regex Base32 = new(@"^[A-Z2-7]{8}$", RegexOptions.CultureInvariant);
    private static readonly Regex Uuid = new(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", RegexOptions.CultureInvariant);
    private static readonly Regex Runs = new(@"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+|[-_]", RegexOptions.CultureInvariant);

    /// <summary>True when <paramref name="key"/> (a whole object key) carries a content hash (see the class comment).</summary>
    public static bool IsFingerprinted(string key)
    {
        var slash = key.LastIndexOf('/');
        var folder = key[..(slash + 1)];
        var name = key[(slash + 1)..];
        if (name.EndsWith(".map", StringComparison.OrdinalIgnoreCase)) name = name[..^4];
        var dot = name.LastIndexOf('.');
        if (dot <= 0) return false;
        var extension = name[(dot + 1)..];
        if (extension.Equals("html", StringComparison.OrdinalIgnoreCase) || extension.Equals("htm", StringComparison.OrdinalIgnoreCase)) return false;
        if (ImmutableFolders.Any(f => folder.StartsWith(f, StringComparison.Ordinal) || folder.Contains("/" + f, StringComparison.Ordinal))) return true;

        var stem = name[..dot];
        if (Uuid.IsMatch(stem)) return false;
        var segments = stem.Split('.');
        // Long hex anywhere as a whole '.'-segment or its last '-'/'_' part (Hugo: main.min.<hash>.css; Gatsby: app-<hash>.js).
        foreach (var segment in segments)
        {
            if (LongHex.IsMatch(LastPart(segment))) return true;
        }
        if (segments.Length > 1 && segments.Skip(1).Any(s => IsShortHex(s))) return true;
        if (IsShortHex(LastPart(stem), requireSeparator: true, stem)) return true;

        // Exactly 8 characters after a '-' or '.', right before the extension.
        var shortAllowed = CodeExtensions.Contains(extension) || folder.StartsWith("_astro/", StringComparison.Ordinal) || folder.Contains("/_astro/", StringComparison.Ordinal);
        if (!shortAllowed || stem.Length < 10) return false;
        var candidate = stem[^8..];
        var separator = stem[^9];
        if (separator is not ('-' or '.')) return false;
        return IsBase64UrlHash(candidate) || IsBase32Hash(candidate);
    }

    private static string LastPart(string segment)
    {
        var cut = segment.LastIndexOfAny(['-', '_']);
        return cut < 0 ? segment : segment[(cut + 1)..];
    }

    private static bool IsShortHex(string candidate, bool requireSeparator = false, string? stem = null)
    {
        if (!ShortHex.IsMatch(candidate) || Switches(candidate) < 2) return false;
        if (!requireSeparator) return true;
        // name-<hash>: the part must follow a '-' (name_<hash> is too often a person's name_2024ab).
        return stem!.Length > candidate.Length && stem[^(candidate.Length + 1)] == '-';
    }

    // How many times the characters change between letters and digits: random hex changes often, words rarely.
    private static int Switches(string text)
    {
        var switches = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsAsciiDigit(text[i]) != char.IsAsciiDigit(text[i - 1])) switches++;
        }
        return switches;
    }

    private static bool IsBase64UrlHash(string text) =>
        Base64Url.IsMatch(text) && text.Any(char.IsAsciiLetterUpper) && text.Any(char.IsAsciiLetterLower)
        && !Regex.IsMatch(text, "[a-z]{4}", RegexOptions.CultureInvariant) && Runs.Count(text) >= 4;

    private static bool IsBase32Hash(string text) =>
        Base32.IsMatch(text) && text.Any(char.IsAsciiDigit) && text.Any(char.IsAsciiLetter) && Runs.Count(text) >= 3;
}
