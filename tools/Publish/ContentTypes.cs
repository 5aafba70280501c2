namespace EdgeRouter.Publish;

/// <summary>
/// The Content-Type each object is stored with. S3 serves what it was given at upload, and CloudFront passes it on,
/// so a wrong type here is a wrong type for every viewer (a stylesheet as application/octet-stream is ignored by
/// browsers; a JRD as text/plain is refused by strict WebFinger clients).
/// </summary>
internal static class ContentTypes
{
    /// <summary>What an unknown extension gets (and a warning): S3's own default.</summary>
    public const string Fallback = "application/octet-stream";

    // Text types carry charset=utf-8: without it browsers guess, and S3 never adds one.
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".htm"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        // RFC 9239: text/javascript is the one type for JavaScript, modules included.
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".cjs"] = "text/javascript; charset=utf-8",
        [".json"] = "application/json",
        // Source maps are JSON (the source map specification; browsers' dev tools accept it).
        [".map"] = "application/json",
        [".jsonld"] = "application/ld+json",
        [".webmanifest"] = "application/manifest+json",
        [".xml"] = "application/xml",
        [".rss"] = "application/rss+xml",
        [".atom"] = "application/atom+xml",
        [".xrd"] = "application/xrd+xml",
        [".jrd"] = "application/jrd+json",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".webp"] = "image/webp",
        [".avif"] = "image/avif",
        [".gif"] = "image/gif",
        // image/x-icon is what browsers and most servers use; image/vnd.microsoft.icon is the registered name.
        [".ico"] = "image/x-icon",
        [".woff"] = "font/woff",
        [".woff2"] = "font/woff2",
        [".ttf"] = "font/ttf",
        [".otf"] = "font/otf",
        [".txt"] = "text/plain; charset=utf-8",
        [".md"] = "text/markdown; charset=utf-8",
        [".csv"] = "text/csv; charset=utf-8",
        [".wasm"] = "application/wasm",
        [".pdf"] = "application/pdf",
        [".mp4"] = "video/mp4",
        [".webm"] = "video/webm",
        [".mp3"] = "audio/mpeg",
        [".ogg"] = "audio/ogg",
        [".zip"] = "application/zip",
        [".gz"] = "application/gzip",
    };

    // Extensionless documents under /.well-known/, with the type their protocol names.
    private static readonly Dictionary<string, string> WellKnown = new(StringComparer.Ordinal)
    {
        // RFC 7033 section 10.2: a WebFinger answer is a JRD.
        ["webfinger"] = "application/jrd+json",
        // RFC 6415 section 3: host-meta is an XRD document (host-meta.json is JSON, by its extension).
        ["host-meta"] = "application/xrd+xml",
        // AT Protocol handle resolution: the DID as plain text.
        ["atproto-did"] = "text/plain; charset=utf-8",
        // Apple's universal links: JSON without an extension.
        ["apple-app-site-association"] = "application/json",
        // Matrix client-server and server-server specifications: JSON.
        ["matrix/server"] = "application/json",
        ["matrix/client"] = "application/json",
        ["matrix/support"] = "application/json",
        // OpenID Connect Discovery 1.0 and RFC 8414: JSON.
        ["openid-configuration"] = "application/json",
        ["oauth-authorization-server"] = "application/json",
        ["oauth-protected-resource"] = "application/json",
        // NodeInfo discovery: a JRD-shaped JSON document.
        ["nodeinfo"] = "application/json",
        // RFC 9116 (security.txt is also found by its extension).
        ["security"] = "text/plain; charset=utf-8",
        // Chrome's private prefetch proxy traffic advice.
        ["traffic-advice"] = "application/trafficadvice+json",
    };

    /// <summary>The Content-Type for an object key; <paramref name="known"/> is false for the fallback.</summary>
    public static string For(string key, out bool known)
    {
        known = true;
        const string wellKnownPrefix = ".well-known/";
        var name = key[(key.LastIndexOf('/') + 1)..];
        var extension = Path.GetExtension(name);
        if (extension.Length > 0 && ByExtension.TryGetValue(extension, out var byExtension))
        {
            return byExtension;
        }
        if (key.StartsWith(wellKnownPrefix, StringComparison.Ordinal)
            && WellKnown.TryGetValue(key[wellKnownPrefix.Length..], out var wellKnown))
        {
            return wellKnown;
        }
        known = false;
        return Fallback;
    }
}
