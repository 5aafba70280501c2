namespace EdgeRouter.Publish;

/// <summary>One item not published: a file or a folder (its key ends with <c>/</c>) and why.</summary>
internal sealed record SkippedItem(string Key, string Reason);
