using System.Security.Cryptography;

namespace EdgeRouter.Publish;

/// <summary>
/// Opens a site file for reading so that what is read is the file publish judged: the folder is read (walked, judged,
/// hashed) long before the upload opens the file again, and in between a file inside SITE can be swapped for a link
/// out of it (or a folder on its path for a link), which opening by path would follow. The opened handle is checked
/// against the path it was meant to be (its real path, read back from <c>/proc/self/fd</c>, where Linux keeps the
/// path a handle really refers to), and for an upload its content against the SHA-256 publish read.
/// </summary>
internal static class PinnedFile
{
    /// <summary>Opens <paramref name="realPath"/> (a real path: no link, no <c>..</c>) for reading; throws
    /// <see cref="IOException"/> when the handle refers to another file (a link swapped in since it was judged).</summary>
    public static FileStream Open(string key, string realPath)
    {
        var stream = new FileStream(realPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var opened = OpenedPath(stream);
        if (opened is not null && opened != realPath)
        {
            stream.Dispose();
            throw new IOException($"{key} is no longer the file publish read (it now leads to {opened}); not uploaded: run publish again");
        }
        return stream;
    }

    /// <summary>Opens the file of <paramref name="file"/> and checks its content is still what publish hashed; the
    /// stream is positioned at the start, ready to upload.</summary>
    public static FileStream OpenUnchanged(LocalFile file)
    {
        var stream = Open(file.Key, file.FullPath);
        try
        {
            var sha = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (sha != file.Sha256 || stream.Length != file.Size)
            {
                throw new IOException($"{file.Key} changed since publish read it; not uploaded under the old hash: run publish again");
            }
            stream.Position = 0;
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    // Linux: /proc/self/fd/N is a link to the path the handle refers to. Elsewhere (no /proc), null: only the checks
    // made while the folder was read apply.
    private static string? OpenedPath(FileStream stream)
    {
        var fd = stream.SafeFileHandle.DangerousGetHandle().ToInt64();
        var link = $"/proc/self/fd/{fd}";
        try { return Directory.Exists("/proc/self/fd") ? new FileInfo(link).LinkTarget : null; }
        catch (IOException) { return null; }
    }
}
