namespace EdgeRouter.Guardrails.Rules;

/// <summary>ER010: every log group has a retention period, and every Lambda logs into a group the stack owns.</summary>
public sealed class LogsExpire : IGuardrail
{
    /// <inheritdoc />
    public string Id => "ER010";

    /// <inheritdoc />
    public string? CheckovId => "CKV_AWS_338";

    /// <inheritdoc />
    public string Reason => "logs kept forever cost money forever and keep personal data (IPs, account names) longer than needed";

    /// <inheritdoc />
    public IEnumerable<Violation> Check(SynthesizedStack stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var groups = stack.Resources("aws_cloudwatch_log_group").ToList();
        foreach (var (name, group) in groups)
        {
            if (group["retention_in_days"] is null || group["retention_in_days"]!.ToString() == "0")
            {
                yield return new Violation(Id, $"aws_cloudwatch_log_group.{name}", "has no retention period",
                    "set retention_in_days");
            }
        }

        foreach (var (name, function) in stack.Resources("aws_lambda_function"))
        {
            var target = function["logging_config"]?["log_group"];
            if (!groups.Any(g => SynthesizedStack.RefersTo(target, $"aws_cloudwatch_log_group.{g.Key}")))
            {
                yield return new Violation(Id, $"aws_lambda_function.{name}", "logs to a group the stack does not create",
                    "create an aws_cloudwatch_log_group with a retention period and set logging_config.log_group to it");
            }
        }
    }
}
