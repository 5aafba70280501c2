using System.Text.RegularExpressions;

namespace EdgeRouter.Naming;

/// <summary>
/// S3's rules for general purpose bucket names (AWS, "General purpose bucket naming rules", S3 User Guide), once,
/// for both places the stack checks one: Terraform validations of the variables that name a bucket
/// (<see cref="Validations"/>) and the synth-time state bucket setting (<see cref="Problem"/>). The provider checks
/// none of the reserved prefixes and suffixes at plan, so a name that breaks one failed at apply, part-way.
/// </summary>
public static partial class S3BucketNames
{
    /// <summary>Prefixes S3 reserves (<c>sthree-configurator</c> starts with <c>sthree-</c>).</summary>
    public static readonly string[] ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];

    /// <summary>
    /// Suffixes S3 reserves: access point aliases, Object Lambda access point aliases, Multi-Region Access Points,
    /// directory buckets, table buckets.
    /// </summary>
    public static readonly string[] ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

    /// <summary>The shape without dots (the site bucket: a dot breaks TLS to its virtual-hosted name).</summary>
    public const string UndottedPattern = "^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$";

    /// <summary>The shape with dots allowed.</summary>
    public const string DottedPattern = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

    /// <summary>An IPv4 address's form, which S3 refuses as a name.</summary>
    public const string AddressPattern = "^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$";

    private static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"\"{v}\""));

    private static string Listed(IReadOnlyList<string> values) =>
        string.Join(", ", values.Take(values.Count - 1)) + " or " + values[^1];

    /// <summary>
    /// The Terraform validations of a variable named <paramref name="variable"/> that holds a bucket name, each
    /// with a message naming the variable and the rule. <paramref name="optional"/>: "" is accepted (no bucket).
    /// </summary>
    public static (string Condition, string Message)[] Validations(string variable, bool allowDots, bool optional,
        string shapeMessage)
    {
        var v = $"var.{variable}";
        var empty = optional ? $"{v} == \"\" || " : "";
        // Escaped for a Terraform string (the patterns hold no backslash today; one added later stays right).
        var pattern = (allowDots ? DottedPattern : UndottedPattern).Replace("\\", "\\\\", StringComparison.Ordinal);
        var rules = new List<(string Condition, string Message)>
        {
            ($"${{{empty}can(regex(\"{pattern}\", {v}))}}", shapeMessage),
            ($"${{{empty}!anytrue([for p in [{Quoted(ReservedPrefixes)}] : startswith({v}, p)])}}",
                $"{variable} must not start with {Listed(ReservedPrefixes)}: S3 reserves these prefixes and refuses the bucket at apply."),
            ($"${{{empty}!anytrue([for s in [{Quoted(ReservedSuffixes)}] : endswith({v}, s)])}}",
                $"{variable} must not end with {Listed(ReservedSuffixes)}: S3 reserves these suffixes and refuses the bucket at apply."),
        };
        if (allowDots)
        {
            rules.Add(($"${{{empty}!strcontains({v}, \"..\") && !can(regex(\"{AddressPattern}\", {v}))}}",
                $"{variable} must not contain two adjacent dots or look like an IP address (192.168.5.4): S3 refuses such names."));
        }

        return [.. rules];
    }

    /// <summary>What is wrong with <paramref name="name"/> as a bucket name (dots allowed), or null when S3 takes it.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Dotted().IsMatch(name))
        {
            return "3-63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit";
        }

        if (name.Contains("..", StringComparison.Ordinal) || Address().IsMatch(name))
        {
            return "no two adjacent dots, not formatted as an IP address";
        }

        if (ReservedPrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
        {
            return $"S3 reserves the prefix {prefix}";
        }

        return ReservedSuffixes.FirstOrDefault(s => name.EndsWith(s, StringComparison.Ordinal)) is { } suffix
            ? $"S3 reserves the suffix {suffix}"
            : null;
    }

    [GeneratedRegex(DottedPattern)]
    private static partial Regex Dotted();

    [GeneratedRegex(AddressPattern)]
    private static partial Regex Address();
}
