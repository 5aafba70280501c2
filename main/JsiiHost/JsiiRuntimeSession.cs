using Amazon.JSII.Runtime.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeRouter.JsiiHost;

/// <summary>
/// The jsii runtime for one synth: a private temp folder (<see cref="JsiiScratchDirectory"/>), the runtime started
/// on another thread as soon as the program starts (Node takes ~0.2 s, during which the settings are read), and an
/// end that runs in the one safe order whatever happened meanwhile: the start finishes, Node stops, then the folder
/// is removed and TMPDIR restored.
/// </summary>
/// <remarks>
/// Why the order matters (a refused setting once left files in /tmp under load): the settings can be refused while
/// the start is still under way. Removing the folder then raced the start, which was still writing into it (the
/// host and kernel files), extracting the jsii runtime into the temp folder (by then TMPDIR pointed back at /tmp)
/// and starting Node with a folder that was about to vanish; a process exiting under that thread also aborted now
/// and then instead of exiting 1. So the end waits for the start, disposes the runtime (the jsii runtime then tells
/// Node to exit, waits up to 5 s and kills it), kills any child process still left, and only then removes the
/// folder, retrying while a file is still being closed.
/// </remarks>
public sealed class JsiiRuntimeSession : IDisposable
{
    /// <summary>How long the end waits for a start that has not finished (Node answering its first request).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly JsiiScratchDirectory _scratch;
    private readonly Task<ServiceProvider> _start;

    /// <summary>Creates the temp folder and starts the runtime. Call before the first CDKTF type is touched.</summary>
    public JsiiRuntimeSession()
    {
        _scratch = new JsiiScratchDirectory();
        var folder = _scratch.Path;
        _start = Task.Run(() =>
        {
            InProcessJsiiHost.Install(folder);
            // Without the console logger the jsii runtime would set up by default: it logs only at debug level,
            // which that logger drops anyway, and setting it up costs ~50 ms of every synth.
            return ServiceContainer.BuildServiceProvider(NullLoggerFactory.Instance);
        });
    }

    /// <summary>The private temp folder.</summary>
    public string ScratchPath => _scratch.Path;

    /// <summary>Waits for the runtime to have started and returns it (for <c>ServiceContainer.ServiceProviderOverride</c>).</summary>
    public ServiceProvider WaitForRuntime() => _start.GetAwaiter().GetResult();

    /// <summary>Stops Node (after its start has finished), then removes the temp folder and restores TMPDIR.</summary>
    public void Dispose()
    {
        var started = false;
        try
        {
            started = _start.Wait(StartTimeout);
        }
        catch (AggregateException)
        {
            // The start failed (no node, say): the error was reported where the runtime was needed, if it was.
        }

        if (started)
        {
            // Disposes the jsii runtime's Node process: it is told to exit, given 5 s, then killed.
            _start.Result.Dispose();
        }

        ChildProcesses.KillAll();
        _scratch.Dispose();
    }
}
