using System.Reflection;

namespace EdgeRouter.JsiiHost;

/// <summary>
/// Loads, on another thread while Node is still starting, every type that the jsii .NET runtime's type cache is
/// going to look at, so that the synth does not wait for it.
/// </summary>
/// <remarks>
/// The first time the jsii runtime converts a value, its type cache calls <c>GetTypes()</c> on every assembly in
/// the process, and again on each assembly loaded since (loading a type can load more assemblies: Newtonsoft.Json's
/// types pull in System.Private.Xml and System.Data.Common, for instance). Loading all those types is ~0.2 s on
/// the synth's critical path (benchmarks/results/synth.md). .NET keeps loaded types, so doing it ahead of time, to a
/// fixed point, leaves the type cache only its own attribute scan. This only loads assemblies and types: it never
/// calls the jsii runtime, and it can run beside anything.
/// </remarks>
public static class TypeScanWarmUp
{
    /// <summary>Set to <c>off</c> to skip the warm-up (to measure what it is worth).</summary>
    public const string SwitchVariable = "EDGE_ROUTER_TYPE_WARMUP";

    /// <summary>Starts the warm-up on a thread-pool thread, from the assemblies <paramref name="app"/> references.</summary>
    public static Task Start(Assembly app) => Task.Run(() =>
    {
        try
        {
            Run(app);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Best effort: the type cache does the same work itself if this could not.
        }
    });

    /// <summary>Loads <paramref name="app"/>'s references (transitively) and all their types; returns how many assemblies.</summary>
    public static int Run(Assembly app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        LoadReferences(app, loaded);
        var scanned = new HashSet<Assembly>();
        bool more;
        do
        {
            more = false;
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (!assembly.IsDynamic && scanned.Add(assembly))
                {
                    more = true;
                    try
                    {
                        _ = assembly.GetTypes();
                    }
                    catch (ReflectionTypeLoadException)
                    {
                        // The type cache tolerates the same; what loaded is loaded.
                    }
                }
            }
        }
        while (more);

        return scanned.Count;
    }

    private static void LoadReferences(Assembly assembly, HashSet<string> loaded)
    {
        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            if (loaded.Add(reference.FullName))
            {
                try
                {
                    LoadReferences(Assembly.Load(reference), loaded);
                }
                catch (FileNotFoundException)
                {
                    // A reference that is never used at run time need not be there.
                }
            }
        }
    }
}
