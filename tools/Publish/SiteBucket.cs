using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace EdgeRouter.Publish;

/// <summary>The site bucket through AWSSDK.S3: the standard credential chain and region, and the standard
/// endpoint settings (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL), with path-style addressing for a custom endpoint.</summary>
internal sealed class SiteBucket(IAmazonS3 s3, string bucket) : IDisposable
{
    /// <summary>The metadata name (x-amz-meta-sha256) that holds the content's SHA-256.</summary>
    public const string HashMetadata = "sha256";

    /// <summary>The bucket's name.</summary>
    public string Name => bucket;

    /// <summary>A client for <paramref name="bucket"/> in <paramref name="region"/> with <paramref name="credentials"/>,
    /// its endpoint configured from the environment.</summary>
    public static SiteBucket FromEnvironment(string bucket, Amazon.RegionEndpoint region, AWSCredentials credentials)
    {
        var config = new AmazonS3Config
        {
            RegionEndpoint = region,
            // Our own SHA-256 checks content; the SDK's default CRC checksums on PutObject also switch the body to
            // aws-chunked encoding, which S3-compatible servers (s3rver among them) do not all speak.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3");
        if (string.IsNullOrEmpty(endpoint)) endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        if (!string.IsNullOrEmpty(endpoint))
        {
            // A custom endpoint (an S3-compatible server, a VPC endpoint) rarely has a DNS name per bucket.
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region.SystemName;
        }
        return new SiteBucket(new AmazonS3Client(credentials, config), bucket);
    }

    /// <summary>Every key in the bucket.</summary>
    public async Task<List<string>> ListKeysAsync(CancellationToken cancel)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket };
        do
        {
            var page = await s3.ListObjectsV2Async(request, cancel);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (!string.IsNullOrEmpty(request.ContinuationToken));
        return keys;
    }

    /// <summary>The stored hash and headers of one object.</summary>
    public async Task<RemoteObject> HeadAsync(string key, CancellationToken cancel)
    {
        var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancel);
        var sha = head.Metadata[HashMetadata];
        return new RemoteObject(key, string.IsNullOrEmpty(sha) ? null : sha, head.Headers.ContentType, head.Headers.CacheControl);
    }

    /// <summary>Uploads one file with its Content-Type, Cache-Control and SHA-256 metadata.</summary>
    public async Task PutAsync(LocalFile file, CancellationToken cancel)
    {
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = file.Key,
            // The handle publish checked (its path and content), never the path opened again by the SDK.
            InputStream = PinnedFile.OpenUnchanged(file),
            AutoCloseStream = true,
            ContentType = file.ContentType,
            UseChunkEncoding = false,
        };
        request.Headers.CacheControl = file.CacheControl;
        request.Metadata.Add(HashMetadata, file.Sha256);
        await s3.PutObjectAsync(request, cancel);
    }

    /// <summary>The text of a small object: null when there is none; <c>TooLarge</c> (and no text) when it is longer
    /// than <paramref name="maxBytes"/>, which is then not read (anyone who can write the bucket could make it huge).</summary>
    public async Task<(string? Text, bool TooLarge)> GetTextAsync(string key, long maxBytes, CancellationToken cancel)
    {
        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancel);
            if (response.ContentLength > maxBytes) return (null, true);
            var buffer = new byte[maxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await response.ResponseStream.ReadAsync(buffer.AsMemory(length), cancel)) > 0) length += read;
            if (length > maxBytes) return (null, true);
            return (new System.Text.UTF8Encoding(false, true).GetString(buffer, 0, length), false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return (null, false);
        }
        catch (System.Text.DecoderFallbackException)
        {
            // Not UTF-8: unreadable, the same as JSON that does not parse.
            return ("", false);
        }
    }

    /// <summary>Writes a small object that is never served (the caller picks a key viewers cannot reach).</summary>
    public async Task PutTextAsync(string key, string text, CancellationToken cancel)
    {
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            ContentBody = text,
            ContentType = "application/json",
            UseChunkEncoding = false,
        };
        request.Headers.CacheControl = "no-store";
        await s3.PutObjectAsync(request, cancel);
    }

    /// <summary>Deletes one object.</summary>
    public async Task DeleteOneAsync(string key, CancellationToken cancel) =>
        await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, cancel);

    /// <summary>True for the errors of a request that reached S3 or failed on the way: reported, never a crash.</summary>
    public static bool IsRequestError(Exception e) => e is AmazonServiceException or AmazonClientException or HttpRequestException
        or IOException or TimeoutException or System.Net.Sockets.SocketException or TaskCanceledException;

    /// <summary>Deletes keys in batches of 1000 (DeleteObjects' limit); returns each key S3 could not delete, with why.</summary>
    public async Task<List<(string Key, string Error)>> DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancel)
    {
        var failed = new List<(string, string)>();
        foreach (var batch in keys.Chunk(1000))
        {
            try
            {
                var response = await s3.DeleteObjectsAsync(new DeleteObjectsRequest
                {
                    BucketName = bucket,
                    Objects = [.. batch.Select(k => new KeyVersion { Key = k })],
                    Quiet = true,
                }, cancel);
                failed.AddRange((response.DeleteErrors ?? []).Select(e => (e.Key, $"{e.Code}: {e.Message}")));
            }
            catch (DeleteObjectsException e)
            {
                failed.AddRange((e.Response.DeleteErrors ?? []).Select(d => (d.Key, $"{d.Code}: {d.Message}")));
            }
            catch (Exception e) when (IsRequestError(e))
            {
                failed.AddRange(batch.Select(k => (k, Describe(e))));
            }
        }
        return failed;
    }

    /// <summary>An SDK error in one line: code, message, status.</summary>
    public static string Describe(Exception e) => e switch
    {
        AmazonServiceException { ErrorCode: "ExpiredToken" or "ExpiredTokenException" or "InvalidAccessKeyId" or "InvalidToken" or "SignatureDoesNotMatch" } s =>
            $"{s.ErrorCode}: {OneLine(s.Message)} (HTTP {(int)s.StatusCode}); {Credentials.Hint}",
        AmazonServiceException s => $"{s.ErrorCode ?? s.GetType().Name}: {OneLine(s.Message)} (HTTP {(int)s.StatusCode})",
        _ when e.InnerException is { } inner && e is AmazonClientException or HttpRequestException => $"{e.GetType().Name}: {OneLine(e.Message)} ({OneLine(inner.Message)})",
        _ => $"{e.GetType().Name}: {OneLine(e.Message)}",
    };

    private static string OneLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    /// <inheritdoc />
    public void Dispose() => s3.Dispose();
}
