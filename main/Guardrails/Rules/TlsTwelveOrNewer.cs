using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EdgeRouter.Guardrails.Rules;

/// <summary>
/// ER007: TLS 1.2 or newer, to viewers and to custom origins. A viewer policy may come from a variable when that
/// variable's validation admits only TLS 1.2+ policies. The one exception is the branch taken with CloudFront's
/// own <c>*.cloudfront.net</c> certificate, for which CloudFront fixes the policy at TLSv1 whatever is asked:
/// set <c>acm_certificate_arn</c> for a site that must refuse older clients.
/// </summary>
public sealed partial class TlsTwelveOrNewer : IGuardrail
{
    /// <inheritdoc />
    public string Id => "ER007";

    /// <inheritdoc />
    public string? CheckovId => "CKV_AWS_174";

    /// <inheritdoc />
    public string Reason => "TLS 1.0 and 1.1 are broken and deprecated (RFC 8996)";

    /// <inheritdoc />
    public IEnumerable<Violation> Check(SynthesizedStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        foreach (var (name, distribution) in stack.Resources("aws_cloudfront_distribution"))
        {
            var address = $"aws_cloudfront_distribution.{name}";
            var certificate = distribution["viewer_certificate"];
            var policy = certificate?["minimum_protocol_version"]?.ToString() ?? "TLSv1";
            var defaultCertificate = certificate?["cloudfront_default_certificate"]?.ToString() ?? "";

            // "${C ? "TLSv1" : X}" where cloudfront_default_certificate is "${C}": judge X, the custom-certificate branch.
            var branch = DefaultCertificateBranch().Match(policy);
            if (branch.Success && defaultCertificate == "${" + branch.Groups["condition"].Value + "}")
            {
                policy = branch.Groups["custom"].Value;
            }
            else if (defaultCertificate is "true" or "True")
            {
                continue; // CloudFront's own certificate: the policy is CloudFront's, see the class comment.
            }

            if (!IsTls12OrNewer(policy, stack))
            {
                yield return new Violation(Id, $"{address}.viewer_certificate", $"minimum_protocol_version {policy} allows TLS older than 1.2",
                    "use TLSv1.2_2021 or newer (or a variable whose validation allows only those)");
            }

            foreach (var origin in SynthesizedStack.Blocks(distribution["origin"]))
            {
                var protocols = origin["custom_origin_config"]?["origin_ssl_protocols"] as JsonArray;
                var old = protocols?.Select(p => p?.ToString()).Where(p => p is not "TLSv1.2").ToList() ?? [];
                if (old.Count > 0)
                {
                    yield return new Violation(Id, $"{address}.origin[{origin["origin_id"]}]",
                        $"origin_ssl_protocols allows {string.Join(", ", old)}", "allow only TLSv1.2");
                }
            }
        }
    }

    private static bool IsTls12OrNewer(string policy, SynthesizedStack stack)
    {
        var literal = policy.Trim('"');
        if (literal.StartsWith("TLSv1.2_", StringComparison.Ordinal) || literal.StartsWith("TLSv1.3", StringComparison.Ordinal))
        {
            return true;
        }

        var variable = VariableReference().Match(policy);
        if (!variable.Success)
        {
            return false;
        }

        var name = variable.Groups["name"].Value;
        return SynthesizedStack.Blocks(stack.Document["variable"]?[name]?["validation"])
            .Select(v => AllowedValues().Match(v["condition"]?.ToString() ?? ""))
            .Any(m => m.Success && m.Groups["name"].Value == name &&
                QuotedValue().Matches(m.Groups["values"].Value).All(q => IsTls12OrNewer(q.Groups[1].Value, stack)));
    }

    [GeneratedRegex("""^\$\{(?<condition>.+) \? "TLSv1" : (?<custom>.+)\}$""")]
    private static partial Regex DefaultCertificateBranch();

    [GeneratedRegex(@"^(\$\{)?var\.(?<name>[a-z0-9_]+)\}?$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\$\{contains\(\[(?<values>[^\]]*)\], var\.(?<name>[a-z0-9_]+)\)\}$")]
    private static partial Regex AllowedValues();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex QuotedValue();
}
