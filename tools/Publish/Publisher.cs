using System.Collections.Concurrent;

namespace EdgeRouter.Publish;

/// <summary>
/// One publish: compare the folder with the bucket, upload what changed (assets before HTML, so a new page never
/// names an asset that is not there yet), delete what the folder no longer has (only when every upload succeeded:
/// an old page may still name the old files), then one invalidation for exactly the changed and deleted paths.
/// Every failed operation is printed and makes the exit status 1; nothing is retried silently beyond the SDK's
/// own retries.
/// </summary>
internal sealed class Publisher(PublishOptions options, SiteBucket bucket, string? distribution, string notFoundPage, TextWriter output)
{
    private readonly Lock writeLock = new();
    private int failures;

    /// <summary>Runs the publish; returns the process exit status (0 only when every operation succeeded). Throws
    /// <see cref="PublishRefusedException"/> when it stops before changing anything.</summary>
    public async Task<int> RunAsync(LocalSiteContents site, CancellationToken cancel)
    {
        var files = site.Files;
        var mode = options.DryRun ? "dry run: " : "";
        Say($"publish: {mode}{files.Count} files in {options.Site} -> s3://{bucket.Name}, distribution {distribution ?? "none (no invalidation)"}");

        // 1. What is there, and what an earlier publish could not invalidate. A bucket we cannot list is a refusal:
        //    nothing has been changed yet.
        List<string> remoteKeys;
        Dictionary<string, List<string>>? pending;
        string pendingProblem;
        try
        {
            remoteKeys = [.. (await bucket.ListKeysAsync(cancel)).Where(k => !k.StartsWith(PendingInvalidations.Key.Split('/')[0] + "/", StringComparison.Ordinal))];
            var (text, tooLarge) = await bucket.GetTextAsync(PendingInvalidations.Key, PendingInvalidations.MaxBytes, cancel);
            pending = tooLarge ? null : PendingInvalidations.Parse(text);
            pendingProblem = tooLarge ? $" (larger than {PendingInvalidations.MaxBytes / (1024 * 1024)} MiB)" : "";
        }
        catch (Exception e) when (SiteBucket.IsRequestError(e))
        {
            throw new PublishRefusedException($"cannot list s3://{bucket.Name}: {SiteBucket.Describe(e)}; nothing was changed");
        }
        if (pending is null) Say($"publish: warning: s3://{bucket.Name}/{PendingInvalidations.Key} is unreadable{pendingProblem}: everything (/*) is invalidated to be safe");
        var pendingHere = distribution is null ? [] : pending is null ? [InvalidationPaths.Everything] : pending.GetValueOrDefault(distribution) ?? [];

        var remote = new HashSet<string>(remoteKeys, StringComparer.Ordinal);
        var local = files.ToDictionary(f => f.Key, StringComparer.Ordinal);
        var gone = remoteKeys.Where(k => !local.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();

        // Objects under names publish skips are never deleted by surprise: the folder's copy was skipped, not removed.
        var kept = gone.Select(k => (Key: k, Why: SkippedBecause(k, site.Skipped))).Where(k => k.Why is not null).ToList();
        var deletes = options.DeleteSkipped ? gone : gone.Except(kept.Select(k => k.Key), StringComparer.Ordinal).ToList();
        if (!options.DeleteSkipped)
        {
            foreach (var (key, why) in kept.Take(20))
            {
                Say($"publish: left in the bucket: {key} ({why}; publish skips this name, so it is not deleted; it is still served: DELETE_SKIPPED=1 deletes it)");
            }
            if (kept.Count > 20) Say($"publish: left in the bucket: {kept.Count - 20} more objects under skipped names (DELETE_SKIPPED=1 deletes them)");
        }
        if (DeleteGuard.Check(deletes, remoteKeys.Count, options.MaxDelete, notFoundPage) is { } refusal)
        {
            if (options.DryRun) foreach (var key in deletes) Say($"  would delete {key}");
            throw new PublishRefusedException(refusal);
        }

        // 2. What changed: the stored SHA-256 and headers against the folder's.
        var reasons = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var headFailed = 0;
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancel }, async (file, ct) =>
        {
            if (!remote.Contains(file.Key)) { reasons[file.Key] = "new"; return; }
            try
            {
                var stored = await bucket.HeadAsync(file.Key, ct);
                var reason = stored.Sha256 is null ? "no sha256 metadata"
                    : stored.Sha256 != file.Sha256 ? "content changed"
                    : stored.ContentType != file.ContentType ? $"Content-Type was {stored.ContentType}"
                    : !SameDirectives(stored.CacheControl, file.CacheControl) ? $"Cache-Control was {stored.CacheControl ?? "(none)"}"
                    : null;
                if (reason is not null) reasons[file.Key] = reason;
            }
            catch (Exception e) when (SiteBucket.IsRequestError(e))
            {
                Interlocked.Increment(ref headFailed);
                Fail($"read {file.Key}", e);
            }
        });
        if (headFailed > 0)
        {
            Say($"publish: {headFailed} objects could not be read; nothing was changed");
            return 1;
        }

