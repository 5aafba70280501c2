using System.Runtime.InteropServices;

namespace EdgeRouter.ReviewTests;

/// <summary>
/// Where the suite finds what it runs and works: the repository, the shipped app and review, the offline provider
/// (a Terraform filesystem mirror, as tests/EdgeRouter.PlanTests uses), moto, and build/review-tests for its copies.
/// Environment: REVIEW_DLL (default build/review/Review.dll), REVIEW_TEST_APP (default build/main/EdgeRouter.dll),
/// MOTO_SERVER (default: build/moto/bin/moto_server, else moto_server on PATH), EDGE_ROUTER_PLAN_MIRROR (default
/// /opt/tf-plugins).
/// </summary>
public sealed class Suite
{
    private static readonly Lazy<Suite> Instance = new(() => new Suite());

    /// <summary>The one instance.</summary>
    public static Suite Current => Instance.Value;

    private Suite()
    {
        RepoRoot = FindRepoRoot();
        WorkRoot = Path.Combine(RepoRoot, "build", "review-tests");
        Directory.CreateDirectory(WorkRoot);
        ReviewDll = Path.GetFullPath(Environment.GetEnvironmentVariable("REVIEW_DLL") is { Length: > 0 } r ? r : Path.Combine(RepoRoot, "build/review/Review.dll"));
        AppDll = Path.GetFullPath(Environment.GetEnvironmentVariable("REVIEW_TEST_APP") is { Length: > 0 } a ? a : Path.Combine(RepoRoot, "build/main/EdgeRouter.dll"));
        var mirror = Environment.GetEnvironmentVariable("EDGE_ROUTER_PLAN_MIRROR") is { Length: > 0 } m ? m : "/opt/tf-plugins";
        var platform = $"linux_{(RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64")}";
        var versions = Path.Combine(mirror, "registry.terraform.io/hashicorp/aws");
        ProviderVersion = Directory.Exists(versions)
            ? Directory.GetDirectories(versions).Where(v => Directory.Exists(Path.Combine(v, platform)))
                .Select(Path.GetFileName).OfType<string>().Where(v => Version.TryParse(v, out _)).OrderByDescending(Version.Parse).FirstOrDefault()
            : null;
        CliConfigFile = Path.Combine(WorkRoot, "terraform-cli.tfrc");
        File.WriteAllText(CliConfigFile, $$"""
            # Written by tests/EdgeRouter.ReviewTests: hashicorp/aws from the filesystem mirror only, never the network.
            provider_installation {
              filesystem_mirror {
                path    = "{{mirror}}"
                include = ["registry.terraform.io/hashicorp/aws"]
              }
              direct {
                exclude = ["registry.terraform.io/hashicorp/aws"]
              }
            }
            """);
        MotoServer = Environment.GetEnvironmentVariable("MOTO_SERVER") is { Length: > 0 } moto ? moto
            : File.Exists(Path.Combine(RepoRoot, "build/moto/bin/moto_server")) ? Path.Combine(RepoRoot, "build/moto/bin/moto_server")
            : FindOnPath("moto_server");
    }

    /// <summary>The repository (the folder holding cdktf.json).</summary>
    public string RepoRoot { get; }

    /// <summary>build/review-tests: every copy, plan and log of the suite.</summary>
    public string WorkRoot { get; }

    /// <summary>The review as make review runs it.</summary>
    public string ReviewDll { get; }

    /// <summary>The app as make synth runs it.</summary>
    public string AppDll { get; }

    /// <summary>The mirrored hashicorp/aws version; null: none (every test then fails, saying so).</summary>
    public string? ProviderVersion { get; }

    /// <summary>The suite's Terraform CLI configuration.</summary>
    public string CliConfigFile { get; }

    /// <summary>moto's server, or null when it is nowhere (every moto test then fails, saying so).</summary>
    public string? MotoServer { get; }

    /// <summary>Throws, loudly, when something the suite cannot do without is missing.</summary>
    public void RequireTools()
    {
        if (MotoServer is null)
        {
            throw new InvalidOperationException(
                "review suite: NO MOTO. moto_server (moto[server] 5.2.1, an AWS API emulator) is not on PATH and not in build/moto. " +
                "Run tests/EdgeRouter.ReviewTests/moto-setup.sh (make test-review does), which installs it into build/moto with pip; " +
                "where PyPI cannot be reached, install moto[server]==5.2.1 yourself and set MOTO_SERVER. The suite never passes without it.");
        }

        if (ProviderVersion is null)
        {
            throw new InvalidOperationException("review suite: NO OFFLINE AWS PROVIDER in the filesystem mirror (EDGE_ROUTER_PLAN_MIRROR, default /opt/tf-plugins); see tests/EdgeRouter.PlanTests/README.md.");
        }

        foreach (var file in new[] { ReviewDll, AppDll })
        {
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"review suite: {file} is missing: run the suite with make test-review, which builds it");
            }
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "cdktf.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cdktf.json not found above " + AppContext.BaseDirectory);
    }
}
