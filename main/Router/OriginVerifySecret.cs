using Constructs;

namespace EdgeRouter.Router;

/// <summary>
/// The shared secret that proves a request to the API came through this distribution (AWS's pattern for
/// restricting a custom origin to CloudFront): CloudFront sends it as the origin custom header
/// <see cref="HeaderName"/>, and the router answers 403 to any request without it, so the API's own
/// <c>execute-api</c> endpoint is useless to anyone who calls it directly.
/// <para>It is made at apply time by Terraform itself, with no provider: a <c>terraform_data</c> resource whose
/// input is two <c>uuid()</c>s (122 random bits each, from Go's crypto/rand) with the hyphens removed, and
/// <c>ignore_changes</c> on that input so that it is drawn once and then kept. Only the expression is in
/// <c>cdk.tf.json</c>; the value lives in the Terraform state (and in the function's configuration), never in the
/// JSON, a plan's text (it is wrapped in <c>sensitive()</c>) or the router's logs. Rotate it with
/// <c>terraform apply -replace=terraform_data.&lt;address&gt;</c>: lookups answer 403 until the distribution's
/// change has reached every edge location (minutes).</para>
/// </summary>
public sealed class OriginVerifySecret : Construct
{
    /// <summary>The origin custom header CloudFront adds to every request to the API (it overrides a viewer's own).</summary>
    public const string HeaderName = "X-Origin-Verify";

    /// <summary>The router's environment variable that holds the expected value.</summary>
    public const string EnvironmentVariable = "ORIGIN_VERIFY_SECRET";

    /// <summary>Length of the value: 64 hexadecimal characters.</summary>
    public const int Length = 64;

    /// <summary>Creates the secret.</summary>
    public OriginVerifySecret(Construct scope, string id) : base(scope, id)
    {
        var data = new DataResource(this, "value", new DataConfig
        {
            Lifecycle = new TerraformResourceLifecycle { IgnoreChanges = new[] { "input" } },
        });
        // DataConfig types input as a map; the secret is a string, so it is written as an override.
        data.AddOverride("input", "${replace(\"${uuid()}${uuid()}\", \"-\", \"\")}");
        Value = $"${{sensitive({data.TerraformResourceType}.{data.FriendlyUniqueId}.output)}}";
    }

    /// <summary>The secret, as a sensitive Terraform expression.</summary>
    public string Value { get; }

    /// <summary>A sensitive output with the secret, for an API the stack does not own (or a test from outside).</summary>
    public void Output(TerraformStack stack, string id)
    {
        _ = new TerraformOutput(stack, id, new TerraformOutputConfig
        {
            Value = Value,
            Sensitive = true,
            Description = $"The value CloudFront sends to the API origin as {HeaderName}; the API must refuse requests without it.",
        });
    }
}
