namespace EdgeRouter.Tests;

/// <summary>What the tests expect of the CDK for Terraform engine (compiled only with -p:Engine=cdktf).</summary>
internal static class EngineFacts
{
    /// <summary>How the engine writes the AWS provider's source in <c>required_providers</c> (Terraform reads "aws" as hashicorp/aws).</summary>
    public const string AwsProviderSource = "aws";

    /// <summary>The hashicorp/aws version @cdktf/provider-aws 21.22.1 was generated from (the last one it will get).</summary>
    public const string AwsProviderVersion = "6.25.0";
}
