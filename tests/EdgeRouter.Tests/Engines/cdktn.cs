namespace EdgeRouter.Tests;

/// <summary>What the tests expect of the CDK Terrain engine (compiled only with -p:Engine=cdktn).</summary>
internal static class EngineFacts
{
    /// <summary>How the engine writes the AWS provider's source in <c>required_providers</c>.</summary>
    public const string AwsProviderSource = "hashicorp/aws";

    /// <summary>The hashicorp/aws version @cdktn/provider-aws 25.7.0 was generated from.</summary>
    public const string AwsProviderVersion = "6.66.0";
}
