using System.Security.Cryptography;

namespace EdgeRouter.Publish;

/// <summary>Reads the site folder: every file under it becomes an object, except version-control folders and
/// desktop litter, which must never become public.</summary>
internal static class LocalSite
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { ".git", ".svn", ".hg" };
    private static readonly HashSet<string> SkippedFiles = new(StringComparer.Ordinal) { ".DS_Store", "Thumbs.db", "desktop.ini" };

    /// <summary>
    /// The folder's files, sorted by key. Throws <see cref="PublishRefusedException"/> when the folder is missing,
    /// is not a folder, or holds no file: publishing it would delete every object in the bucket.
    /// </summary>
    public static IReadOnlyList<LocalFile> Read(string folder, CacheRules cacheRules, Action<string> warn)
    {
        if (File.Exists(folder)) throw new PublishRefusedException($"SITE={folder} is a file, not a folder");
        if (!Directory.Exists(folder))
        {
            throw new PublishRefusedException($"SITE={folder} does not exist; nothing was changed (publishing a missing folder would empty the bucket)");
        }
        var root = Path.GetFullPath(folder);
        var files = new List<LocalFile>();
        foreach (var path in Enumerate(root))
        {
            var key = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            var contentType = ContentTypes.For(key, out var known);
            if (!known) warn($"{key}: no Content-Type known for this name; stored as {ContentTypes.Fallback}");
            using var stream = File.OpenRead(path);
            var sha = Convert.ToHexStringLower(SHA256.HashData(stream));
            files.Add(new LocalFile(key, path, stream.Length, sha, contentType, cacheRules.For(key).Value));
        }
        if (files.Count == 0)
        {
            throw new PublishRefusedException($"SITE={folder} holds no files; nothing was changed (publishing an empty folder would empty the bucket)");
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return files;
    }

    private static IEnumerable<string> Enumerate(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (!SkippedFiles.Contains(Path.GetFileName(file))) yield return file;
        }
        foreach (var sub in Directory.EnumerateDirectories(folder))
        {
            // A symbolic link to a folder could loop or reach outside the site: not followed.
            if (SkippedFolders.Contains(Path.GetFileName(sub)) || new DirectoryInfo(sub).LinkTarget is not null) continue;
            foreach (var file in Enumerate(sub)) yield return file;
        }
    }
}
