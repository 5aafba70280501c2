using System.IO.Compression;
using System.Security.Cryptography;

namespace EdgeRouter.Tests;

/// <summary>
/// A router package shaped like the one `make lambda` writes (a zip holding `bootstrap`, and its metadata JSON),
/// built for arm64 so the tests see the architecture flow from the metadata into the function. The synth tests
/// do not need the real router; its own tests run it.
/// </summary>
internal static class TestRouterPackage
{
    public const string Architecture = "arm64";

    private static readonly Lazy<(string Zip, string Hash)> Package = new(Create);

    public static string ZipPath => Package.Value.Zip;

    /// <summary>Base64 SHA-256 of the zip, as source_code_hash should carry it.</summary>
    public static string SourceCodeHash => Package.Value.Hash;

    private static (string, string) Create()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "test-router-package");
        Directory.CreateDirectory(dir);
        var zip = Path.Combine(dir, "webfinger-router.zip");
        File.Delete(zip);
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            var entry = archive.CreateEntry("bootstrap");
            using var writer = new StreamWriter(entry.Open());
            writer.Write("#!/bin/sh\necho not the real router\n");
        }

        var digest = SHA256.HashData(File.ReadAllBytes(zip));
        File.WriteAllText(Path.ChangeExtension(zip, ".json"),
            $$"""{"runtime":"provided.al2023","architecture":"{{Architecture}}","handler":"bootstrap","sha256":"{{Convert.ToHexStringLower(digest)}}"}""");
        return (zip, Convert.ToBase64String(digest));
    }
}