        var uploads = files.Where(f => reasons.ContainsKey(f.Key))
            .OrderBy(f => IsHtml(f.Key) ? 1 : 0).ThenBy(f => f.Key, StringComparer.Ordinal).ToList();
        var unchanged = files.Count - uploads.Count;
        var changedPaths = InvalidationPaths.For(uploads.Select(f => f.Key).Concat(deletes), int.MaxValue);
        var paths = InvalidationPaths.Collapse(changedPaths.Concat(pendingHere), options.MaxInvalidationPaths);
        var totalBytes = uploads.Sum(f => f.Size);

        // 3. Before the first change, what will need invalidating is recorded in the bucket: an invalidation that
        //    fails, or a publish killed half-way, is then invalidated by the next publish from any machine.
        if (!options.DryRun && distribution is not null && changedPaths.Count > 0)
        {
            var record = pending ?? new Dictionary<string, List<string>>(StringComparer.Ordinal);
            record[distribution] = [.. InvalidationPaths.Collapse(changedPaths.Concat(pendingHere), PublishOptions.MaxPathsLimit)];
            try { await bucket.PutTextAsync(PendingInvalidations.Key, PendingInvalidations.Serialize(record), cancel); }
            catch (Exception e) when (SiteBucket.IsRequestError(e))
            {
                throw new PublishRefusedException($"cannot record the paths to invalidate in s3://{bucket.Name}/{PendingInvalidations.Key}: {SiteBucket.Describe(e)}; nothing was changed");
            }
            pending = record;
        }

