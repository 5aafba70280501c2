using System.Diagnostics;
using System.Text;
using EdgeRouter.JsiiHost;

namespace EdgeRouter.Tests;

/// <summary>
/// main/JsiiHost/jsii-host.js under Node, with a stand-in for the jsii kernel that speaks the kernel's side of the
/// contract: requests read and responses written on descriptor 3, console output on stdout and stderr.
/// </summary>
public sealed class JsiiHostTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("edge-router-jsii-host-").FullName;
    private readonly string _host;

    public JsiiHostTests() => _host = Path.Combine(InProcessJsiiHost.WriteFiles(_work), "jsii-host.js");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    // Reads one request line from descriptor 3 and answers on descriptor 3, as the kernel does.
    private const string EchoKernel = """
        const fs = require('fs');
        const buffer = Buffer.alloc(256);
        const request = buffer.subarray(0, fs.readSync(3, buffer, 0, 256, null)).toString().trim();
        console.log('printed by a construct');
        console.error('warned by a construct');
        fs.writeSync(3, Buffer.from(JSON.stringify({ ok: request, preserveSymlinks: process.execArgv.includes('--preserve-symlinks'), answer: require('./answer.js') }) + '\n'));
        """;

    private string Kernel(string source)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work, "kernel")).FullName;
        File.WriteAllText(Path.Combine(folder, "answer.js"), "module.exports = 6 * 7;\n");
        var path = Path.Combine(folder, "program.js");
        File.WriteAllText(path, source);
        return path;
    }

    // Says hello, then answers two requests the slow way: read a byte at a time at an offset into its buffer,
    // each answer in two writes, with a pause while "working" (so the trace can tell Node's time from .NET's).
    private const string ChunkedKernel = """
        const fs = require('fs');
        const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
        fs.writeSync(3, Buffer.from('{"hello":"test"}\n'));
        for (let i = 0; i < 2; i++) {
          const buffer = Buffer.alloc(64);
          let line = '';
          while (!line.endsWith('\n')) line += buffer.toString('utf8', 8, 8 + fs.readSync(3, buffer, 8, 1, null));
          pause(30);
          fs.writeSync(3, Buffer.from('{"ok":'));
          fs.writeSync(3, Buffer.from(`${i}}\n`));
        }
        """;

    // The host as InProcessJsiiHost sets it up: the kernel, the code cache, the loader's symlink setting.
    private ProcessStartInfo HostStart(string? kernel, string codeCache = "off")
    {
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(_host);
        start.Environment["EDGE_ROUTER_JSII_KERNEL"] = kernel ?? "";
        start.Environment["EDGE_ROUTER_NODE_CODE_CACHE"] = codeCache;
        start.Environment["NODE_PRESERVE_SYMLINKS"] = "1";
        return start;
    }

    private (int Code, string Stdout, string Stderr) Host(string? kernel, string input, string codeCache = "off")
    {
        using var process = Process.Start(HostStart(kernel, codeCache))!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Wrapped(string stream, string text) =>
        $"{{\"{stream}\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}\"}}";

    [Fact]
    public void Requests_come_from_stdin_responses_go_to_stdout_and_console_output_is_wrapped_on_stderr()
    {
        var (code, stdout, stderr) = Host(Kernel(EchoKernel), "{\"api\":\"hello\"}\n");
        Assert.True(code == 0, stderr);
        // Only the response on stdout: that is all the .NET client reads there.
        Assert.Equal("{\"ok\":\"{\\\"api\\\":\\\"hello\\\"}\",\"preserveSymlinks\":true,\"answer\":42}\n", stdout);
        // Console output in the stock launcher's format, which the .NET client decodes back onto the app's streams.
        Assert.Equal(
            [Wrapped("stdout", "printed by a construct\n"), Wrapped("stderr", "warned by a construct\n")],
            stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Without_a_kernel_it_stops_with_a_message_that_names_the_setting()
    {
        var (code, stdout, stderr) = Host(Path.Combine(_work, "no-such-program.js"), "");
        Assert.Equal(70, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("edge-router jsii host: EDGE_ROUTER_JSII_KERNEL must name the jsii kernel's program.js", stderr);
    }

    [Fact]
    public void The_code_cache_is_written_once_and_a_corrupt_entry_is_rejected_and_rewritten()
    {
        var cache = Path.Combine(_work, "code-cache");
        var kernel = Kernel(EchoKernel);
        var expected = Host(kernel, "ping\n").Stdout;

        Assert.Equal(expected, Host(kernel, "ping\n", cache).Stdout);
        var entries = Directory.GetFiles(cache);
        Assert.Equal(2, entries.Length); // the kernel and the module it requires; not the host's own files
        var written = entries.ToDictionary(e => e, File.ReadAllBytes);

        Assert.Equal(expected, Host(kernel, "ping\n", cache).Stdout);
        Assert.All(entries, e => Assert.Equal(written[e], File.ReadAllBytes(e))); // used, not rewritten

        foreach (var entry in entries)
        {
            File.WriteAllBytes(entry, Encoding.ASCII.GetBytes("not a V8 code cache"));
        }

        Assert.Equal(expected, Host(kernel, "ping\n", cache).Stdout);
        Assert.All(entries, e => Assert.Equal(written[e].Length, File.ReadAllBytes(e).Length));
        Assert.Empty(Directory.GetFiles(cache, "*.tmp"));
    }

    [Fact]
    public void The_request_trace_names_each_request_and_splits_its_time_between_Node_and_dotnet()
    {
        var trace = Path.Combine(_work, "trace.json");
        var start = HostStart(Kernel(ChunkedKernel));
        start.RedirectStandardError = false; // nothing reads it here; the kernel writes none
        start.Environment["EDGE_ROUTER_JSII_TRACE"] = trace;
        using (var process = Process.Start(start)!)
        {
            // As the .NET client does: wait for each answer before the next request; 150 ms of ".NET work" before
            // the second one.
            Assert.Equal("{\"hello\":\"test\"}", process.StandardOutput.ReadLine());
            process.StandardInput.Write("{\"api\":\"load\",\"name\":\"cdktf\"}\n");
            process.StandardInput.Flush();
            Assert.Equal("{\"ok\":0}", process.StandardOutput.ReadLine());
            Thread.Sleep(150);
            process.StandardInput.Write("{\"api\":\"create\",\"fqn\":\"x\"}\n");
            process.StandardInput.Close();
            Assert.Equal("{\"ok\":1}", process.StandardOutput.ReadLine());
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
        }

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(trace));
        var calls = json.RootElement.GetProperty("calls").EnumerateArray().ToList();
        // One entry per answer, not per write; named from the "api" field even though it came a byte at a time.
        Assert.Equal(["start", "load", "create"], calls.Select(c => c.GetProperty("api").GetString()));
        Assert.All(calls.Skip(1), c => Assert.InRange(c.GetProperty("node").GetDouble(), 25, 5000)); // the kernel's 30 ms
        Assert.InRange(calls[2].GetProperty("dotnet").GetDouble(), 140, 5000); // the 150 ms before "create"
    }

    [Fact]
    public void Without_the_trace_setting_no_trace_is_written()
    {
        var (code, _, stderr) = Host(Kernel(ChunkedKernel), "{\"api\":\"load\"}\n{\"api\":\"create\"}\n");
        Assert.True(code == 0, stderr);
        Assert.Empty(Directory.GetFiles(_work, "*.json", SearchOption.AllDirectories));
    }
}
