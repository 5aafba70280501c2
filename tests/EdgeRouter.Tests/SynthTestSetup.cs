using System.Runtime.CompilerServices;
using EdgeRouter.JsiiHost;

// One jsii runtime (one Node process) serves the whole test process; it is not built for concurrent callers.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace EdgeRouter.Tests;

/// <summary>Gives this test process a private temp folder for the jsii runtime and removes it at exit.</summary>
internal static class SynthTestSetup
{
    private static JsiiScratchDirectory? _scratch;

    [ModuleInitializer]
    internal static void Initialize()
    {
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        _scratch = new JsiiScratchDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => _scratch?.Dispose();
    }
}
