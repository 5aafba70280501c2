// make publish: uploads a site folder to the stack's bucket and invalidates what changed. See README.md here.
// Exit status: 0 every operation succeeded; 1 an operation failed (each printed); 2 refused before anything was
// changed (one line: what to give instead); 3 stopped by an unexpected error (one line; run it again: a publish
// sends only what differs).
using EdgeRouter.Publish;

try
{
    var options = PublishOptions.Parse(args);
    var variables = TerraformVariables.Read(options.VariablesFile);
    var site = LocalSite.Read(options.Site, new CacheRules(options.CacheRules), options.Include, w => Console.WriteLine(ConsoleText.Printable($"publish: warning: {w}")));
    foreach (var skipped in site.Skipped) Console.WriteLine(ConsoleText.Printable($"publish: skipped {skipped.Key}: {skipped.Reason}"));
    foreach (var rule in options.CacheRules.Where(r => !site.Files.Any(f => r.Matches(f.Key))))
    {
        Console.WriteLine($"publish: warning: CACHE rule {rule.Glob.Text}={rule.CacheControl} matches no file in SITE (a typo in the glob?)");
    }

    var bucketName = options.Bucket;
    var distribution = options.Distribution;
    if (bucketName is null || distribution is null)
    {
        var (outputs, problem) = StackOutputs.Read(options.StackDirectory);
        bucketName ??= outputs.GetValueOrDefault("site_bucket");
        distribution ??= outputs.GetValueOrDefault("distribution_id");
        if (bucketName is null)
        {
            throw new PublishRefusedException(
                $"the site bucket is not known: the stack's outputs in {options.StackDirectory} could not be read ({problem ?? "no site_bucket output"}). "
                + "Give it: make publish SITE=… BUCKET=<the site_bucket output> DISTRIBUTION=<the distribution_id output, or none>");
        }
        if (distribution is null)
        {
            throw new PublishRefusedException(
                $"the distribution is not known ({problem ?? "no distribution_id output"}): give DISTRIBUTION=<id> to invalidate what changed, or DISTRIBUTION=none to publish without invalidating; nothing was changed");
        }
        Console.WriteLine($"publish: bucket {bucketName} and distribution {distribution} from the outputs in {options.StackDirectory}");
    }
    if (distribution == PublishOptions.NoDistribution) distribution = null;

    var (region, regionSource) = Credentials.Region(variables, options.VariablesFile);
    if (regionSource != "AWS_REGION") Console.WriteLine($"publish: region {region.SystemName} from {regionSource}");
    var credentials = await Credentials.ResolveAsync(new Amazon.S3.AmazonS3Config { RegionEndpoint = region });
    using var bucket = SiteBucket.FromEnvironment(bucketName, region, credentials);
    var notFoundPage = variables.GetValueOrDefault("not_found_page", "/404.html").TrimStart('/');
    return await new Publisher(options, bucket, distribution, notFoundPage, Console.Out).RunAsync(site, CancellationToken.None);
}
catch (PublishRefusedException e)
{
    Console.Error.WriteLine(ConsoleText.Printable($"publish: refused: {e.Message}"));
    return 2;
}
catch (Exception e)
{
    // Whatever was not foreseen still ends as one line and a documented status, never a runtime abort.
    var first = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
    Console.Error.WriteLine($"publish: stopped by an unexpected error ({e.GetType().Name}: {first}); the bucket may be partly updated: run the same command again (it sends only what differs), and report this if it repeats");
    return 3;
}
