namespace EdgeRouter.Webfinger.Tests.Runtime;

/// <summary>Where the built function lives. `make test-router` builds both and passes their paths in
/// WEBFINGER_BOOTSTRAP and WEBFINGER_BOOTSTRAP_DLL; without them the default build/lambda paths are used. A missing
/// file fails the test (never skips it).</summary>
internal static class Artifacts
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "lambda", "lambda.mk")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    public static string AotBootstrap => Require(Environment.GetEnvironmentVariable("WEBFINGER_BOOTSTRAP")
        ?? Path.Combine(RepoRoot, "build", "lambda", "linux-x64", "bootstrap"));

    public static string JitBootstrapDll => Require(Environment.GetEnvironmentVariable("WEBFINGER_BOOTSTRAP_DLL")
        ?? Path.Combine(RepoRoot, "build", "lambda", "jit", "bootstrap.dll"));

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException("run `make lambda` first (make test-router does): no " + path, path);

    public static Dictionary<string, string?> Env(string? config = TestConfig.Json) => new() { ["WEBFINGER_CONFIG"] = config };
}
