namespace EdgeRouter.Guardrails;

/// <summary>One rule every synthesized edge must pass.</summary>
public interface IGuardrail
{
    /// <summary>Stable ID, used to waive the rule (e.g. <c>ER001</c>).</summary>
    string Id { get; }

    /// <summary>The Checkov check this rule mirrors, if any (e.g. <c>CKV_AWS_34</c>).</summary>
    string? CheckovId { get; }

    /// <summary>Why the rule exists, in one line.</summary>
    string Reason { get; }

    /// <summary>Every violation in <paramref name="stack"/>; none when it passes.</summary>
    IEnumerable<Violation> Check(SynthesizedStack stack);
}