        // 4. Uploads.
        var done = 0;
        var uploaded = 0;
        long uploadedBytes = 0;
        foreach (var group in uploads.GroupBy(f => IsHtml(f.Key)))
        {
            await Parallel.ForEachAsync(group, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancel }, async (file, ct) =>
            {
                if (!options.DryRun)
                {
                    try { await bucket.PutAsync(file, ct); }
                    catch (Exception e) when (SiteBucket.IsRequestError(e))
                    {
                        Interlocked.Increment(ref done);
                        Fail($"upload {file.Key}", e);
                        return;
                    }
                    Interlocked.Increment(ref uploaded);
                    Interlocked.Add(ref uploadedBytes, file.Size);
                }
                var n = Interlocked.Increment(ref done);
                Say($"  [{n}/{uploads.Count}] {(options.DryRun ? "would upload" : "uploaded")} {file.Key} ({Size(file.Size)}; {file.ContentType}; {file.CacheControl}) - {reasons[file.Key]}"
                    + (options.DryRun ? "" : $"; {Size(Interlocked.Read(ref uploadedBytes))} of {Size(totalBytes)}"));
            });
        }

        // 5. Deletes, only after every upload succeeded.
        var deleted = 0;
        if (deletes.Count > 0 && failures > 0)
        {
            Say($"publish: {deletes.Count} deletions skipped because uploads failed (old pages may still name those objects)");
        }
        else if (deletes.Count > 0)
        {
            foreach (var key in deletes) Say($"  {(options.DryRun ? "would delete" : "delete")} {key}");
            if (!options.DryRun)
            {
                var failed = await bucket.DeleteAsync(deletes, cancel);
                foreach (var (key, error) in failed) Fail($"delete {key}", error);
                deleted = deletes.Count - failed.Count;
            }
        }

        // 6. One invalidation for what changed and what was still pending.
        string invalidation = "none";
        var fromBefore = pendingHere.Count == 0 ? "" : $" ({pendingHere.Count} pending from an earlier publish)";
        if (changedPaths.Count > 0 && distribution is null)
        {
            invalidation = "none (DISTRIBUTION=none)";
        }
        else if (paths.Count > 0 && distribution is { } distributionId)
        {
            Say($"  {(options.DryRun ? "would invalidate" : "invalidate")} {paths.Count} paths on {distributionId}{fromBefore}: {string.Join(' ', paths)}");
            if (options.DryRun) invalidation = $"{paths.Count} paths (not created)";
            else
            {
                try
                {
                    var id = CloudFrontInvalidator.Create(distributionId, paths);
                    invalidation = $"{id} ({paths.Count} paths)";
                    await ClearPendingAsync(pending, distributionId, cancel);
                }
                catch (InvalidOperationException e)
                {
                    Fail($"invalidate {paths.Count} paths on {distributionId}", e.Message);
                    Say($"publish: the paths stay recorded in s3://{bucket.Name}/{PendingInvalidations.Key}: the next publish to {distributionId} invalidates them");
                    invalidation = "FAILED";
                }
            }
        }

        var summary = options.DryRun
            ? $"publish: dry run, nothing changed: would upload {uploads.Count} ({Size(totalBytes)}), delete {deletes.Count}, invalidate {(paths.Count == 0 || distribution is null ? "nothing" : string.Join(' ', paths))}; {unchanged} unchanged"
            : $"publish: uploaded {uploaded} ({Size(uploadedBytes)}), deleted {deleted}, unchanged {unchanged}, invalidation {invalidation}; {failures} failed";
        Say(summary);
        return failures == 0 ? 0 : 1;
    }

    private async Task ClearPendingAsync(Dictionary<string, List<string>>? pending, string distributionId, CancellationToken cancel)
    {
        try
        {
            var rest = pending ?? [];
            if (rest.Remove(distributionId) && rest.Count > 0) await bucket.PutTextAsync(PendingInvalidations.Key, PendingInvalidations.Serialize(rest), cancel);
            else if (rest.Count == 0) await bucket.DeleteOneAsync(PendingInvalidations.Key, cancel);
        }
        catch (Exception e) when (SiteBucket.IsRequestError(e))
        {
            // Harmless: the next publish invalidates these paths once more.
            Say($"publish: warning: the pending invalidation list could not be cleared ({SiteBucket.Describe(e)}); the next publish invalidates these paths again");
        }
    }

    // Why a bucket key the folder no longer has is left alone: a name publish skips, or an item it skipped.
    private static string? SkippedBecause(string key, IReadOnlyList<SkippedItem> skipped)
    {
        if (NameRules.SkipReason(key) is { } reason) return reason;
        if (NameRules.IsSecretBearing(key)) return "a secret-bearing name";
        var item = skipped.FirstOrDefault(s => s.Key == key || (s.Key.EndsWith('/') && key.StartsWith(s.Key, StringComparison.Ordinal)));
        return item?.Reason;
    }

    // The SDK hands back Cache-Control re-serialized ("public, must-revalidate, max-age=0"): compare the directives.
    private static bool SameDirectives(string? stored, string wanted)
    {
        static string Normal(string? v) => string.Join(',', (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.ToLowerInvariant()).Order(StringComparer.Ordinal));
        return Normal(stored) == Normal(wanted);
    }

    private static bool IsHtml(string key) =>
        key.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || key.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes / (1024.0 * 1024):0.0} MiB",
    };

    private void Fail(string what, Exception e) => Fail(what, SiteBucket.Describe(e));

    private void Fail(string what, string error)
    {
        Interlocked.Increment(ref failures);
        Say($"  FAILED {what}: {error}");
    }

    private void Say(string line)
    {
        lock (writeLock) output.WriteLine(ConsoleText.Printable(line));
    }
}
