namespace EdgeRouter.Publish;

/// <summary>What `make publish` was asked to do (command-line options of Publish.dll; the make variables in brackets).</summary>
/// <param name="Site">[SITE] The folder to publish. Required; a missing or empty folder is refused.</param>
/// <param name="Bucket">[BUCKET] The site bucket; null: the stack output <c>site_bucket</c>.</param>
/// <param name="Distribution">[DISTRIBUTION] The distribution ID to invalidate; null: the stack output
/// <c>distribution_id</c>; <c>none</c>: no invalidation.</param>
/// <param name="DryRun">[DRY_RUN=1] Only read the bucket and print what would change.</param>
/// <param name="CacheRules">[CACHE] Cache-Control overrides, <c>GLOB=VALUE</c>, first match wins.</param>
/// <param name="MaxInvalidationPaths">[MAX_INVALIDATION_PATHS] Past this many paths, one <c>/*</c> (default 50, at least 1).</param>
/// <param name="StackDirectory">Where <c>terraform output -json</c> runs for the defaults
/// (default <c>cdktf.out/stacks/edge-router</c>).</param>
/// <param name="Parallelism">How many S3 requests run at once (default 8, 1 to 64).</param>
internal sealed record PublishOptions(
    string Site,
    string? Bucket,
    string? Distribution,
    bool DryRun,
    IReadOnlyList<CacheRule> CacheRules,
    int MaxInvalidationPaths,
    string StackDirectory,
    int Parallelism)
{
    /// <summary>The DISTRIBUTION value that turns invalidation off.</summary>
    public const string NoDistribution = "none";

    /// <summary>Parses the command line; throws <see cref="PublishRefusedException"/> naming the bad option.</summary>
    public static PublishOptions Parse(IReadOnlyList<string> args)
    {
        string? site = null, bucket = null, distribution = null;
        var dryRun = false;
        var rules = new List<CacheRule>();
        var maxPaths = InvalidationPaths.DefaultMaxPaths;
        var stackDirectory = "cdktf.out/stacks/edge-router";
        var parallelism = 8;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new PublishRefusedException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--site": site = Value(); break;
                case "--bucket": bucket = Empty(Value()); break;
                case "--distribution": distribution = Empty(Value()); break;
                case "--dry-run": dryRun = true; break;
                case "--cache":
                    foreach (var rule in Value().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        try { rules.Add(CacheRule.Parse(rule)); }
                        catch (ArgumentException e) { throw new PublishRefusedException($"CACHE: {e.Message}"); }
                    }
                    break;
                case "--max-invalidation-paths":
                    var text = Value();
                    if (!int.TryParse(text, out maxPaths) || maxPaths < 1)
                    {
                        throw new PublishRefusedException($"MAX_INVALIDATION_PATHS={text}: expected a whole number, 1 or more");
                    }
                    break;
                case "--stack-dir": stackDirectory = Value(); break;
                case "--parallelism":
                    var p = Value();
                    if (!int.TryParse(p, out parallelism) || parallelism is < 1 or > 64)
                    {
                        throw new PublishRefusedException($"--parallelism {p}: expected 1 to 64");
                    }
                    break;
                default: throw new PublishRefusedException($"unknown option {args[i]}");
            }
        }
        if (string.IsNullOrWhiteSpace(site))
        {
            throw new PublishRefusedException("give the folder to publish: make publish SITE=dir");
        }
        return new PublishOptions(site, bucket, distribution, dryRun, rules, maxPaths, stackDirectory, parallelism);
    }

    private static string? Empty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
