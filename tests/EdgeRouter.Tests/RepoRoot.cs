namespace EdgeRouter.Tests;

internal static class RepoRoot
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds cdktf.json.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "cdktf.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cdktf.json not found above " + AppContext.BaseDirectory);
    }
}
