using System.Diagnostics;

namespace EdgeRouter.JsiiHost;

/// <summary>
/// The processes this program started that are still running, found through <c>/proc</c> (Linux): the last resort
/// before the jsii temp folder is removed, for a Node that neither answered nor exited in time.
/// </summary>
public static class ChildProcesses
{
    /// <summary>Kills every child of this process and its descendants, and waits up to 5 s for each to go.</summary>
    /// <returns>How many children were killed.</returns>
    public static int KillAll()
    {
        var killed = 0;
        foreach (var pid in Of(Environment.ProcessId))
        {
            try
            {
                using var child = Process.GetProcessById(pid);
                child.Kill(entireProcessTree: true);
                _ = child.WaitForExit(TimeSpan.FromSeconds(5));
                killed++;
            }
            catch (Exception error) when (error is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It exited meanwhile.
            }
        }

        return killed;
    }

    /// <summary>The IDs of the running children of <paramref name="parent"/>; empty where there is no <c>/proc</c>.</summary>
    public static IReadOnlyList<int> Of(int parent)
    {
        if (!Directory.Exists("/proc"))
        {
            return [];
        }

        var children = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields.Length > 1 && int.TryParse(fields[1], out var ppid) && ppid == parent && fields[0] != "Z")
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process exited while we looked.
            }
        }

        return children;
    }
}
