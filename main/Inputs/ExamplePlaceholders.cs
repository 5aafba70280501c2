namespace EdgeRouter.Inputs;

/// <summary>
/// The values in <c>terraform.tfvars.example</c> that stand for something only the user has: an ACM certificate and
/// a Route 53 hosted zone. They have the right shape, so every other check passes them, and AWS refuses them only at
/// apply, after the bucket, the router and the policies exist. The variables' validations refuse exactly these
/// values at plan, naming the variable and what to put there. (A test keeps them in step with the example.)
/// </summary>
public static class ExamplePlaceholders
{
    /// <summary>The example's <c>acm_certificate_arn</c>: account 123456789012, AWS's documentation account.</summary>
    public const string CertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d";

    /// <summary>The example's <c>route53_zone_id</c>.</summary>
    public const string HostedZoneId = "Z0123456789ABCDEFGHIJ";
}
