using System.Reflection;

namespace EdgeRouter.JsiiHost;

/// <summary>
/// Makes the jsii runtime start through <c>jsii-host.js</c> (next to this file) instead of the stock launcher: the
/// same jsii kernel, unmodified, in the one Node process .NET starts rather than in a second one behind a relay,
/// with a V8 code cache for the JavaScript it loads. Measured in benchmarks/results/synth.md; the stock launcher
/// stays one setting away (<c>EDGE_ROUTER_JSII_HOST=stock</c>) for comparison and for a jsii runtime upgrade that
/// this host does not know yet.
/// </summary>
/// <remarks>
/// Works through the jsii .NET runtime's own settings: it runs <c>node $JSII_RUNTIME</c> when JSII_RUNTIME is set.
/// The kernel it runs (<c>lib/program.js</c> and its worker) is written out from the Amazon.JSII.Runtime assembly
/// the app references, so kernel and .NET client always come from the same jsii release.
/// </remarks>
public static class InProcessJsiiHost
{
    /// <summary>Chooses the launcher: <c>stock</c> for jsii's own; anything else or unset for this host.</summary>
    public const string HostVariable = "EDGE_ROUTER_JSII_HOST";

    /// <summary>The V8 code cache folder; <c>off</c> turns the cache off. Default: see <see cref="DefaultCodeCache"/>.</summary>
    public const string CodeCacheVariable = "EDGE_ROUTER_NODE_CODE_CACHE";

    private const string KernelResourcePrefix = "Amazon.JSII.Runtime.jsii_runtime.lib.";
    private static readonly string[] KernelFiles = ["program.js", "runtime-index-worker.js"];
    private static readonly string[] HostFiles = ["jsii-host.js", "code-cache.js", "hcl-render-fixes.js"];

    /// <summary>
    /// Writes the host and the kernel into <paramref name="scratchDirectory"/> and points the jsii runtime at them.
    /// Call before the first CDKTF type is touched. Returns false (and changes nothing) when the stock launcher is
    /// asked for.
    /// </summary>
    public static bool Install(string scratchDirectory)
    {
        if (string.Equals(Environment.GetEnvironmentVariable(HostVariable), "stock", StringComparison.Ordinal))
        {
            return false;
        }

        var folder = WriteFiles(scratchDirectory);
        Environment.SetEnvironmentVariable("JSII_RUNTIME", Path.Combine(folder, "jsii-host.js"));
        Environment.SetEnvironmentVariable("EDGE_ROUTER_JSII_KERNEL", Path.Combine(folder, "program.js"));
        // What the stock launcher's --preserve-symlinks does, for the kernel's symlinked package folders.
        Environment.SetEnvironmentVariable("NODE_PRESERVE_SYMLINKS", "1");
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CodeCacheVariable)))
        {
            Environment.SetEnvironmentVariable(CodeCacheVariable, DefaultCodeCache() ?? "off");
        }

        return true;
    }

    /// <summary>
    /// Writes the host (<c>jsii-host.js</c>, <c>code-cache.js</c>) and the jsii kernel it runs (<c>program.js</c> and
    /// its worker, from the Amazon.JSII.Runtime assembly) into <c>jsii-host/</c> under <paramref name="scratchDirectory"/>.
    /// </summary>
    /// <returns>That folder.</returns>
    public static string WriteFiles(string scratchDirectory)
    {
        var folder = Directory.CreateDirectory(Path.Combine(scratchDirectory, "jsii-host")).FullName;
        var jsii = typeof(Amazon.JSII.Runtime.Deputy.DeputyBase).Assembly;
        foreach (var file in KernelFiles)
        {
            Extract(jsii, KernelResourcePrefix + file, Path.Combine(folder, file));
        }

        foreach (var file in HostFiles)
        {
            Extract(typeof(InProcessJsiiHost).Assembly, "EdgeRouter.JsiiHost." + file, Path.Combine(folder, file));
        }

        return folder;
    }

    /// <summary>
    /// <c>$XDG_CACHE_HOME/edge-router/node-code-cache</c>, else <c>~/.cache/edge-router/node-code-cache</c> (beside
    /// jsii's own package cache in <c>~/.cache/aws/jsii</c>); null without a home folder.
    /// </summary>
    public static string? DefaultCodeCache()
    {
        var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cacheHome))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (string.IsNullOrEmpty(home))
            {
                return null;
            }

            cacheHome = Path.Combine(home, ".cache");
        }

        return Path.Combine(cacheHome, "edge-router", "node-code-cache");
    }

    private static void Extract(Assembly assembly, string resource, string path)
    {
        using var source = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException(
                $"{assembly.GetName().Name} {assembly.GetName().Version} has no resource {resource}: this jsii release " +
                $"lays out its kernel differently from the one main/JsiiHost was written for. Set {HostVariable}=stock " +
                "to use jsii's own launcher, and update main/JsiiHost.");
        using var target = File.Create(path);
        source.CopyTo(target);
    }
}
