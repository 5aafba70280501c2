using System.Security.Cryptography;
using System.Text.Json;
using EdgeRouter.Configuration;

namespace EdgeRouter.Router;

/// <summary>
/// The webfinger router's deployable zip as <c>make lambda</c> leaves it: <c>webfinger-router.zip</c> holding a
/// Native AOT <c>bootstrap</c>, and <c>webfinger-router.json</c> beside it saying which runtime and architecture
/// the build made. The stack deploys what was built rather than assuming x86_64.
/// </summary>
/// <param name="ZipPath">Full path of the zip.</param>
/// <param name="Runtime">Lambda runtime, <c>provided.al2023</c>.</param>
/// <param name="Architecture">Lambda architecture: <c>x86_64</c> or <c>arm64</c>.</param>
/// <param name="SourceCodeHash">Base64 SHA-256 of the zip, as Lambda's <c>source_code_hash</c> wants it.</param>
public sealed record RouterPackage(string ZipPath, string Runtime, string Architecture, string SourceCodeHash)
{
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

        string? runtime, architecture, sha256;
        try
        {
            using var metadata = JsonDocument.Parse(File.ReadAllText(metadataPath));
            runtime = metadata.RootElement.GetProperty("runtime").GetString();
            architecture = metadata.RootElement.GetProperty("architecture").GetString();
            sha256 = metadata.RootElement.GetProperty("sha256").GetString();
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new SettingsException(SettingNames.RouterPackage,
                $"{metadataPath} is not the metadata `make lambda` writes ({error.Message}); run `make lambda` again");
        }

        if (runtime != "provided.al2023")
        {
            throw new SettingsException(SettingNames.RouterPackage, $"{metadataPath}: runtime \"{runtime}\" is not provided.al2023");
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

        return new RouterPackage(zip, runtime, architecture, Convert.ToBase64String(digest));
    }
}
