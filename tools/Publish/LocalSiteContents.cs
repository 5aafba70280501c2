namespace EdgeRouter.Publish;

/// <summary>What the folder gives: the files to publish, sorted by key, and what was skipped.</summary>
internal sealed record LocalSiteContents(IReadOnlyList<LocalFile> Files, IReadOnlyList<SkippedItem> Skipped);
