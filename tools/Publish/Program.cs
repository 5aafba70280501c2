// make publish: uploads a site folder to the stack's bucket and invalidates what changed. See README.md here.
// Exit status: 0 every operation succeeded; 1 an operation failed (printed); 2 refused before changing anything.
using EdgeRouter.Publish;

try
{
    var options = PublishOptions.Parse(args);
    var files = LocalSite.Read(options.Site, new CacheRules(options.CacheRules), w => Console.WriteLine($"publish: warning: {w}"));

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
    if (string.Equals(distribution, PublishOptions.NoDistribution, StringComparison.OrdinalIgnoreCase)) distribution = null;

    using var bucket = SiteBucket.FromEnvironment(bucketName);
    return await new Publisher(options, bucket, distribution, Console.Out).RunAsync(files, CancellationToken.None);
}
catch (PublishRefusedException e)
{
    Console.Error.WriteLine($"publish: refused: {e.Message}");
    return 2;
}
