using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace EdgeRouter.LocalEdge;

/// <summary>The private S3 bucket as CloudFront reaches it through Origin Access Control: a key is the request
/// path without its leading <c>/</c>, percent-decoded, looked up literally (no <c>..</c> or <c>//</c>
/// normalisation, no symbolic links followed); there is no index document for folders (that is the S3
/// website endpoint, which this stack does not use); a missing key is <b>404 NoSuchKey</b> when the bucket policy
/// lets CloudFront <c>s3:ListBucket</c>, else <b>403 AccessDenied</b>, because S3 hides which keys exist from a
/// caller without it.</summary>
public sealed class SiteFolder
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly string _root;

    /// <summary>Serves <paramref name="root"/>.</summary>
    public SiteFolder(string root)
    {
        _root = Path.GetFullPath(root);
        if (!Directory.Exists(_root))
        {
            throw new EdgeConfigurationException($"no site folder at {_root}");
        }
    }

    /// <summary>The folder served.</summary>
    public string Root => _root;

    /// <summary>An S3 object answer.</summary>
    public sealed record S3Answer(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    /// <summary>What S3 would answer to <paramref name="method"/> on <paramref name="key"/>;
    /// <paramref name="missingStatus"/> is 404 when the bucket policy lets CloudFront list the bucket, else 403.</summary>
    public S3Answer Get(string method, string key, int missingStatus)
    {
        ArgumentNullException.ThrowIfNull(key);
        var requestId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        if (method is not ("GET" or "HEAD"))
        {
            // GET, HEAD and OPTIONS are all the default behaviour allows; S3 answers a preflight without a CORS
            // configuration with 403.
            return Error(403, "AccessForbidden", "CORSResponse: CORS is not enabled for this bucket.", requestId);
        }

        var full = LiteralFile(key);
        if (full is null)
        {
            return missingStatus == 404
                ? Error(404, "NoSuchKey", "The specified key does not exist.", requestId)
                : Error(403, "AccessDenied", "Access Denied", requestId);
        }

        var body = File.ReadAllBytes(full);
        if (!ContentTypes.TryGetContentType(full, out var type))
        {
            type = "binary/octet-stream";
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = type,
            ["ETag"] = "\"" + Convert.ToHexStringLower(MD5.HashData(body)) + "\"",
            ["Last-Modified"] = File.GetLastWriteTimeUtc(full).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["Accept-Ranges"] = "bytes",
            ["Server"] = "AmazonS3",
            ["x-amz-server-side-encryption"] = "AES256",
        };
        return new S3Answer(200, headers, body);
    }

    /// <summary>The file that holds object <paramref name="key"/>, or null when no object has that key. S3 keys are
    /// literal strings: <c>docs/../index.html</c> or <c>docs//index.html</c> is its own key, never a path to
    /// normalise, and no file can be named <c>..</c>, <c>.</c> or the empty string, so such a key is missing. S3 has
    /// no links either: a symbolic link anywhere on the way (file or folder, inside the site or out of it) is not an
    /// object.</summary>
    private string? LiteralFile(string key)
    {
        if (key.Length == 0 || key.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var current = _root;
        var segments = key.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment is "" or "." or "..")
            {
                return null;
            }

            current = current + Path.DirectorySeparatorChar + segment;
            FileSystemInfo info = i == segments.Length - 1 ? new FileInfo(current) : new DirectoryInfo(current);
            if (!info.Exists || info.LinkTarget is not null || info.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                return null;
            }
        }

        return current;
    }

    private static S3Answer Error(int status, string code, string message, string requestId)
    {
        var xml = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><RequestId>{requestId}</RequestId><HostId>local-edge</HostId></Error>";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/xml",
            ["Server"] = "AmazonS3",
        };
        return new S3Answer(status, headers, System.Text.Encoding.UTF8.GetBytes(xml));
    }
}
