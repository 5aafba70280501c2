using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace EdgeRouter.Publish;

/// <summary>
/// Reads the site folder into the files to publish and the items skipped, each with why (<see cref="NameRules"/>):
/// <list type="bullet">
/// <item>dot names (except the top-level <c>.well-known/</c>) and desktop litter are skipped;</item>
/// <item>secret-bearing names (<c>*.pem</c>, <c>id_rsa</c>, <c>*.tfstate</c>, <c>*.tfvars</c>…) make the publish
/// refuse: such a file in a site folder means the wrong folder is being published;</item>
/// <item>symbolic links: a link to a file inside SITE is published with that file's content, unless the target's own
/// key would be skipped or refused (a link <c>a.txt → .env</c> publishes nothing); a link that leaves SITE (by its
/// real path), a dangling link and a link to a folder are never followed, so no loop can form;</item>
/// <item>anything that is not a regular file (a FIFO, a socket, a device) is skipped: reading one could block.</item>
/// </list>
/// INCLUDE globs publish skipped and refused names; they never follow a link out of SITE or to a folder.
/// </summary>
internal static class LocalSite
{
    /// <summary>S3's longest object key, in UTF-8 bytes.</summary>
    public const int MaxKeyBytes = 1024;

    // The folder of the tool's own record in the bucket (PendingInvalidations.Key).
    private static readonly string OwnRecordFolder = PendingInvalidations.Key[..(PendingInvalidations.Key.IndexOf('/') + 1)];

