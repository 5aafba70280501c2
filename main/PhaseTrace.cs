using System.Diagnostics;

namespace EdgeRouter;

/// <summary>Phase timings of one synth, printed to stderr when enabled; the first covers the process's own start.</summary>
internal sealed class PhaseTrace(bool enabled)
{
    private readonly List<(string Phase, double Ms)> _phases =
        enabled ? [(".NET start (process to Main)", (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds)] : [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public bool Enabled => enabled;

    public void Mark(string phase)
    {
        if (enabled)
        {
            _phases.Add((phase, _clock.Elapsed.TotalMilliseconds));
            _clock.Restart();
        }
    }

    public void Print()
    {
        foreach (var (phase, ms) in _phases)
        {
            Console.Error.WriteLine($"edge-router: timing: {phase}: {ms:F0} ms");
        }
    }
}
