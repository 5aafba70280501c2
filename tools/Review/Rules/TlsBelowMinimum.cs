namespace EdgeRouter.Review.Rules;

/// <summary>
/// RV009: the distribution's planned viewer TLS policy (<c>minimum_protocol_version</c>) is below the configured
/// minimum: the <c>minimum_protocol_version</c> variable's value in this plan, and never below TLSv1.2_2021, the
/// stack's floor. Only with a certificate of one's own: with CloudFront's default certificate the policy is fixed at
/// TLSv1 by CloudFront (README, "What it builds") and the rule has nothing to check. A policy this rule does not
/// know is a finding too (it cannot prove it is at least the minimum).
/// </summary>
public sealed class TlsBelowMinimum : IReviewRule
{
    /// <summary>CloudFront's viewer security policies, weakest first.</summary>
    public static readonly IReadOnlyList<string> Policies =
        ["SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

    /// <summary>The stack's floor with a certificate of one's own.</summary>
    public const string Floor = "TLSv1.2_2021";

    /// <inheritdoc />
    public string Id => "RV009";

    /// <inheritdoc />
    public string Title => "the viewer TLS policy below the configured minimum";

    /// <inheritdoc />
    public IEnumerable<Finding> Check(PlanDocument plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var configured = plan.Variable("minimum_protocol_version")?.ToString();
        var minimum = configured is not null && Policies.Contains(configured) && Rank(configured) > Rank(Floor) ? configured : Floor;
        foreach (var change in plan.Changes.Where(c => c.Mode == "managed" && c.Type == "aws_cloudfront_distribution"
            && c.Kind is ChangeKind.Create or ChangeKind.Update or ChangeKind.Replace))
        {
            var certificate = PlanValues.Blocks(change.After, "viewer_certificate").FirstOrDefault();
            if (certificate is null || PlanValues.Flag(certificate, "cloudfront_default_certificate") == true
                || PlanValues.Unknown(change.AfterUnknown, "viewer_certificate", 0, "minimum_protocol_version"))
            {
                continue;
            }

            var planned = PlanValues.Text(certificate, "minimum_protocol_version") ?? "(none)";
            if (!Policies.Contains(planned) || Rank(planned) < Rank(minimum))
            {
                yield return new Finding(Id, change.Address,
                    $"The distribution's viewer TLS policy is planned as {planned}, below the minimum {minimum}.",
                    "Viewers could connect with protocol versions and ciphers the configuration rules out (TLS 1.0/1.1, weak suites).",
                    $"Plan with minimum_protocol_version = \"{minimum}\" or stronger, and find what set {planned}.");
            }
        }
    }

    private static int Rank(string policy) => Policies.ToList().IndexOf(policy);
}
