using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeRouter.Configuration;

namespace EdgeRouter.Router;

/// <summary>
/// The webfinger router's deployable zip as <c>make lambda</c> leaves it, and <c>webfinger-router.json</c> beside it
/// saying which runtime, architecture and handler the build made: a Native AOT <c>bootstrap</c> on
/// <c>provided.al2023</c> where the host can build one (Linux), else the managed <c>dotnet10</c> package
/// (lambda/README.md). The stack deploys what was built rather than assuming either.
/// </summary>
/// <param name="ZipPath">Full path of the zip.</param>
/// <param name="Runtime">Lambda runtime: <see cref="NativeRuntime"/> or <see cref="ManagedRuntime"/>.</param>
/// <param name="Architecture">Lambda architecture: <c>x86_64</c> or <c>arm64</c>.</param>
/// <param name="Handler">Lambda handler: <c>bootstrap</c> on <see cref="NativeRuntime"/>,
/// <c>Assembly::Namespace.Type::Method</c> on <see cref="ManagedRuntime"/>.</param>
/// <param name="SourceCodeHash">Base64 SHA-256 of the zip, as Lambda's <c>source_code_hash</c> wants it.</param>
public sealed partial record RouterPackage(string ZipPath, string Runtime, string Architecture, string Handler, string SourceCodeHash)
{
    /// <summary>The OS-only runtime the Native AOT <c>bootstrap</c> runs on.</summary>
    public const string NativeRuntime = "provided.al2023";

    /// <summary>AWS's managed .NET 10 runtime, for the package hosts without Native AOT build
    /// (<c>make lambda-dotnet10</c>). hashicorp/aws accepts it from 6.27.0 on (the stack then requires that).</summary>
    public const string ManagedRuntime = "dotnet10";

    /// <summary>The hashicorp/aws version from which the provider's validation knows <see cref="ManagedRuntime"/>
    /// (it takes the runtime list from the AWS SDK for Go v2, which added dotnet10 on 2025-12-11).</summary>
    public const string ManagedRuntimeProviderVersion = "6.27.0";

    /// <summary>True for the managed <c>dotnet10</c> package.</summary>
    public bool IsManaged => Runtime == ManagedRuntime;

    /// <summary>Reads and checks the zip at <paramref name="zipPath"/> and its metadata.</summary>
    /// <exception cref="SettingsException">Missing, unreadable or inconsistent; the message says what to run.</exception>
    public static RouterPackage Load(string zipPath)
    {
        var zip = Path.GetFullPath(zipPath);
        var metadataPath = Path.ChangeExtension(zip, ".json");
        if (!File.Exists(zip) || !File.Exists(metadataPath))
        {
            throw new SettingsException(SettingNames.RouterPackage,
                $"{zipPath} (and its .json) not found: build it with `make lambda` (make synth does), or set " +
                "existingApiDomainName to use an API you already run");
        }

        string? runtime, architecture, handler, sha256;
        try
        {
            using var metadata = JsonDocument.Parse(File.ReadAllText(metadataPath));
            runtime = metadata.RootElement.GetProperty("runtime").GetString();
            architecture = metadata.RootElement.GetProperty("architecture").GetString();
            handler = metadata.RootElement.GetProperty("handler").GetString();
            sha256 = metadata.RootElement.GetProperty("sha256").GetString();
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new SettingsException(SettingNames.RouterPackage,
                $"{metadataPath} is not the metadata `make lambda` writes ({error.Message}); run `make lambda` again");
        }

        if (runtime is not (NativeRuntime or ManagedRuntime))
        {
            throw new SettingsException(SettingNames.RouterPackage,
                $"{metadataPath}: runtime \"{runtime}\" is not {NativeRuntime} or {ManagedRuntime}");
        }

        // provided.al2023 ignores the handler but needs one; dotnet10 loads Assembly::Type::Method.
        var handlerValid = runtime == NativeRuntime
            ? handler == "bootstrap"
            : handler is not null && ManagedHandlerPattern().IsMatch(handler);
        if (!handlerValid)
        {
            throw new SettingsException(SettingNames.RouterPackage, runtime == NativeRuntime
                ? $"{metadataPath}: handler \"{handler}\" is not bootstrap (the {NativeRuntime} runtime runs the executable bootstrap)"
                : $"{metadataPath}: handler \"{handler}\" is not Assembly::Namespace.Type::Method (the {ManagedRuntime} runtime's form)");
        }

        if (architecture is not ("x86_64" or "arm64"))
        {
            throw new SettingsException(SettingNames.RouterPackage,
                $"{metadataPath}: architecture \"{architecture}\" is not x86_64 or arm64");
        }

        var digest = SHA256.HashData(File.ReadAllBytes(zip));
        if (!string.Equals(Convert.ToHexStringLower(digest), sha256, StringComparison.Ordinal))
        {
            throw new SettingsException(SettingNames.RouterPackage,
                $"{zipPath} does not match its metadata (sha256 differs): run `make lambda` again");
        }

        return new RouterPackage(zip, runtime, architecture, handler!, Convert.ToBase64String(digest));
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.]*::[A-Za-z_][A-Za-z0-9_.]*::[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex ManagedHandlerPattern();
}
