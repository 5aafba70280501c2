namespace EdgeRouter.Storage;

/// <summary>
/// How long a <see cref="PrivateBucket"/> keeps what versioning keeps: a noncurrent version expires
/// <see cref="NoncurrentDays"/> after it was replaced or deleted, but the <see cref="NewerNoncurrentVersions"/> most
/// recent noncurrent versions of each object are kept whatever their age (S3 expires a version only when both
/// allow it). Incomplete multipart uploads, which are billed but invisible, are aborted after
/// <see cref="AbortIncompleteMultipartUploadDays"/>.
/// </summary>
/// <param name="NoncurrentDays">Days a noncurrent version is kept (a number, or a Terraform expression).</param>
/// <param name="NewerNoncurrentVersions">Noncurrent versions always kept per object; null for none.</param>
/// <param name="AbortIncompleteMultipartUploadDays">Days before an unfinished multipart upload is aborted. Default 7.</param>
public sealed record VersionRetention(double NoncurrentDays, double? NewerNoncurrentVersions, double AbortIncompleteMultipartUploadDays = 7);
