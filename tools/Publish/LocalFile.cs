namespace EdgeRouter.Publish;

/// <summary>One file of the site folder, as it is to be stored.</summary>
/// <param name="Key">The object key: the path relative to the folder, with '/' separators.</param>
/// <param name="FullPath">Where the file is on disk.</param>
/// <param name="Size">Its length in bytes.</param>
/// <param name="Sha256">The lower-case hex SHA-256 of its content, stored as the object's <c>sha256</c> metadata.</param>
/// <param name="ContentType">The Content-Type it is stored with (<see cref="ContentTypes"/>).</param>
/// <param name="CacheControl">The Cache-Control it is stored with (<see cref="CacheRules"/>).</param>
internal sealed record LocalFile(string Key, string FullPath, long Size, string Sha256, string ContentType, string CacheControl);
