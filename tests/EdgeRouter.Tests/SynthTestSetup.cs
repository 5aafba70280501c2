using System.Runtime.CompilerServices;
using EdgeRouter.JsiiHost;

// One jsii runtime (one Node process) serves the whole test process; it is not built for concurrent callers.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace EdgeRouter.Tests;

/// <summary>Gives this test process a private temp folder and the app's jsii host, and removes the folder at exit.</summary>
internal static class SynthTestSetup
{
    private static JsiiScratchDirectory? _scratch;

    [ModuleInitializer]
    internal static void Initialize()
    {
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        _scratch = new JsiiScratchDirectory();
        // The same jsii host as the app's synth (main/JsiiHost), so every synth test also runs through it.
        InProcessJsiiHost.Install(_scratch.Path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => _scratch?.Dispose();
    }
}
