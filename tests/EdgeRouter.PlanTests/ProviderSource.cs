using System.Runtime.InteropServices;

namespace EdgeRouter.PlanTests;

/// <summary>
/// Where <c>terraform init</c> gets hashicorp/aws, and the CLI configuration that says so.
/// <list type="bullet">
/// <item><c>EDGE_ROUTER_PLAN_PROVIDER=mirror</c> (the default): offline, from a filesystem mirror
/// (<c>EDGE_ROUTER_PLAN_MIRROR</c>, default <c>/opt/tf-plugins</c>, Terraform's unpacked layout
/// <c>registry.terraform.io/hashicorp/aws/VERSION/OS_ARCH/terraform-provider-aws_*</c>). Every plan then asks for
/// the mirrored version instead of the stack's pin (an override file, see <see cref="PlanCopy"/>); no other source
/// is tried. No provider there: the check fails and says where it looked.</item>
/// <item><c>EDGE_ROUTER_PLAN_PROVIDER=registry</c>: a machine with network access. The stack's own pin is used,
/// downloaded once into build/plan/plugin-cache.</item>
/// </list>
/// </summary>
public sealed record ProviderSource(string Mode, string? MirrorRoot, string? MirroredVersion, string CliConfigFile)
{
    /// <summary>The provider the stacks use.</summary>
    public const string Address = "registry.terraform.io/hashicorp/aws";

    /// <summary>Whether plans use a version other than the stack's pin.</summary>
    public bool OverridesVersion => MirroredVersion is not null;

    /// <summary>The provider's major version the plans run on; null: the stack's pin (registry).</summary>
    public int? MirroredMajor => MirroredVersion is null ? null : int.Parse(MirroredVersion.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Resolves the source and writes its CLI configuration under <paramref name="workRoot"/>.</summary>
    public static ProviderSource Resolve(Func<string, string?> environment, string workRoot)
    {
        Directory.CreateDirectory(workRoot);
        var cliConfig = Path.Combine(workRoot, "terraform-cli.tfrc");
        var mode = environment("EDGE_ROUTER_PLAN_PROVIDER") is { Length: > 0 } m ? m : "mirror";
        switch (mode)
        {
            case "mirror":
                var root = environment("EDGE_ROUTER_PLAN_MIRROR") is { Length: > 0 } r ? r : "/opt/tf-plugins";
                var version = FindMirroredVersion(root);
                File.WriteAllText(cliConfig, $$"""
                    # Written by tests/EdgeRouter.PlanTests: {{Address}} from the filesystem mirror only, never the network.
                    provider_installation {
                      filesystem_mirror {
                        path    = "{{Escape(root)}}"
                        include = ["{{Address}}"]
                      }
                      direct {
                        exclude = ["{{Address}}"]
                      }
                    }
                    """);
                return new ProviderSource(mode, root, version, cliConfig);
            case "registry":
                var cache = Path.Combine(workRoot, "plugin-cache");
                Directory.CreateDirectory(cache);
                File.WriteAllText(cliConfig, $$"""
                    # Written by tests/EdgeRouter.PlanTests: the stack's pinned provider from the registry, downloaded once.
                    plugin_cache_dir = "{{Escape(cache)}}"
                    """);
                return new ProviderSource(mode, null, null, cliConfig);
            default:
                throw new InvalidOperationException(
                    $"plan check: EDGE_ROUTER_PLAN_PROVIDER is \"{mode}\": use mirror (offline, the default) or registry (network)");
        }
    }

    // The highest version of hashicorp/aws in the mirror for this machine's platform, or a loud failure.
    private static string FindMirroredVersion(string root)
    {
        var platform = $"linux_{(RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64")}";
        var versions = Path.Combine(root, Address);
        var pattern = $"{versions}/VERSION/{platform}/terraform-provider-aws_*";
        var found = Directory.Exists(versions)
            ? Directory.GetDirectories(versions)
                .Where(v => Directory.Exists(Path.Combine(v, platform)) &&
                    Directory.GetFiles(Path.Combine(v, platform), "terraform-provider-aws_*").Length > 0)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(v => Version.TryParse(v, out _))
                .OrderByDescending(Version.Parse)
                .ToList()
            : [];
        return found.Count > 0
            ? found[0]
            : throw new InvalidOperationException(
                $"plan check: NO OFFLINE AWS PROVIDER. Looked for {pattern} (a Terraform filesystem mirror) and found none. " +
                "Point EDGE_ROUTER_PLAN_MIRROR at a mirror that holds hashicorp/aws, or on a machine with network access set " +
                "EDGE_ROUTER_PLAN_PROVIDER=registry to plan with the stack's pinned version. The plan check never passes without a plan.");
    }

    private static string Escape(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
