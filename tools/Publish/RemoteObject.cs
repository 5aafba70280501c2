namespace EdgeRouter.Publish;

/// <summary>What the bucket holds under a key, as far as the comparison needs it.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Sha256">The <c>sha256</c> metadata this tool stored, or null (uploaded another way). The ETag is no
/// substitute: it is the MD5 of the content only for single-part uploads without SSE-KMS.</param>
/// <param name="ContentType">The stored Content-Type.</param>
/// <param name="CacheControl">The stored Cache-Control, or null.</param>
internal sealed record RemoteObject(string Key, string? Sha256, string? ContentType, string? CacheControl);
