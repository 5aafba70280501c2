namespace EdgeRouter.Publish;

/// <summary>
/// Refuses a publish that would delete most of the site, as <c>rsync --max-delete</c> does: a wrong SITE (a sub-folder,
/// another project's build) would otherwise empty the bucket. Without MAX_DELETE a publish is refused when it would
/// delete more than half of the bucket's objects, or the site's <c>index.html</c>, or its not-found page
/// (<c>not_found_page</c>, default <c>404.html</c>). MAX_DELETE=N confirms up to N deletions, whatever they are, and
/// refuses more. Refused means nothing was changed.
/// </summary>
internal static class DeleteGuard
{
    /// <summary>Null when the deletions may go ahead, else why not (one line, with what to give).</summary>
    public static string? Check(IReadOnlyList<string> deletes, int objectsInBucket, int? maxDelete, string notFoundPage)
    {
        if (deletes.Count == 0) return null;
        var sample = string.Join(", ", deletes.Take(5)) + (deletes.Count > 5 ? $" and {deletes.Count - 5} more" : "");
        if (maxDelete is { } max)
        {
            return deletes.Count <= max ? null
                : $"this publish would delete {deletes.Count} objects ({sample}), more than MAX_DELETE={max}: check SITE, or give MAX_DELETE={deletes.Count} (DRY_RUN=1 lists them); nothing was changed";
        }
        var reasons = new List<string>();
        if (deletes.Count * 2 > objectsInBucket) reasons.Add($"{deletes.Count} of the bucket's {objectsInBucket} objects, more than half");
        foreach (var vital in new[] { "index.html", notFoundPage }.Distinct(StringComparer.Ordinal))
        {
            if (deletes.Contains(vital, StringComparer.Ordinal)) reasons.Add($"{vital}, {(vital == "index.html" ? "the home page" : "the not-found page")}");
        }
        return reasons.Count == 0 ? null
            : $"this publish would delete {string.Join("; and ", reasons)} ({sample}): check SITE, or confirm with MAX_DELETE={deletes.Count} (DRY_RUN=1 lists them); nothing was changed";
    }
}
