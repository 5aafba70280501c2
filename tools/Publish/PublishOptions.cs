using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeRouter.Publish;

/// <summary>What `make publish` was asked to do (command-line options of Publish.dll; the make variables in brackets).
/// Every value is checked before anything is read or written; a value that is not exactly one the README lists is
/// refused (exit 2) with one line naming the variable.</summary>
/// <param name="Site">[SITE] The folder to publish. Required; a missing or empty folder is refused.</param>
/// <param name="Bucket">[BUCKET] The site bucket (an S3 bucket name); null: the stack output <c>site_bucket</c>.</param>
/// <param name="Distribution">[DISTRIBUTION] The distribution ID to invalidate (<c>E</c> and 12 to 14 upper-case
/// letters and digits); null: the stack output <c>distribution_id</c>; <c>none</c>: no invalidation.</param>
/// <param name="DryRun">[DRY_RUN] <c>1</c>: only read the bucket and print what would change; empty or <c>0</c>: publish.</param>
/// <param name="CacheRules">[CACHE] Cache-Control overrides, <c>GLOB=VALUE</c> separated by <c>;</c>, first match wins.</param>
/// <param name="MaxInvalidationPaths">[MAX_INVALIDATION_PATHS] Past this many paths, one <c>/*</c> (default 50, 1 to 3000).</param>
/// <param name="MaxDelete">[MAX_DELETE] null (empty): the default guard (<see cref="DeleteGuard"/>); a number 0 to
/// 1000000: at most that many deletions, whatever they are.</param>
/// <param name="Include">[INCLUDE] Globs (separated by <c>;</c>) of skipped or refused names to publish anyway.</param>
/// <param name="DeleteSkipped">[DELETE_SKIPPED] <c>1</c>: delete objects under names publish skips when the folder no
/// longer has them; empty or <c>0</c>: leave them and say so.</param>
/// <param name="StackDirectory">Where <c>terraform output -json</c> runs for the defaults
/// (default <c>cdktf.out/stacks/edge-router</c>).</param>
/// <param name="VariablesFile">[TFVARS] The Terraform variables file, read for <c>aws_region</c> and
/// <c>not_found_page</c> (default none; make passes <c>terraform.tfvars</c>).</param>
/// <param name="Parallelism">How many S3 requests run at once (default 8, 1 to 64).</param>
internal sealed record PublishOptions(
    string Site,
    string? Bucket,
    string? Distribution,
    bool DryRun,
    IReadOnlyList<CacheRule> CacheRules,
    int MaxInvalidationPaths,
    int? MaxDelete,
    IReadOnlyList<Glob> Include,
    bool DeleteSkipped,
    string StackDirectory,
    string? VariablesFile,
    int Parallelism)
{
    /// <summary>The DISTRIBUTION value that turns invalidation off.</summary>
    public const string NoDistribution = "none";

    /// <summary>CloudFront's limit on files in invalidations in progress per distribution (see README).</summary>
    public const int MaxPathsLimit = 3000;

    /// <summary>The upper bound of MAX_DELETE: beyond any real site, small enough to never overflow.</summary>
    public const int MaxDeleteLimit = 1_000_000;

    /// <summary>The make variables of `make publish`, for the near-miss check of command-line variable names.</summary>
    public static readonly IReadOnlyList<string> MakeVariables =
        ["SITE", "BUCKET", "DISTRIBUTION", "DRY_RUN", "CACHE", "MAX_INVALIDATION_PATHS", "MAX_DELETE", "INCLUDE", "DELETE_SKIPPED"];

    private static readonly Regex DistributionId = new("^E[A-Z0-9]{12,14}$", RegexOptions.CultureInvariant);
    private static readonly Regex BucketName = new("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant);

    /// <summary>Parses the command line; throws <see cref="PublishRefusedException"/> naming the bad option.</summary>
    public static PublishOptions Parse(IReadOnlyList<string> args)
    {
        string? site = null, bucket = null, distribution = null, variablesFile = null;
        var dryRun = false;
        var deleteSkipped = false;
        var rules = new List<CacheRule>();
        var include = new List<Glob>();
        var maxPaths = InvalidationPaths.DefaultMaxPaths;
        int? maxDelete = null;
        var stackDirectory = "cdktf.out/stacks/edge-router";
        var parallelism = 8;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new PublishRefusedException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--site": site = Value(); break;
                case "--bucket": bucket = ParseBucket(Value()); break;
                case "--distribution": distribution = ParseDistribution(Value()); break;
                case "--dry-run": dryRun = Flag("DRY_RUN", Value(), "1 (only read and print what would change)"); break;
                case "--delete-skipped": deleteSkipped = Flag("DELETE_SKIPPED", Value(), "1 (delete objects under skipped names that the folder no longer has)"); break;
                case "--cache":
                    foreach (var rule in Value().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        try { rules.Add(CacheRule.Parse(rule)); }
                        catch (ArgumentException e) { throw new PublishRefusedException($"CACHE: {e.Message}; nothing was read or written"); }
                    }
                    break;
                case "--include":
                    foreach (var glob in Value().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        try { include.Add(Glob.Parse(glob)); }
                        catch (ArgumentException e) { throw new PublishRefusedException($"INCLUDE: {e.Message}; nothing was read or written"); }
                        // '**', '*', '**/*', '?*': nothing but wildcards publishes every dotfile, dot-folder and secret.
                        if (glob.All(c => c is '*' or '?' or '/'))
                        {
                            throw new PublishRefusedException($"INCLUDE: pattern \"{glob}\" matches every name (every dotfile and secret-bearing name would be published): name what to include, e.g. INCLUDE='.htaccess'; nothing was read or written");
                        }
                    }
                    break;
                case "--max-invalidation-paths":
                    maxPaths = Number("MAX_INVALIDATION_PATHS", Value(), 1, MaxPathsLimit, "CloudFront allows 3,000 files in invalidations in progress")
                        ?? InvalidationPaths.DefaultMaxPaths;
                    break;
                case "--max-delete": maxDelete = Number("MAX_DELETE", Value(), 0, MaxDeleteLimit, "the number of deletions you confirm"); break;
                case "--stack-dir": stackDirectory = Value(); break;
                case "--tfvars": variablesFile = Value() is { Length: > 0 } f ? f : null; break;
                case "--command-line-variables": CheckVariableNames(Value()); break;
                case "--parallelism":
                    parallelism = Number("--parallelism", Value(), 1, 64, "requests at once") ?? 8;
                    break;
                default:
                    throw new PublishRefusedException($"unknown option {args[i]}{(args[i].StartsWith('-') ? "" : " (make variables are NAME=value)")}; nothing was read or written");
            }
        }
        if (string.IsNullOrWhiteSpace(site))
        {
            throw new PublishRefusedException("give the folder to publish: make publish SITE=dir (e.g. SITE=site, the project's example site)");
        }
        return new PublishOptions(site, bucket, distribution, dryRun, rules, maxPaths, maxDelete, include, deleteSkipped, stackDirectory, variablesFile, parallelism);
    }

    // Exactly the values the README lists: anything else (TRUE, yes, on, y, 2, " 1") is refused, never guessed.
    private static bool Flag(string name, string value, string meaning) => value switch
    {
        "" or "0" => false,
        "1" => true,
        _ => throw new PublishRefusedException($"{name}={value}: expected {meaning}, or empty/0 (off); nothing was read or written"),
    };

    // Digits only: no sign, no spaces, no exponent, no thousands separator. Empty: the default.
    private static int? Number(string name, string value, int min, int max, string why)
    {
        if (value.Length == 0) return null;
        if (value.Length > 10 || !value.All(char.IsAsciiDigit) || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            throw new PublishRefusedException($"{name}={value}: expected a whole number from {min} to {max} ({why}); nothing was read or written");
        }
        return (int)n;
    }

    private static string? ParseBucket(string value)
    {
        if (value.Length == 0) return null;
        if (value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("arn:", StringComparison.OrdinalIgnoreCase))
        {
            throw new PublishRefusedException($"BUCKET={value}: give the bucket's name only (the site_bucket output), not an s3:// URL or ARN; nothing was read or written");
        }
        if (!BucketName.IsMatch(value) || value.Contains("..", StringComparison.Ordinal))
        {
            throw new PublishRefusedException($"BUCKET={value}: not an S3 bucket name (3 to 63 lower-case letters, digits, '.' and '-'; the site_bucket output); nothing was read or written");
        }
        return value;
    }

    private static string? ParseDistribution(string value)
    {
        if (value.Length == 0) return null;
        if (value == NoDistribution) return value;
        if (DistributionId.IsMatch(value)) return value;
        var hint = value.Equals(NoDistribution, StringComparison.OrdinalIgnoreCase) ? $" (write it in lower case: DISTRIBUTION={NoDistribution})"
            : value.Contains('.', StringComparison.Ordinal) ? " (that is a domain name; give the distribution's ID, the distribution_id output)"
            : value.StartsWith("arn:", StringComparison.OrdinalIgnoreCase) ? " (give the ID at the end of the ARN)"
            : "";
        throw new PublishRefusedException($"DISTRIBUTION={value}: expected a CloudFront distribution ID (E and 12 to 14 upper-case letters and digits, the distribution_id output) or {NoDistribution}{hint}; nothing was read or written");
    }

    /// <summary>
    /// make cannot refuse a variable it does not know, but make publish passes the names given on its command line:
    /// one that is a near miss of a publish variable (DRYRUN, dry_run, Max_Delete, DISTRIBUTON) is a typo that would
    /// otherwise run a real publish, so it is refused. Other names (make's own, other targets') pass.
    /// </summary>
    private static void CheckVariableNames(string names)
    {
        foreach (var name in names.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (MakeVariables.Contains(name, StringComparer.Ordinal)) continue;
            var normal = Normal(name);
            var meant = MakeVariables.FirstOrDefault(v => Normal(v) == normal)
                ?? (normal.Length >= 5 ? MakeVariables.FirstOrDefault(v => Distance(Normal(v), normal) <= 2) : null);
            if (meant is not null)
            {
                throw new PublishRefusedException($"{name}=… is not a variable of make publish: did you mean {meant}? Nothing was read or written");
            }
        }
    }

    private static string Normal(string name) => new([.. name.ToUpperInvariant().Where(char.IsAsciiLetterOrDigit)]);

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
