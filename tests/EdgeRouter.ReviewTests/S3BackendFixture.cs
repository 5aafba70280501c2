using System.Diagnostics;
using System.Text.Json;

namespace EdgeRouter.ReviewTests;

/// <summary>
/// The S3 backend flow against a moto server of its own: the state stack (a copy, moto provider, its lifecycle left
/// out for the 55 s wait) applied to create the state bucket; the edge stack's own S3 backend (encrypt,
/// use_lockfile, as synthesized) initialized against that bucket with a backend configuration file that points the
/// S3 endpoint at moto; then two plans at once, the second refused by the lock file.
/// </summary>
public sealed class S3BackendFixture : IDisposable
{
    private readonly Lazy<Task<MotoServer>> _moto;

    public S3BackendFixture()
    {
        Root = Path.Combine(Suite.Current.WorkRoot, "s3-backend");
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        _moto = new(() => MotoServer.Start(Path.Combine(Suite.Current.WorkRoot, "moto-s3-backend.log")));
        StateApplied = Task.Run(ApplyStateStack);
        EdgeInitialized = Task.Run(InitEdge);
    }

    /// <summary>build/review-tests/s3-backend.</summary>
    public string Root { get; }

    /// <summary>The state stack's copy, applied: (folder, apply output).</summary>
    public Task<(string Folder, ProcessResult Apply)> StateApplied { get; }

    /// <summary>The edge stack's copy, initialized against the bucket: (folder, init output).</summary>
    public Task<(string Folder, ProcessResult Init)> EdgeInitialized { get; }

    /// <summary>The moto server.</summary>
    public Task<MotoServer> Moto => _moto.Value;

    private async Task<(string, ProcessResult)> ApplyStateStack()
    {
        var moto = await _moto.Value.ConfigureAwait(false);
        var folder = await SynthesizedStacks.CopyStack("edge-router-state", Path.Combine(Root, "state")).ConfigureAwait(false);
        var stack = await SynthesizedStacks.Read("edge-router-state").ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, MotoOverride.FileName),
            MotoOverride.ForState(stack, moto.Endpoint).ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
        await Processes.Terraform(folder, "init", "-input=false", "-no-color").ConfigureAwait(false);
        var apply = await Processes.Terraform(folder, "apply", "-auto-approve", "-input=false", "-no-color").ConfigureAwait(false);
        return (folder, apply);
    }

    private async Task<(string, ProcessResult)> InitEdge()
    {
        var moto = await _moto.Value.ConfigureAwait(false);
        var folder = await SynthesizedStacks.CopyStack("edge-router", Path.Combine(Root, "edge")).ConfigureAwait(false);
        var stack = await SynthesizedStacks.Read("edge-router").ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(folder, "review_test_provider_override.tf.json"),
            MotoOverride.ProviderOnly(stack, moto.Endpoint).ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
        // What a user with a non-AWS S3 endpoint would pass at init: the backend block itself stays as synthesized.
        await File.WriteAllTextAsync(Path.Combine(folder, "moto.s3.tfbackend"), $$"""
            endpoints                   = { s3 = "{{moto.Endpoint}}", sts = "{{moto.Endpoint}}" }
            use_path_style              = true
            access_key                  = "review-test"
            secret_key                  = "review-test"
            skip_credentials_validation = true
            skip_requesting_account_id  = true
            skip_metadata_api_check     = true
            skip_region_validation      = true
            """).ConfigureAwait(false);
        await StateApplied.ConfigureAwait(false);
        var init = await Processes.Terraform(folder, "init", "-input=false", "-no-color", "-backend-config=moto.s3.tfbackend").ConfigureAwait(false);
        return (folder, init);
    }

    public void Dispose()
    {
        if (_moto.IsValueCreated && _moto.Value.IsCompletedSuccessfully)
        {
            _moto.Value.Result.Dispose();
        }
    }
}

/// <summary>The S3 backend tests.</summary>
[CollectionDefinition(Name)]
public sealed class S3BackendCollection : ICollectionFixture<S3BackendFixture>
{
    public const string Name = "s3 backend";
}
