using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeRouter.Publish;

/// <summary>
/// The invalidation paths a publish changed but could not invalidate, kept in the bucket itself so that the next
/// publish, from any machine, invalidates them. The object's key, <see cref="Key"/>, is one viewers never reach:
/// its last segment has no <c>.</c> and it is outside <c>/.well-known/</c>, so the stack's viewer-request function
/// answers <c>/.edge-router-publish/pending-invalidations</c> with a redirect to
/// <c>…/pending-invalidations/</c> (then that folder's missing index) in <c>error-page</c> and <c>list-bucket</c>
/// modes, and with <c>/index.html</c> in <c>spa</c> mode; and it is a dot name, which publish never uploads from the
/// folder, never deletes and never lists as the site's. Format: <c>{"version":1,"distributions":{"E…":["/a",…]}}</c>.
/// Written before the first upload (so a publish killed half-way is also invalidated next time), cleared for the
/// distribution once its invalidation was created.
/// </summary>
internal static class PendingInvalidations
{
    /// <summary>The object's key (see the class comment for why no viewer reaches it).</summary>
    public const string Key = ".edge-router-publish/pending-invalidations";

    /// <summary>The pending paths per distribution, or null when the text is unreadable: not JSON of this shape, or a
    /// path publish would not have written (<see cref="IsPath"/>). Null means "everything" (<c>/*</c>) for each
    /// distribution asked about: the safe reading.</summary>
    public static Dictionary<string, List<string>>? Parse(string? text)
    {
        var pending = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (text is null) return pending;
        try
        {
            var root = JsonNode.Parse(text) as JsonObject;
            if (root?["distributions"] is not JsonObject distributions) return null;
            foreach (var (id, paths) in distributions)
            {
                if (paths is not JsonArray array) return null;
                var list = new List<string>();
                foreach (var p in array)
                {
                    if (p?.GetValueKind() != JsonValueKind.String || p.GetValue<string>() is not { } path || !IsPath(path)) return null;
                    list.Add(path);
                }
                pending[id] = list;
            }
            return pending;
        }
        catch (JsonException) { return null; }
    }

    /// <summary>The largest record read (1 MiB, some 40,000 paths): a bigger one is not read, and counts as unreadable.</summary>
    public const long MaxBytes = 1024 * 1024;

    // What publish itself writes (InvalidationPaths.Encode): '/', then printable ASCII without the characters it
    // percent-encodes, '%' only before two hex digits, '*' only as the last character. Anything else came from
    // somewhere else: sent to CloudFront it would fail every invalidation from then on and never be cleared.
    private static readonly System.Text.RegularExpressions.Regex ValidPath = new(
        @"^/(?:[!$&-)+-;=@A-Z_a-z]|%[0-9A-F]{2})*\*?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static bool IsPath(string path) => path.Length <= 4096 && ValidPath.IsMatch(path);

    /// <summary>The object's text for <paramref name="pending"/>.</summary>
    public static string Serialize(Dictionary<string, List<string>> pending) =>
        new JsonObject
        {
            ["version"] = 1,
            ["distributions"] = new JsonObject(pending.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create<string, JsonNode?>(p.Key, new JsonArray([.. p.Value.Order(StringComparer.Ordinal).Select(v => (JsonNode?)JsonValue.Create(v))])))),
        }.ToJsonString();
}
