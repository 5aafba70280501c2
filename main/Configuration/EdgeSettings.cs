using System.Text.RegularExpressions;

namespace EdgeRouter.Configuration;

/// <summary>
/// What the edge stack is built from at synth time. Values a deployment may change without a new synth
/// (domains, certificate, price class) are Terraform variables instead: see <c>Inputs/EdgeInputs</c>.
/// </summary>
public sealed partial record EdgeSettings
{
    /// <summary>The name of the edge stack, and of its folder under <c>cdktf.out/stacks/</c>.</summary>
    public const string StackName = "edge-router";

    /// <summary>The path pattern of the original setup: the router answers everything under /.well-known/.</summary>
    public const string DefaultRouterPathPattern = "/.well-known/*";

    /// <summary>CloudFront's default quota of cache behaviours per distribution.</summary>
    public const int MaxRouterPathPatterns = 25;

    /// <summary>Where Terraform state lives. Default: see <see cref="RemoteStateSettings"/>.</summary>
    public RemoteStateSettings State { get; init; } = new();

    /// <summary>
    /// The path patterns sent to the API origin, in the order CloudFront evaluates them. Default
    /// <c>["/.well-known/*"]</c>. Narrow it (for example to <c>/.well-known/webfinger</c>,
    /// <c>/.well-known/host-meta*</c> and <c>/.well-known/nodeinfo*</c>) when the site bucket holds other
    /// <c>/.well-known/</c> files such as <c>security.txt</c>. Valid: 1 to 25 distinct patterns of at most 255
    /// characters, each starting with <c>/</c>, using only the characters CloudFront accepts; not <c>/*</c>, which
    /// would take the whole site away from the bucket.
    /// </summary>
    public IReadOnlyList<string> RouterPathPatterns { get; init; } = [DefaultRouterPathPattern];

    /// <summary>Which origin request policy the router behaviours use. Default <see cref="ApiOriginRequestPolicyKind.Managed"/>.</summary>
    public ApiOriginRequestPolicyKind ApiOriginRequestPolicy { get; init; } = ApiOriginRequestPolicyKind.Managed;

    /// <summary>Throws a <see cref="SettingsException"/> naming the first setting that is not valid.</summary>
    public EdgeSettings Validate()
    {
        State.Validate();

        if (RouterPathPatterns.Count is 0 or > MaxRouterPathPatterns)
        {
            throw new SettingsException(SettingNames.RouterPathPatterns,
                $"give 1 to {MaxRouterPathPatterns} path patterns, got {RouterPathPatterns.Count}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in RouterPathPatterns)
        {
            if (!PathPattern().IsMatch(pattern))
            {
                throw new SettingsException(SettingNames.RouterPathPatterns,
                    $"\"{pattern}\" is not a CloudFront path pattern (start with '/', at most 255 characters of " +
                    "A-Z a-z 0-9 _ - . * ? $ / ~ \" ' @ : + & ;)");
            }

            if (pattern is "/*" or "/")
            {
                throw new SettingsException(SettingNames.RouterPathPatterns,
                    $"\"{pattern}\" would send the whole site to the API; the default behaviour serves the bucket");
            }

            if (!seen.Add(pattern))
            {
                throw new SettingsException(SettingNames.RouterPathPatterns, $"\"{pattern}\" is listed twice");
            }
        }

        return this;
    }

    [GeneratedRegex("""^/[A-Za-z0-9_\-.*?$/~"'@:+&;]{0,254}$""")]
    private static partial Regex PathPattern();
}
