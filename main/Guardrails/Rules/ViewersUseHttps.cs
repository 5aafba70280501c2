namespace EdgeRouter.Guardrails.Rules;

/// <summary>ER006: every behaviour sends viewers to HTTPS (redirect-to-https or https-only).</summary>
public sealed class ViewersUseHttps : IGuardrail
{
    /// <inheritdoc />
    public string Id => "ER006";

    /// <inheritdoc />
    public string? CheckovId => "CKV_AWS_34";

    /// <inheritdoc />
    public string Reason => "lookups and pages must not travel in clear text";

    /// <inheritdoc />
    public IEnumerable<Violation> Check(SynthesizedStack stack) =>
        Behaviour.All(stack)
            .Where(b => b.Block["viewer_protocol_policy"]?.ToString() is not ("redirect-to-https" or "https-only"))
            .Select(b => new Violation(Id, b.Where, $"viewer_protocol_policy is {b.Block["viewer_protocol_policy"]}",
                "use redirect-to-https (or https-only)"));
}
