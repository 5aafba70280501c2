using System.Security.Cryptography;
using EdgeRouter.Configuration;

namespace EdgeRouter.State;

/// <summary>
/// The folder, beside the generated output and never inside it, where the user keeps what a synth must not lose:
/// the state stack's own Terraform state (<see cref="StateFileName"/>) and the state bucket's generated name
/// (<see cref="BucketNameFileName"/>). Every synth deletes and rewrites <c>cdktf.out</c>; this folder is only read,
/// and written once, when the first synth generates the bucket name. <c>.gitignore</c> covers it.
/// </summary>
/// <remarks>
/// The name and the state that owns the bucket live together on purpose: the bucket's name is chosen once per
/// deployment, and losing or changing it while the bucket exists would point the edge stack at another bucket.
/// </remarks>
/// <param name="Path">The folder's full path.</param>
public sealed record StateFolder(string Path)
{
    /// <summary>Default folder, relative to the folder the synth runs in (the project's root).</summary>
    public const string DefaultPath = "state";

    /// <summary>The state stack's local state.</summary>
    public const string StateFileName = "edge-router-state.tfstate";

    /// <summary>The generated state bucket name, one line.</summary>
    public const string BucketNameFileName = "state-bucket-name";

    /// <summary>What every generated bucket name starts with.</summary>
    public const string BucketNamePrefix = "edge-router-state-";

    /// <summary>The state stack's state file.</summary>
    public string StateFile => System.IO.Path.Combine(Path, StateFileName);

    /// <summary>The file that keeps the generated bucket name.</summary>
    public string BucketNameFile => System.IO.Path.Combine(Path, BucketNameFileName);

    /// <summary>
    /// A new bucket name no one else has: <see cref="BucketNamePrefix"/> and 12 random lower-case letters and digits
    /// (62 bits from the system's cryptographic random source), 30 characters in all.
    /// </summary>
    public static string NewBucketName() =>
        BucketNamePrefix + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12);

    /// <summary>The bucket name kept by an earlier synth; null when there is none yet.</summary>
    /// <exception cref="SettingsException">The file holds something that is not a bucket name.</exception>
    public string? KeptBucketName()
    {
        if (!File.Exists(BucketNameFile))
        {
            return null;
        }

        var name = File.ReadAllText(BucketNameFile).Trim();
        if (Naming.S3BucketNames.Problem(name) is not null)
        {
            throw new SettingsException(SettingNames.StateBucket,
                $"{BucketNameFile} holds \"{name}\", which is not an S3 bucket name; put back the name of the bucket " +
                "the state stack created (terraform output state_bucket), or set stateBucket");
        }

        return name;
    }

    /// <summary>Writes <paramref name="bucket"/> to <see cref="BucketNameFile"/> (creating the folder).</summary>
    public void KeepBucketName(string bucket)
    {
        _ = Directory.CreateDirectory(Path);
        File.WriteAllText(BucketNameFile, bucket + "\n");
    }

    /// <summary>The path of <see cref="StateFile"/> as seen from <paramref name="stackFolder"/> (for a local backend).</summary>
    public string StateFileFrom(string stackFolder) =>
        System.IO.Path.GetRelativePath(stackFolder, StateFile).Replace('\\', '/');

    /// <summary>
    /// Another local state file in this folder (<paramref name="fileName"/>, e.g. the GitHub pipeline stack's), as a
    /// path relative to <paramref name="stackFolder"/>.
    /// </summary>
    public string OtherStateFileFrom(string stackFolder, string fileName) =>
        System.IO.Path.GetRelativePath(stackFolder, System.IO.Path.Combine(Path, fileName)).Replace('\\', '/');

    /// <summary>Whether this folder is <paramref name="outdir"/> or inside it (where every synth would delete it).</summary>
    public bool IsInside(string outdir)
    {
        var output = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(outdir));
        var folder = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(Path));
        return folder == output || folder.StartsWith(output + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