    /// <summary>
    /// The folder's files sorted by key, and what was skipped. Throws <see cref="PublishRefusedException"/> when the
    /// folder is missing, not a folder, holds no file to publish (that would delete every object in the bucket), holds
    /// a secret-bearing name INCLUDE does not name, or when an INCLUDE glob matches nothing skipped.
    /// </summary>
    public static LocalSiteContents Read(string folder, CacheRules cacheRules, IReadOnlyList<Glob> include, Action<string> warn)
    {
        if (File.Exists(folder)) throw new PublishRefusedException($"SITE={folder} is a file, not a folder; nothing was changed");
        if (!Directory.Exists(folder))
        {
            throw new PublishRefusedException($"SITE={folder} does not exist; nothing was changed (publishing a missing folder would empty the bucket)");
        }
        var root = RealPath(Path.GetFullPath(folder)) ?? throw new PublishRefusedException($"SITE={folder}: its real path cannot be resolved; nothing was changed");
        var candidates = new List<(string Key, string Path, string? Skip, bool Secret)>();
        var skipped = new List<SkippedItem>();
        Walk(root, root, "", candidates, skipped);

        var includeUsed = new bool[include.Count];
        bool Included(string key)
        {
            var hit = false;
            for (var i = 0; i < include.Count; i++)
            {
                if (include[i].Matches(key)) { includeUsed[i] = true; hit = true; }
            }
            return hit;
        }

        var files = new List<LocalFile>();
        var secrets = new List<string>();
        var tooLong = new List<string>();
        foreach (var (key, path, skip, secret) in candidates)
        {
            if (key.StartsWith(OwnRecordFolder, StringComparison.Ordinal))
            {
                // The tool's own record (PendingInvalidations): a folder's file uploaded over it would lose the
                // paths still to invalidate. Never published, whatever INCLUDE says.
                if (include.FirstOrDefault(g => g.Matches(key)) is { } glob)
                {
                    throw new PublishRefusedException($"INCLUDE: '{glob.Text}' names the tool's own record ({OwnRecordFolder}), which is never published from SITE; nothing was changed");
                }
                skipped.Add(new SkippedItem(key, $"in the dot-folder {OwnRecordFolder}"));
                continue;
            }
            if (System.Text.Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
            {
                tooLong.Add(key);
                continue;
            }
            if ((skip is not null || secret) && !Included(key))
            {
                if (skip is not null) skipped.Add(new SkippedItem(key, skip));
                else secrets.Add(key);
                continue;
            }
            var contentType = ContentTypes.For(key, out var known);
            if (!known) warn($"{key}: no Content-Type known for this name; stored as {ContentTypes.Fallback}");
            try
            {
                using var stream = PinnedFile.Open(key, path);
                var sha = Convert.ToHexStringLower(SHA256.HashData(stream));
                files.Add(new LocalFile(key, path, stream.Length, sha, contentType, cacheRules.For(key).Value));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new PublishRefusedException($"cannot read {Path.Combine(folder, key)}: {e.Message}; nothing was changed");
            }
        }
        if (tooLong.Count > 0)
        {
            // Refused before anything changes: S3 would refuse these uploads one by one, after the others were sent.
            throw new PublishRefusedException(
                $"SITE={folder} holds {tooLong.Count} file{(tooLong.Count == 1 ? "" : "s")} whose key is longer than S3's {MaxKeyBytes} bytes (UTF-8) ({Shorten([.. tooLong.Select(k => k[..Math.Min(k.Length, 60)] + "…")])}): shorten the path; nothing was changed");
        }
        if (secrets.Count > 0)
        {
            throw new PublishRefusedException(
                $"SITE={folder} holds {secrets.Count} file{(secrets.Count == 1 ? "" : "s")} whose name usually holds a secret ({Shorten(secrets)}): "
                + "is this the built site, not the project folder? Move them out, or publish them on purpose with INCLUDE='<glob>'; nothing was changed");
        }
        var unused = include.Where((_, i) => !includeUsed[i]).Select(g => g.Text).ToList();
        if (unused.Count > 0)
        {
            throw new PublishRefusedException(
                $"INCLUDE: {string.Join("; ", unused.Select(u => $"'{u}'"))} matches no skipped or refused file in SITE={folder} (INCLUDE only adds dot names and secret-bearing names; links that leave SITE are never followed); nothing was changed");
        }
        if (files.Count == 0)
        {
            throw new PublishRefusedException($"SITE={folder} holds no files to publish; nothing was changed (publishing an empty folder would empty the bucket)");
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new LocalSiteContents(files, GroupFolders(skipped));
    }

    private static void Walk(string root, string folder, string prefix, List<(string, string, string?, bool)> candidates, List<SkippedItem> skipped)
    {
        IEnumerable<FileSystemInfo> entries;
        try { entries = new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PublishRefusedException($"cannot read the folder {folder}: {e.Message}; nothing was changed");
        }
        foreach (var entry in entries)
        {
            var key = prefix + entry.Name;
            if (entry.Name.Contains('\uFFFD', StringComparison.Ordinal))
            {
                // The bytes of the name are not UTF-8: it cannot be opened by the name .NET decoded, nor be a key as written.
                skipped.Add(new SkippedItem(key, "a name that is not valid UTF-8 (rename it)"));
            }
            else if (entry.Name.Any(char.IsControl))
            {
                // A newline or an escape in a key: printed, it forges lines or drives the terminal; S3 lists keys in
                // XML 1.0, which cannot carry most control characters.
                skipped.Add(new SkippedItem(key, "a name with a control character (rename it)"));
            }
            else if (entry.LinkTarget is not null)
            {
                var target = RealPath(entry.FullName);
                if (target is null || !(File.Exists(target) || Directory.Exists(target)))
                {
                    skipped.Add(new SkippedItem(key, $"a link whose target does not exist ({entry.LinkTarget})"));
                }
                else if (target != root && !target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    skipped.Add(new SkippedItem(key, $"a link that leaves SITE (to {target})"));
                }
                else if (Directory.Exists(target))
                {
                    skipped.Add(new SkippedItem(key + "/", "a link to a folder (never followed)"));
                }
                else if (!IsRegularFile(target))
                {
                    skipped.Add(new SkippedItem(key, "a link to something that is not a regular file"));
                }
                else
                {
                    // Inside SITE: publish the content only if the target itself would be published under its own key.
                    var targetKey = Path.GetRelativePath(root, target).Replace(Path.DirectorySeparatorChar, '/');
                    var targetSkip = NameRules.SkipReason(targetKey) ?? (NameRules.IsSecretBearing(targetKey) ? "a secret-bearing name" : null);
                    if (targetSkip is not null) skipped.Add(new SkippedItem(key, $"a link to {targetKey}, which publish skips ({targetSkip})"));
                    else candidates.Add((key, target, NameRules.SkipReason(key), NameRules.IsSecretBearing(key)));
                }
            }
            else if (entry is DirectoryInfo)
            {
                Walk(root, entry.FullName, key + "/", candidates, skipped);
            }
            else if (!IsRegularFile(entry.FullName))
            {
                skipped.Add(new SkippedItem(key, "not a regular file (a FIFO, socket or device)"));
            }
            else
            {
                candidates.Add((key, entry.FullName, NameRules.SkipReason(key), NameRules.IsSecretBearing(key)));
            }
        }
    }

    // One line per skipped dot-folder (with its file count) rather than one per file inside it.
    private static List<SkippedItem> GroupFolders(List<SkippedItem> skipped)
    {
        var grouped = new List<SkippedItem>();
        foreach (var group in skipped.GroupBy(s => s.Reason.StartsWith("in the dot-folder ", StringComparison.Ordinal) ? s.Reason : s.Key + "\0" + s.Reason))
        {
            var first = group.First();
            if (first.Reason.StartsWith("in the dot-folder ", StringComparison.Ordinal))
            {
                var folder = first.Reason["in the dot-folder ".Length..];
                var count = group.Count();
                grouped.Add(new SkippedItem(folder, $"a dot-folder, {count} file{(count == 1 ? "" : "s")}"));
            }
            else grouped.Add(first);
        }
        grouped.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return grouped;
    }

    private static string Shorten(List<string> keys) =>
        string.Join(", ", keys.Take(5)) + (keys.Count > 5 ? $" and {keys.Count - 5} more" : "");

    // .NET reports FIFOs, sockets and devices as files, and opening a FIFO blocks: the type comes from stat(2), through
    // the runtime's own native shim (SystemNative_Stat, whose FileStatus starts with int Flags, int Mode).
    private static bool IsRegularFile(string path)
    {
        var status = new byte[512];
        try
        {
            if (SystemNativeStat(path, status) != 0) return false;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // A runtime without the shim: fall back to what .NET can tell (a FIFO would then be opened).
            return File.Exists(path);
        }
        const int typeMask = 0xF000, regularFile = 0x8000;
        return (BitConverter.ToInt32(status, 4) & typeMask) == regularFile;
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int SystemNativeStat(string path, byte[] output);

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr RealPathNative(string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);

    /// <summary>The canonical path (every link and <c>..</c> resolved, as realpath(3)), or null when it cannot be
    /// resolved (a dangling link, a loop).</summary>
    internal static string? RealPath(string path)
    {
        var result = RealPathNative(path, IntPtr.Zero);
        if (result == IntPtr.Zero) return null;
        try { return Marshal.PtrToStringUTF8(result); }
        finally { Free(result); }
    }
}
