using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace EdgeRouter.Publish;

/// <summary>
/// The region and credentials, settled before any request, so that a missing one is one line saying what to set
/// rather than the SDK's exception (an unhandled "No RegionEndpoint" abort, or four credential-chain errors).
/// </summary>
internal static class Credentials
{
    /// <summary>What to do when AWS refuses or cannot find the credentials: the ways the SDK's chain takes them.</summary>
    public const string Hint =
        "give credentials: AWS_PROFILE=<profile> (for an SSO profile, run aws sso login --profile <profile> first), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones)";

    /// <summary>
    /// The bucket's region: AWS_REGION, else AWS_DEFAULT_REGION, else <c>aws_region</c> in the variables file (the
    /// stack's own region for the bucket), else the profile's <c>region</c>. Throws <see cref="PublishRefusedException"/>
    /// when none is known or the value is not a region name.
    /// </summary>
    public static (RegionEndpoint Region, string Source) Region(IReadOnlyDictionary<string, string> variables, string? variablesFile)
    {
        static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v.Trim() : null;
        var (value, source) = Env("AWS_REGION") is { } r ? (r, "AWS_REGION")
            : Env("AWS_DEFAULT_REGION") is { } d ? (d, "AWS_DEFAULT_REGION")
            : variables.TryGetValue("aws_region", out var v) ? (v, $"aws_region in {variablesFile}")
            : ProfileRegion() is { } p ? (p.Region, $"the region of profile {p.Profile}")
            : (null, null);
        if (value is null)
        {
            throw new PublishRefusedException(
                $"the bucket's region is not known: set AWS_REGION=<the stack's aws_region>, or keep aws_region in {variablesFile ?? "terraform.tfvars"}; nothing was read or written");
        }
        if (!System.Text.RegularExpressions.Regex.IsMatch(value, "^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$"))
        {
            throw new PublishRefusedException($"{source}={value}: not an AWS region name (like eu-west-1); nothing was read or written");
        }
        return (RegionEndpoint.GetBySystemName(value), source!);
    }

    private static (string Profile, string Region)? ProfileRegion()
    {
        var name = Environment.GetEnvironmentVariable("AWS_PROFILE") is { Length: > 0 } p ? p : "default";
        try
        {
            return new CredentialProfileStoreChain().TryGetProfile(name, out var profile) && profile.Region is { } region
                ? (name, region.SystemName) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or AmazonClientException) { return null; }
    }

    /// <summary>The SDK's credential chain, resolved now; throws <see cref="PublishRefusedException"/> with what to
    /// set when it finds none or the ones it finds cannot be used (an expired SSO session).</summary>
    public static async Task<AWSCredentials> ResolveAsync(IClientConfig config)
    {
        try
        {
            var credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials(config);
            _ = await credentials.GetCredentialsAsync();
            return credentials;
        }
        catch (Exception e) when (e is AmazonClientException or AmazonServiceException or IOException or HttpRequestException or InvalidOperationException)
        {
            var profile = Environment.GetEnvironmentVariable("AWS_PROFILE") is { Length: > 0 } p ? $" (AWS_PROFILE={p})" : "";
            throw new PublishRefusedException($"no usable AWS credentials{profile}: {Hint}; nothing was read or written");
        }
    }
}
