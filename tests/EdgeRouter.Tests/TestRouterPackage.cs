using System.IO.Compression;
using System.Security.Cryptography;

namespace EdgeRouter.Tests;

/// <summary>
/// A router package shaped like the one `make lambda` writes (a zip holding `bootstrap`, and its metadata JSON),
/// built for arm64 so the tests see the architecture flow from the metadata into the function. The synth tests
/// do not need the real router; its own tests run it. <see cref="Managed"/> is the managed dotnet10 fallback.
/// </summary>
internal static class TestRouterPackage
{
    public const string Architecture = "arm64";

    private static readonly Lazy<(string Zip, string Hash)> Package = new(() =>
        Create("test-router-package", "provided.al2023", Architecture, "bootstrap", "bootstrap", "#!/bin/sh\necho not the real router\n"));

    public static string ZipPath => Package.Value.Zip;

    /// <summary>Base64 SHA-256 of the zip, as source_code_hash should carry it.</summary>
    public static string SourceCodeHash => Package.Value.Hash;

    /// <summary>Writes a zip with one entry and the metadata `lambda/package.sh metadata` writes beside it.</summary>
    public static (string Zip, string Hash) Create(string folder, string runtime, string architecture, string handler, string entry, string content)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, folder);
        Directory.CreateDirectory(dir);
        var zip = Path.Combine(dir, "webfinger-router.zip");
        File.Delete(zip);
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(archive.CreateEntry(entry).Open());
            writer.Write(content);
        }

        var digest = SHA256.HashData(File.ReadAllBytes(zip));
        File.WriteAllText(Path.ChangeExtension(zip, ".json"),
            $$"""{"runtime":"{{runtime}}","architecture":"{{architecture}}","handler":"{{handler}}","sha256":"{{Convert.ToHexStringLower(digest)}}","size":{{new FileInfo(zip).Length}},"zip":"{{zip}}"}""");
        return (zip, Convert.ToBase64String(digest));
    }

    /// <summary>The managed dotnet10 package `make lambda LAMBDA_PACKAGE=dotnet10` writes: x86_64, the
    /// ManagedHandler, no `bootstrap` executable.</summary>
    internal static class Managed
    {
        public const string Architecture = "x86_64";

        public const string Handler = "bootstrap::EdgeRouter.Bootstrap.ManagedHandler::Handle";

        private static readonly Lazy<(string Zip, string Hash)> Package = new(() =>
            Create("test-router-package-dotnet10", "dotnet10", Architecture, Handler, "bootstrap.dll", "not the real assembly"));

        public static string ZipPath => Package.Value.Zip;

        public static string SourceCodeHash => Package.Value.Hash;
    }
}
