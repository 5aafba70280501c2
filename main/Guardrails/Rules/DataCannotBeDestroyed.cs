using System.Text.Json.Nodes;

namespace EdgeRouter.Guardrails.Rules;

/// <summary>
/// ER011: every bucket has <c>prevent_destroy</c> and no <c>force_destroy</c>, so no plan, however it came about,
/// deletes the site's content or the Terraform state.
/// </summary>
public sealed class DataCannotBeDestroyed : IGuardrail
{
    /// <inheritdoc />
    public string Id => "ER011";

    /// <inheritdoc />
    public string? CheckovId => null;

    /// <inheritdoc />
    public string Reason => "a renamed construct or a mistyped variable must not turn into the deletion of the site or the state";

    /// <inheritdoc />
    public IEnumerable<Violation> Check(SynthesizedStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        foreach (var (name, bucket) in stack.Resources("aws_s3_bucket"))
        {
            if (bucket["lifecycle"]?["prevent_destroy"] is not JsonValue value || !value.TryGetValue(out bool on) || !on)
            {
                yield return new Violation(Id, $"aws_s3_bucket.{name}", "lacks lifecycle.prevent_destroy",
                    "set Lifecycle = new TerraformResourceLifecycle { PreventDestroy = true }");
            }

            if (bucket["force_destroy"] is JsonValue force && force.TryGetValue(out bool forced) && forced)
            {
                yield return new Violation(Id, $"aws_s3_bucket.{name}", "has force_destroy = true", "set force_destroy to false");
            }
        }
    }
}
