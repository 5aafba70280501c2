namespace EdgeRouter.JsiiHost;

/// <summary>
/// Gives the jsii runtime a temporary folder of its own for this process and removes it at the end. The runtime
/// unpacks its JavaScript kernel and every bundled npm package into two fresh temp folders per run and never
/// deletes them (aws/jsii#700): about 5 MB a synth, left in /tmp forever. Pointing TMPDIR at a private folder
/// before the runtime starts (the Node child inherits it) and deleting that folder afterwards leaves nothing.
/// </summary>
public sealed class JsiiScratchDirectory : IDisposable
{
    private readonly string? _previousTmpDir;

    /// <summary>Creates the folder and points TMPDIR at it. Call before the first CDKTF type is touched.</summary>
    public JsiiScratchDirectory()
    {
        _previousTmpDir = Environment.GetEnvironmentVariable("TMPDIR");
        Path = Directory.CreateTempSubdirectory("edge-router-jsii-").FullName;
        Environment.SetEnvironmentVariable("TMPDIR", Path);
    }

    /// <summary>The private temp folder.</summary>
    public string Path { get; }

    /// <summary>
    /// Deletes the folder, then restores TMPDIR. Call once nothing writes into the folder any more (the Node
    /// process has exited: <see cref="JsiiRuntimeSession"/>); a file still being closed gets a few retries.
    /// </summary>
    public void Dispose()
    {
        for (var attempt = 1; Directory.Exists(Path); attempt++)
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                if (attempt == 5)
                {
                    Console.Error.WriteLine($"edge-router: could not remove the jsii temp folder {Path}: {error.Message}");
                    break;
                }

                Thread.Sleep(100 * attempt);
            }
        }

        Environment.SetEnvironmentVariable("TMPDIR", _previousTmpDir);
    }
}
